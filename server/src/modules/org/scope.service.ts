import type { AuthUser } from '../../http/context';
import type { OrgRepository } from './org.repository';
import { departmentsInScope } from './scope';

/** Resolves a viewer's department scope to the full list of department ids it covers. */
export class ScopeService {
  constructor(private readonly org: OrgRepository) {}

  async departmentsFor(viewer: Pick<AuthUser, 'scope'>): Promise<'all' | string[]> {
    if (viewer.scope.all) return 'all';
    return departmentsInScope(viewer.scope, await this.org.liveDepartments());
  }

  /** Whether a member belongs to any department the viewer covers. */
  async coversMember(viewer: Pick<AuthUser, 'scope'>, memberDepartmentIds: string[]): Promise<boolean> {
    const departments = await this.departmentsFor(viewer);
    return departments === 'all' || memberDepartmentIds.some((id) => departments.includes(id));
  }
}
