import type { CorpState } from './corp-state.js';
import type { Follow, TransferKind, TransferRecord } from './types.js';

/** What happened when a waiting transfer came due; the caller turns it into callbacks. */
export type SettledTransfer =
  | {
      outcome: 'done';
      record: TransferRecord;
      /** The takeover member already followed the customer: WeCom sends no add callback then. */
      takeoverAlreadyFollowed: boolean;
    }
  /** The takeover reached its customer limit meanwhile: status 4 and transfer_fail customer_limit_exceed. */
  | { outcome: 'limit'; record: TransferRecord };

const DAY = 86_400;
const NINETY_DAYS = 90 * DAY;
/** A departed member's customers and groups can be handed over for a year after the departure. */
export const RESIGNED_TRANSFER_WINDOW_SEC = 365 * DAY;
/** groupchat/transfer and groupchat/onjob_transfer move at most this many groups of one old owner a day. */
export const GROUPS_PER_OWNER_PER_DAY = 300;
/** Customers and groups: at most this many on-duty transfers in 90 days (40128). */
export const ONJOB_TRANSFERS_PER_90_DAYS = 2;

/** WeCom's days are China's calendar days (UTC+8), not 24 h windows. */
export function shanghaiDay(sec: number): number {
  return Math.floor((sec + 8 * 3600) / DAY);
}

/** On-duty transfers of this customer started in the last 90 days (the limit is 2: 40128). */
export function recentOnJobTransfers(state: CorpState, externalUserId: string, now: number): number {
  return state.transfers.filter(
    (t) =>
      t.kind === 'onjob' &&
      t.external_userid === externalUserId &&
      t.status !== 5 &&
      now - t.startedAt < NINETY_DAYS,
  ).length;
}

/** On-duty owner changes of this group in the last 90 days. */
export function recentOnJobGroupTransfers(state: CorpState, chatId: string, now: number): number {
  return state.groupTransfers.filter(
    (t) => t.kind === 'onjob' && t.chat_id === chatId && now - t.at < NINETY_DAYS,
  ).length;
}

/** Groups of this old owner moved (by either group API) on the simulator clock's current day. */
export function groupsMovedToday(state: CorpState, oldOwner: string, now: number): number {
  const today = shanghaiDay(now);
  return state.groupTransfers.filter((t) => t.old_owner === oldOwner && shanghaiDay(t.at) === today).length;
}

export function recordGroupTransfer(
  state: CorpState,
  kind: TransferKind,
  chatId: string,
  oldOwner: string,
  newOwner: string,
  now: number,
): void {
  state.groupTransfers.push({ kind, chat_id: chatId, old_owner: oldOwner, new_owner: newOwner, at: now });
}

export function waitingTransfer(state: CorpState, externalUserId: string): TransferRecord | undefined {
  return state.transfers.find((t) => t.external_userid === externalUserId && t.status === 2);
}

/** True when the member cannot take one more customer. */
export function atCustomerLimit(state: CorpState, userid: string): boolean {
  const limit = state.directory.staff.get(userid)?.customerLimit;
  return limit !== undefined && state.customers.followsOfUser(userid).length >= limit;
}

/** Moves the relation to the takeover member, keeping remark and tags as WeCom does on a handover. */
export function completeTransfer(state: CorpState, record: TransferRecord, now: number): SettledTransfer {
  const old = state.customers.removeFollow(record.handover_userid, record.external_userid);
  const existing = state.customers.follow(record.takeover_userid, record.external_userid);
  if (!existing && old) {
    const moved: Follow = {
      ...old,
      userid: record.takeover_userid,
      createtime: now,
      oper_userid: record.handover_userid,
      tagIds: [...old.tagIds],
      remark_mobiles: [...old.remark_mobiles],
    };
    state.customers.putFollow(moved);
  }
  record.status = 1;
  record.takeover_time = now;
  return { outcome: 'done', record, takeoverAlreadyFollowed: existing !== undefined };
}

/**
 * Settles every waiting transfer whose takeover time has come (WeCom: 24 h after the call unless the customer
 * refused meanwhile). A takeover at its customer limit by then gets status 4 instead; the customer stays.
 */
export function settleDueTransfers(state: CorpState, now: number): SettledTransfer[] {
  const settled: SettledTransfer[] = [];
  for (const record of state.transfers) {
    if (record.status !== 2 || now < record.takeover_time) continue;
    if (!state.customers.follow(record.handover_userid, record.external_userid)) {
      // The relation vanished while waiting (someone deleted someone): nothing left to transfer.
      record.status = 5;
      record.takeover_time = 0;
      continue;
    }
    const alreadyFollows = state.customers.follow(record.takeover_userid, record.external_userid);
    if (!alreadyFollows && atCustomerLimit(state, record.takeover_userid)) {
      record.status = 4;
      record.takeover_time = 0;
      settled.push({ outcome: 'limit', record });
      continue;
    }
    settled.push(completeTransfer(state, record, record.takeover_time));
  }
  return settled;
}
