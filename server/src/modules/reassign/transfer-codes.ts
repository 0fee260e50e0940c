import { HandoverReason, ItemState } from '@keeper/shared';

/** What a per-customer or per-group errcode from a transfer call means for the item. */
export interface CodeVerdict {
  state: ItemState;
  reason: HandoverReason | null;
}

/**
 * Codes that say WeCom already acted on this very transfer (an answer was lost and it was sent again): the
 * customer is being transferred (40129, 40100) or the group was inherited already (90508) or is being (90507).
 */
const ALREADY_STARTED = new Set([40129, 40100, 90507]);
const ALREADY_DONE_GROUP = new Set([90508]);

const REASONS: ReadonlyMap<number, HandoverReason> = new Map([
  [40096, HandoverReason.UnknownCustomer],
  [40097, HandoverReason.NotDeparted],
  [90500, HandoverReason.NotDeparted],
  [40098, HandoverReason.ReceiverUnverified],
  [40099, HandoverReason.ReceiverFull],
  [40128, HandoverReason.OnJobLimit],
  [40130, HandoverReason.SameMember],
  [40131, HandoverReason.NotFollower],
  [40143, HandoverReason.ReceiverInactive],
  [41054, HandoverReason.ReceiverInactive],
  [60011, HandoverReason.ReceiverOutOfRange],
  [92000, HandoverReason.ReceiverOutOfRange],
  [50002, HandoverReason.ReceiverOutOfRange],
  [84074, HandoverReason.ReceiverNoPermission],
  [610004, HandoverReason.ReceiverNoPermission],
  [90501, HandoverReason.GroupUnavailable],
  [90504, HandoverReason.GroupUnavailable],
  [49008, HandoverReason.GroupUnavailable],
]);

/** A customer's errcode in a transfer_customer answer. */
export function customerVerdict(errcode: number): CodeVerdict {
  if (errcode === 0 || ALREADY_STARTED.has(errcode)) return { state: ItemState.Waiting, reason: null };
  if (errcode === 40099) return { state: ItemState.ReceiverFull, reason: HandoverReason.ReceiverFull };
  return { state: ItemState.Rejected, reason: REASONS.get(errcode) ?? HandoverReason.WeComError };
}

/** A group's errcode in a group transfer's failed_chat_list (absent: done; groups need no consent). */
export function groupVerdict(errcode: number): CodeVerdict {
  if (errcode === 0 || ALREADY_DONE_GROUP.has(errcode) || ALREADY_STARTED.has(errcode))
    return { state: ItemState.Done, reason: null };
  return { state: ItemState.Rejected, reason: REASONS.get(errcode) ?? HandoverReason.WeComError };
}

/** Codes of a whole call that say nothing was done and the same call may go again later. */
export const RETRY_LATER = new Set([45009, 45033, -1]);
/** 45009 on a group call: WeCom's 300 groups of one owner a day are used up. */
export const GROUP_DAILY_LIMIT = 45009;

/** WeCom's transfer_result status → the item's state. */
export function resultState(status: number): ItemState {
  switch (status) {
    case 1:
      return ItemState.Done;
    case 2:
      return ItemState.Waiting;
    case 3:
      return ItemState.Refused;
    case 4:
      return ItemState.ReceiverFull;
    default:
      return ItemState.NoRecord;
  }
}
