import dayjs from 'dayjs';
import {
  REPLANNABLE_STATES,
  type CaseStatus,
  type DeadlineWarning,
  type HandoverCase,
  type HandoverReason,
  type HandoverTotals,
  type ItemState,
} from '@keeper/shared';
import { translate, type MessageKey } from '@/locales';
import { assertUnreachable } from '@/utils/assert-unreachable';

type TagType = 'primary' | 'success' | 'warning' | 'danger' | 'info';

/** A case's page: an on-duty case lives under 在职继承 in the menu, a departure under 离职继承. */
export function caseRoute(handoverCase: Pick<HandoverCase, 'id' | 'kind'>) {
  return {
    name: handoverCase.kind === 'on_job' ? 'handover-on-job-case' : 'handover-case',
    params: { caseId: handoverCase.id },
  };
}

export const CASE_STATUS_TAG: Record<CaseStatus, TagType> = {
  pending: 'warning',
  in_progress: 'primary',
  completed: 'success',
};

export const ITEM_STATE_TAG: Record<ItemState, { type: TagType; effect: 'dark' | 'light' | 'plain' }> = {
  unplanned: { type: 'info', effect: 'plain' },
  skipped: { type: 'info', effect: 'light' },
  planned: { type: 'primary', effect: 'plain' },
  sending: { type: 'primary', effect: 'light' },
  waiting: { type: 'warning', effect: 'light' },
  done: { type: 'success', effect: 'light' },
  refused: { type: 'danger', effect: 'light' },
  receiver_full: { type: 'danger', effect: 'light' },
  no_record: { type: 'danger', effect: 'plain' },
  rejected: { type: 'danger', effect: 'dark' },
};

const DEADLINE_TAG: Record<DeadlineWarning, { type: TagType; effect: 'dark' | 'light' } | null> = {
  none: null,
  month: { type: 'warning', effect: 'light' },
  week: { type: 'danger', effect: 'light' },
  passed: { type: 'danger', effect: 'dark' },
};

/** How near WeCom's one-year deadline is, as a tag's looks; null for no tag (more than 30 days left). */
export function deadlineTag(warning: DeadlineWarning): { type: TagType; effect: 'dark' | 'light' } | null {
  return DEADLINE_TAG[warning];
}

/** The deadline warning in words: how many days are left, or that it has passed. */
export function deadlineText(
  warning: DeadlineWarning,
  deadline: string | null,
  now: Date = new Date(),
): string {
  if (warning === 'none') return '';
  if (warning === 'passed') return translate('handover.deadlinePassed');
  // Whole days left, rounded up: a deadline later today still has one day.
  const days = deadline ? Math.max(0, Math.ceil(dayjs(deadline).diff(now, 'hour', true) / 24)) : 0;
  return translate('handover.deadlineDaysLeft', { n: days });
}

/**
 * Why a customer or group was skipped or could not go, in words. Every reason the contract has is worded here
 * (a forgotten one is a compile error); `wecom_error` names WeCom's errcode.
 */
export function reasonText(reason: HandoverReason | null, errcode: number | null = null): string {
  if (reason === null) return '';
  switch (reason) {
    case 'receiver_follows':
    case 'receiver_inactive':
    case 'receiver_out_of_range':
    case 'receiver_no_permission':
    case 'receiver_unverified':
    case 'receiver_full':
    case 'same_member':
    case 'onjob_limit':
    case 'not_follower':
    case 'not_departed':
    case 'deadline_passed':
    case 'in_transfer':
    case 'unknown_customer':
    case 'group_unavailable':
      return translate(`handoverReason.${reason}`);
    case 'wecom_error':
      return errcode === null
        ? translate('handoverReason.wecom_error_unknown')
        : translate('handoverReason.wecom_error', { errcode });
    default:
      return assertUnreachable(reason);
  }
}

/** One count of the progress: its state, its label and how many customers (or groups) are in it. */
export interface ProgressPart {
  state: ItemState;
  label: MessageKey;
  count: number;
}

/**
 * The states whose counts make up `selected`, in the order the report lists them: first what needed no call or
 * could not go, then what is done, still with WeCom or on its way, then what came back for another receiver.
 */
const SELECTED_PARTS: readonly { state: ItemState; key: keyof HandoverTotals }[] = [
  { state: 'skipped', key: 'skipped' },
  { state: 'rejected', key: 'rejected' },
  { state: 'done', key: 'done' },
  { state: 'waiting', key: 'waiting' },
  { state: 'refused', key: 'refused' },
  { state: 'receiver_full', key: 'receiverFull' },
  { state: 'no_record', key: 'noRecord' },
  { state: 'planned', key: 'planned' },
  { state: 'sending', key: 'sending' },
];

export interface ProgressSummary {
  /** Everything ever planned. */
  selected: number;
  /** Not planned yet (not part of `selected`). */
  unplanned: number;
  /** The parts of `selected`, zero counts included, so the sum can be read off the page. */
  parts: ProgressPart[];
  /** Whether the parts add up to `selected`: the server's counts are checked, not trusted. */
  addsUp: boolean;
  /** Customers (or groups) that have an owner again or needed none, of all of them, in percent. */
  percent: number;
  /** Those a manager can send to another receiver (refused, receiver full, rejected, no record). */
  replannable: number;
}

export function progressSummary(totals: HandoverTotals): ProgressSummary {
  const parts = SELECTED_PARTS.map(({ state, key }) => ({
    state,
    label: `itemState.${state}` as MessageKey,
    count: totals[key],
  }));
  const sum = parts.reduce((acc, part) => acc + part.count, 0);
  const all = totals.selected + totals.unplanned;
  const settled = totals.done + totals.skipped;
  const replannable = parts
    .filter((part) => REPLANNABLE_STATES.includes(part.state))
    .reduce((acc, part) => acc + part.count, 0);
  return {
    selected: totals.selected,
    unplanned: totals.unplanned,
    parts,
    addsUp: sum === totals.selected,
    percent: all ? Math.floor((settled / all) * 100) : 0,
    replannable,
  };
}
