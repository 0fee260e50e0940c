import type { CorpState } from './corp-state.js';
import type { Follow, TransferRecord } from './types.js';

/** What happened when a waiting transfer settled; the caller turns it into callbacks. */
export interface SettledTransfer {
  record: TransferRecord;
  /** The takeover member already followed the customer: WeCom sends no add callback then. */
  takeoverAlreadyFollowed: boolean;
}

const NINETY_DAYS = 90 * 86_400;

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

export function waitingTransfer(state: CorpState, externalUserId: string): TransferRecord | undefined {
  return state.transfers.find((t) => t.external_userid === externalUserId && t.status === 2);
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
  return { record, takeoverAlreadyFollowed: existing !== undefined };
}

/** Completes every waiting transfer older than `afterSec` (WeCom: 24 h unless the customer refuses). */
export function settleDueTransfers(state: CorpState, now: number, afterSec: number): SettledTransfer[] {
  const settled: SettledTransfer[] = [];
  for (const record of state.transfers) {
    if (record.status !== 2 || now < record.startedAt + afterSec) continue;
    if (!state.customers.follow(record.handover_userid, record.external_userid)) {
      // The relation vanished while waiting (someone deleted someone): nothing left to transfer.
      record.status = 5;
      continue;
    }
    settled.push(completeTransfer(state, record, record.startedAt + afterSec));
  }
  return settled;
}
