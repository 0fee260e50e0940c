import { CampaignKind, RecipientState, type ExclusionReason } from '@keeper/shared';
import type { GroupDirectory } from '../groups/group-directory.service';
import type { MemberDirectory } from '../org/member-directory.service';
import type { ScopeService } from '../org/scope.service';
import type { SettingsService } from '../settings/settings.service';
import type { CampaignEntity } from './broadcast.entity';
import type { NewRecipient } from './campaigns.repository';
import type { AudienceScope, AudienceSource, FrequencyEstimator } from './ports';

/** WeCom's task sizes (protocol §6.1): customers per add_msg_template, groups per group task. */
export const CUSTOMERS_PER_TASK = 10_000;
export const GROUPS_PER_TASK = 2_000;
/** message/send takes at most 1,000 members in `touser`. */
export const MEMBERS_PER_NOTICE = 1_000;

export interface ResolvedAudience {
  recipients: NewRecipient[];
  /** Owner relations merged away (customers with several owners receive once). */
  merged: number;
}

/**
 * Turns a campaign's audience into recipients, once, when it is submitted (and for its preview): customers
 * each with the owner whose task they go in, groups with their owner, or members for staff notices; the
 * frequency guard's exclusions marked with their reason. Always within the campaign's recorded scope.
 */
export class CampaignAudience {
  constructor(
    private readonly deps: {
      audience: AudienceSource;
      frequency: FrequencyEstimator;
      members: MemberDirectory;
      groups: GroupDirectory;
      scopes: ScopeService;
      settings: SettingsService;
      now: () => Date;
    },
  ) {}

  async resolve(campaign: CampaignEntity, scope: AudienceScope): Promise<ResolvedAudience> {
    if (campaign.kind === CampaignKind.Customers) return this.customers(campaign, scope);
    if (campaign.kind === CampaignKind.Groups) return this.groupChats(campaign, scope);
    return this.staff(campaign, scope);
  }

  private async customers(campaign: CampaignEntity, scope: AudienceScope): Promise<ResolvedAudience> {
    const filter = campaign.audience;
    if (!filter) return { recipients: [], merged: 0 };
    const { recipients: members, merged } = await this.deps.audience.resolve(
      filter,
      campaign.ownerPolicy,
      scope,
    );
    const { receiveRule } = await this.deps.settings.broadcastSettings();
    const excluded = await this.deps.frequency.estimate(
      members.map((member) => member.externalUserId),
      {
        rule: receiveRule,
        recentDays: campaign.recentDays,
        now: this.deps.now(),
        excludeCampaignId: campaign.id,
      },
    );
    return {
      merged,
      recipients: members.map((member) =>
        recipient(member.externalUserId, member.senderUserId, excluded.get(member.externalUserId)),
      ),
    };
  }

  private async groupChats(campaign: CampaignEntity, scope: AudienceScope): Promise<ResolvedAudience> {
    const audience = campaign.groupAudience;
    if (!audience) return { recipients: [], merged: 0 };
    const owners = await this.membersWithin(scope, audience.ownerIds, audience.ownerDepartmentIds);
    const groups = await this.deps.groups.activeOwnedBy(owners, {
      chatIds: audience.chatIds,
      nameContains: audience.nameContains,
    });
    return {
      merged: 0,
      recipients: groups.map((group) => recipient(group.chatId, group.ownerId, undefined)),
    };
  }

  private async staff(campaign: CampaignEntity, scope: AudienceScope): Promise<ResolvedAudience> {
    const audience = campaign.staffAudience ?? { memberIds: [], departmentIds: [] };
    const members = await this.membersWithin(scope, audience.memberIds, audience.departmentIds);
    return { merged: 0, recipients: members.map((userId) => recipient(userId, null, undefined)) };
  }

  /**
   * Active members chosen by id or department (both empty: everyone), cut to the scope. Departments count with
   * their sub-trees, as everywhere in Keeper.
   */
  private async membersWithin(
    scope: AudienceScope,
    memberIds: string[],
    departmentIds: string[],
  ): Promise<string[]> {
    const inScope = await this.deps.members.activeIn(scope === 'all' ? 'all' : [...scope]);
    if (memberIds.length === 0 && departmentIds.length === 0) return inScope;
    const chosen = new Set(memberIds);
    if (departmentIds.length > 0) {
      const subtrees = await this.deps.scopes.departmentsFor({ scope: { all: false, departmentIds } });
      for (const userId of await this.deps.members.activeIn(subtrees)) chosen.add(userId);
    }
    return inScope.filter((userId) => chosen.has(userId));
  }
}

function recipient(
  targetId: string,
  senderUserId: string | null,
  reason: ExclusionReason | undefined,
): NewRecipient {
  return reason
    ? { targetId, senderUserId, state: RecipientState.Excluded, reason }
    : { targetId, senderUserId, state: RecipientState.Queued, reason: null };
}

/** How many WeCom tasks (or app-message calls) the queued recipients will take. */
export function tasksFor(kind: CampaignEntity['kind'], queuedBySender: Map<string | null, number>): number {
  if (kind === CampaignKind.Staff) {
    const members = [...queuedBySender.values()].reduce((sum, count) => sum + count, 0);
    return Math.ceil(members / MEMBERS_PER_NOTICE);
  }
  const size = kind === CampaignKind.Groups ? GROUPS_PER_TASK : CUSTOMERS_PER_TASK;
  return [...queuedBySender.values()].reduce((sum, count) => sum + Math.ceil(count / size), 0);
}
