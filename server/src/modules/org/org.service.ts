import {
  AccessAction,
  maskPhone,
  Permission,
  type Member,
  type MemberListQuery,
  type OrgOverview,
  type Page,
  type SyncRun,
} from '@keeper/shared';
import type { Actor, AuthUser } from '../../http/context';
import type { AccessAuditService } from '../access-audit/access-audit.service';
import { storedFailureIfAny } from '../../jobs/failure';
import type { SyncRunEntity } from '../../jobs/sync-run.entity';
import type { SyncRuns } from '../../jobs/sync-runs';
import { ORG_SYNC_KIND } from './org-sync.service';
import type { MemberEntity } from './org.entity';
import type { OrgRepository } from './org.repository';
import { departmentsInScope } from './scope';

/** The organisation as the console sees it, within the viewer's department scope. */
export class OrgService {
  constructor(
    private readonly repository: OrgRepository,
    private readonly runs: SyncRuns,
    private readonly audit: AccessAuditService,
  ) {}

  /** The live departments, to expand department ids to their sub-trees (departmentsInScope). */
  liveDepartments() {
    return this.repository.liveDepartments();
  }

  async overview(viewer: AuthUser): Promise<OrgOverview> {
    const [departments, memberCounts, lastSync] = await Promise.all([
      this.repository.liveDepartments(),
      this.repository.memberCountsByDepartment(),
      this.runs.latestSyncRun(ORG_SYNC_KIND),
    ]);
    const inScope = departmentsInScope(viewer.scope, departments);
    const visible = inScope === 'all' ? departments : departments.filter((d) => inScope.includes(d.id));
    return {
      departments: visible.map((department) => ({
        id: department.id,
        name: department.name,
        // A visible department whose parent is out of scope shows as a root.
        parentId:
          department.parentId && visible.some((d) => d.id === department.parentId)
            ? department.parentId
            : null,
        order: Number(department.order),
        memberCount: memberCounts.get(department.id) ?? 0,
      })),
      counts: await this.repository.memberCountsByStatus(inScope),
      lastSync: lastSync ? mapSyncRun(lastSync) : null,
    };
  }

  /**
   * Members' mobiles are masked unless the viewer may see phones and did not ask for them masked (a picker);
   * when shown, that is recorded.
   */
  async members(query: MemberListQuery, actor: Actor): Promise<Page<Member>> {
    const inScope = departmentsInScope(actor.user.scope, await this.repository.liveDepartments());
    const { items, total } = await this.repository.listMembers(query, inScope);
    const showPhones = actor.user.permissions.has(Permission.PhonesView) && !query.masked;
    const revealed = showPhones ? items.filter((member) => member.mobile) : [];
    if (revealed.length > 0) {
      await this.audit.record(actor, {
        action: AccessAction.PhoneReveal,
        targetType: 'members',
        detail: { members: revealed.map((member) => member.userId).join(',') },
      });
    }
    return {
      items: items.map((member) => this.map(member, showPhones)),
      total,
      page: query.page,
      pageSize: query.pageSize,
    };
  }

  private map(member: MemberEntity & { departmentIds: string[] }, showPhones: boolean): Member {
    return {
      userId: member.userId,
      name: member.name,
      departmentIds: member.departmentIds.sort(),
      mainDepartmentId: member.mainDepartmentId,
      position: member.position,
      mobile: member.mobile && !showPhones ? maskPhone(member.mobile) : member.mobile,
      status: member.status,
      departedAt: member.departedAt?.toISOString() ?? null,
      updatedAt: member.updatedAt.toISOString(),
    };
  }
}

export function mapSyncRun(run: SyncRunEntity): SyncRun {
  return {
    id: run.id,
    kind: run.kind,
    trigger: run.trigger,
    status: run.status,
    startedAt: run.startedAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
    summary: run.summary
      ? Object.fromEntries(Object.entries(run.summary).map(([key, value]) => [key, Number(value)]))
      : null,
    failure: storedFailureIfAny(run.errorCode, run.errorParams, run.error),
  };
}
