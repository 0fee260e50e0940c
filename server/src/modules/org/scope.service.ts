import type { AuthUser } from '../../http/context';
import type { OrgRepository } from './org.repository';
import { departmentsInScope } from './scope';

type Viewer = Pick<AuthUser, 'scope'>;

/**
 * Resolves a viewer's department scope and answers whether a target lies within it. Every service that reads
 * or writes something owned by a member or aimed at departments asks here, so the rule lives in one place.
 */
export class ScopeService {
  constructor(private readonly org: OrgRepository) {}

  async departmentsFor(viewer: Viewer): Promise<'all' | string[]> {
    if (viewer.scope.all) return 'all';
    return departmentsInScope(viewer.scope, await this.org.liveDepartments());
  }

  /** Whether a member belongs to any department the viewer covers. */
  async coversMember(viewer: Viewer, memberDepartmentIds: string[]): Promise<boolean> {
    const departments = await this.departmentsFor(viewer);
    return departments === 'all' || memberDepartmentIds.some((id) => departments.includes(id));
  }

  /** The subset of the given members (WeCom userids) that the viewer covers. */
  async membersInScope(viewer: Viewer, userIds: string[]): Promise<Set<string>> {
    const departments = await this.departmentsFor(viewer);
    if (departments === 'all') return new Set(userIds);
    const covered = new Set(departments);
    const memberships = await this.org.departmentsOfMembers(userIds);
    return new Set(userIds.filter((id) => (memberships.get(id) ?? []).some((d) => covered.has(d))));
  }

  /** Every department any of the given members belongs to: where news about them may be told. */
  async departmentsOfMembers(userIds: string[]): Promise<string[]> {
    const memberships = await this.org.departmentsOfMembers(userIds);
    return [...new Set([...memberships.values()].flat())].sort();
  }

  /**
   * Whether every listed department lies within the viewer's scope. An empty list means "the whole corp"
   * (as audit rules use it), which only a corp-wide viewer covers.
   */
  async coversDepartments(viewer: Viewer, departmentIds: readonly string[]): Promise<boolean> {
    const departments = await this.departmentsFor(viewer);
    if (departments === 'all') return true;
    return departmentIds.length > 0 && departmentIds.every((id) => departments.includes(id));
  }
}
