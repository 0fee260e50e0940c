import {
  CampaignStatus,
  type Campaign,
  type CampaignStatus as CampaignStatusValue,
  type ContentIssue,
  type ExclusionReason,
  type Funnel,
  type RecipientState,
} from '@keeper/shared';
import { translate, type MessageKey } from '@/locales';
import { assertUnreachable } from '@/utils/assert-unreachable';

type TagType = 'primary' | 'success' | 'warning' | 'danger' | 'info';

export const CAMPAIGN_STATUS_TAG: Record<
  CampaignStatusValue,
  { type: TagType; effect: 'dark' | 'light' | 'plain' }
> = {
  draft: { type: 'info', effect: 'plain' },
  pending_approval: { type: 'warning', effect: 'dark' },
  rejected: { type: 'danger', effect: 'light' },
  scheduled: { type: 'primary', effect: 'plain' },
  submitting: { type: 'primary', effect: 'light' },
  running: { type: 'success', effect: 'light' },
  finished: { type: 'info', effect: 'light' },
  cancelled: { type: 'info', effect: 'plain' },
};

export const RECIPIENT_STATE_TAG: Record<
  RecipientState,
  { type: TagType; effect: 'dark' | 'light' | 'plain' }
> = {
  excluded: { type: 'info', effect: 'plain' },
  queued: { type: 'info', effect: 'light' },
  submitting: { type: 'primary', effect: 'plain' },
  unsendable: { type: 'danger', effect: 'plain' },
  pending: { type: 'warning', effect: 'light' },
  sent: { type: 'success', effect: 'light' },
  not_friend: { type: 'danger', effect: 'light' },
  limit_reached: { type: 'warning', effect: 'plain' },
  failed: { type: 'danger', effect: 'dark' },
};

/** The statuses a marketer may still change the campaign in (the server refuses the others). */
export const EDITABLE_STATUSES: readonly CampaignStatusValue[] = [
  CampaignStatus.Draft,
  CampaignStatus.Rejected,
];

/** Cancel stops a campaign that has not run its course; a draft is deleted instead. */
export const CANCELLABLE_STATUSES: readonly CampaignStatusValue[] = [
  CampaignStatus.PendingApproval,
  CampaignStatus.Scheduled,
  CampaignStatus.Submitting,
  CampaignStatus.Running,
];

/** While WeCom still has tasks whose results move, refreshing and reminding make sense. */
export const LIVE_STATUSES: readonly CampaignStatusValue[] = [
  CampaignStatus.Submitting,
  CampaignStatus.Running,
];

export function isEditable(campaign: Pick<Campaign, 'status'>): boolean {
  return EDITABLE_STATUSES.includes(campaign.status);
}

/** The statuses a campaign is in once its submission to WeCom has begun. */
const SENT_STATUSES: readonly CampaignStatusValue[] = [
  CampaignStatus.Submitting,
  CampaignStatus.Running,
  CampaignStatus.Finished,
  CampaignStatus.Cancelled,
];

/**
 * Whether the campaign went to WeCom (so it has a funnel and recipients): submitted, and in a status after
 * submission. A campaign cancelled while it waited for approval never went.
 */
export function sentToWeCom(campaign: Pick<Campaign, 'status' | 'submittedAt'>): boolean {
  return campaign.submittedAt !== null && SENT_STATUSES.includes(campaign.status);
}

export const EXCLUSION_REASONS: readonly ExclusionReason[] = [
  'receive_rule',
  'recently_reached',
  'sender_inactive',
  'lost',
];

/** One figure of the funnel: what it counts, in words, and how many. */
export interface FunnelPart {
  key: keyof Omit<Funnel, 'excludedByReason'> | `reason.${ExclusionReason}`;
  label: MessageKey;
  count: number;
}

/** What became of the submitted: the five (six for staff notices) ends a recipient can reach. */
const SUBMITTED_PARTS = [
  { key: 'sent', label: 'recipientState.sent' },
  { key: 'notFriend', label: 'recipientState.not_friend' },
  { key: 'limitReached', label: 'recipientState.limit_reached' },
  { key: 'pending', label: 'recipientState.pending' },
  { key: 'unsendable', label: 'recipientState.unsendable' },
  { key: 'failed', label: 'recipientState.failed' },
] as const satisfies readonly { key: keyof Funnel; label: MessageKey }[];

export interface FunnelSummary {
  audience: number;
  excluded: number;
  /** The reasons behind `excluded`, zero counts left out. */
  reasons: FunnelPart[];
  queued: number;
  submitted: number;
  /** The ends of `submitted`, zero counts kept (the page lists every one) except `failed` outside staff notices. */
  outcomes: FunnelPart[];
  /** audience = excluded + queued + submitted, and submitted = the sum of its ends: the server's counts checked. */
  addsUp: boolean;
  /** Sent of submitted, in percent (0 when nothing was submitted). */
  sentPercent: number;
}

export function funnelSummary(funnel: Funnel): FunnelSummary {
  const reasons = EXCLUSION_REASONS.map((reason) => ({
    key: `reason.${reason}` as const,
    label: `exclusionReason.${reason}` as MessageKey,
    count: funnel.excludedByReason[reason] ?? 0,
  })).filter((part) => part.count > 0);
  const outcomes = SUBMITTED_PARTS.filter((part) => part.key !== 'failed' || funnel.failed > 0).map(
    (part) => ({ key: part.key, label: part.label, count: funnel[part.key] }),
  );
  const reasonSum = reasons.reduce((sum, part) => sum + part.count, 0);
  const outcomeSum = SUBMITTED_PARTS.reduce((sum, part) => sum + funnel[part.key], 0);
  const addsUp =
    funnel.audience === funnel.excluded + funnel.queued + funnel.submitted &&
    funnel.submitted === outcomeSum &&
    (reasonSum === 0 || reasonSum === funnel.excluded);
  return {
    audience: funnel.audience,
    excluded: funnel.excluded,
    reasons,
    queued: funnel.queued,
    submitted: funnel.submitted,
    outcomes,
    addsUp,
    sentPercent: funnel.submitted ? Math.floor((funnel.sent / funnel.submitted) * 100) : 0,
  };
}

export function campaignRoute(campaign: Pick<Campaign, 'id'>) {
  return { name: 'marketing-campaign', params: { id: campaign.id } };
}

/** Human file sizes for the materials library (WeCom's limits are in MB). */
export function formatBytes(bytes: number | null): string {
  if (bytes === null) return '—';
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** A content problem in words; an audit rule names the rule and what it matched (already masked). */
export function issueText(issue: ContentIssue): string {
  switch (issue.code) {
    case 'empty':
    case 'text_too_long':
    case 'too_many_attachments':
    case 'material_missing':
      return translate(`contentIssue.${issue.code}`);
    case 'audit_rule':
      return translate('contentIssue.audit_rule', { rule: issue.rule ?? '', excerpt: issue.excerpt ?? '' });
    default:
      return assertUnreachable(issue.code);
  }
}

const COUNT_FORMAT = new Intl.NumberFormat('zh-CN');

/** Counts as the statistics above them show them: 12,200 rather than 12200. */
export function formatCount(count: number): string {
  return COUNT_FORMAT.format(count);
}
