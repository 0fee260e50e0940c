import type { MessageAttachment } from '@keeper/bot';
import type {
  AudienceFilter,
  BroadcastContent,
  ContentIssue,
  ExclusionReason,
  OwnerPolicy,
  ReceiveRule,
} from '@keeper/shared';
import type { AuthUser } from '../../http/context';

/** One customer of an audience, with the owner whose WeCom task it goes in. */
export interface AudienceMember {
  externalUserId: string;
  senderUserId: string;
}

/** Whose customers an audience may reach: the members of these departments (sub-trees included), or all. */
export type AudienceScope = 'all' | readonly string[];

/** The customers a filter matches within a scope, each once with its sender (the customers module answers). */
export interface AudienceSource {
  count(
    filter: AudienceFilter,
    policy: OwnerPolicy,
    scope: AudienceScope,
  ): Promise<{ customers: number; merged: number; senders: number }>;
  resolve(
    filter: AudienceFilter,
    policy: OwnerPolicy,
    scope: AudienceScope,
  ): Promise<{ recipients: AudienceMember[]; merged: number }>;
}

/** Who the corp's receive rule or a campaign's own guard would keep out, from Keeper's history. */
export interface FrequencyEstimator {
  estimate(
    externalUserIds: string[],
    options: { rule: ReceiveRule; recentDays: number | null; now: Date; excludeCampaignId?: number },
  ): Promise<Map<string, ExclusionReason>>;
}

/** WeCom attachments for materials, uploaded (again) where their media is missing or about to run out. */
export interface AttachmentSource {
  attachmentsFor(materialIds: number[]): Promise<MessageAttachment[]>;
}

/** Problems in a campaign's content, before it goes (limits, missing materials, audit rules). */
export interface ContentChecker {
  check(content: BroadcastContent): Promise<ContentIssue[]>;
}

/** A saved segment's filter, for a campaign started from it (the viewer must be allowed to use the segment). */
export interface SegmentsLookup {
  filterOf(segmentId: string, viewer: Pick<AuthUser, 'username' | 'scope'>): Promise<AudienceFilter>;
}
