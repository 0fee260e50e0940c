import type { CorpState } from '../../corp/corp-state.js';
import {
  atCustomerLimit,
  GROUPS_PER_OWNER_PER_DAY,
  groupsMovedToday,
  ONJOB_TRANSFERS_PER_90_DAYS,
  recentOnJobGroupTransfers,
  recentOnJobTransfers,
  recordGroupTransfer,
  RESIGNED_TRANSFER_WINDOW_SEC,
  waitingTransfer,
} from '../../corp/transfer-rules.js';
import type { GroupChat, TransferKind } from '../../corp/types.js';
import { WecomError } from '../errors.js';
import { decodeCursor, encodeCursor, type Params } from '../params.js';
import type { ApiContext, ApiRoute } from '../route.js';

const RESULT_PAGE = 1000;

/** The per-customer verdict of transfer_customer: 0 = transfer started (done 24 h later unless refused). */
function customerVerdict(
  state: CorpState,
  kind: TransferKind,
  handover: string,
  takeover: string,
  ext: string,
  now: number,
): number {
  if (!state.customers.customers.has(ext)) return 40096;
  const follow = state.customers.follow(handover, ext);
  if (!follow || (kind === 'onjob' && follow.deletedByCustomer)) return 40131;
  // A repeat after a lost answer lands here too: the first call's transfer is already waiting.
  if (waitingTransfer(state, ext)) return 40129;
  if (kind === 'onjob' && recentOnJobTransfers(state, ext, now) >= ONJOB_TRANSFERS_PER_90_DAYS) return 40128;
  if (!state.customers.follow(takeover, ext) && atCustomerLimit(state, takeover)) return 40099;
  return 0;
}

function transferCustomers(c: ApiContext, kind: TransferKind): Record<string, unknown> {
  const { sim, body } = c;
  const state = sim.state;
  const handover = body.str('handover_userid', 41009);
  const takeover = body.str('takeover_userid', 41009);
  const list = body.strList('external_userid', { max: 100, required: true, missingCode: 41035 });
  if (handover === takeover) throw new WecomError(40130);
  const now = sim.clock.nowSec();
  if (kind === 'resigned') {
    if (state.directory.member(handover)) throw new WecomError(40097);
    const left = state.directory.departed(handover);
    if (!left) throw new WecomError(40003, `handover_userid ${handover}`);
    // WeCom refuses a year after the departure; which code it answers is not documented (unverified).
    if (now - (left.dimissionTime ?? now) > RESIGNED_TRANSFER_WINDOW_SEC)
      throw new WecomError(40097, 'the member left more than a year ago');
  } else if (!state.directory.member(handover)) {
    throw new WecomError(40003, `handover_userid ${handover}`);
  }
  const taker = state.directory.member(takeover);
  if (!taker || taker.status !== 1) throw new WecomError(40003, `takeover_userid ${takeover}`);
  if (!taker.externalContactEnabled)
    throw new WecomError(40143, 'takeover has no customer-contact permission');
  const message = body.optStr('transfer_success_msg', 200) ?? '';
  const customer = list.map((ext) => {
    const errcode = customerVerdict(state, kind, handover, takeover, ext, now);
    if (errcode === 0) {
      state.transfers.push({
        kind,
        handover_userid: handover,
        takeover_userid: takeover,
        external_userid: ext,
        status: 2,
        startedAt: now,
        takeover_time: now + sim.config.timings.transferCompleteAfterSec,
        transfer_success_msg: message,
      });
    }
    return { external_userid: ext, errcode };
  });
  return { customer };
}

function transferResult(c: ApiContext, kind: TransferKind): Record<string, unknown> {
  const { sim, body } = c;
  const handover = body.str('handover_userid', 41009);
  const takeover = body.str('takeover_userid', 41009);
  const rows = sim.state.transfers.filter(
    (t) => t.kind === kind && t.handover_userid === handover && t.takeover_userid === takeover,
  );
  const offset = decodeCursor(body.optStr('cursor'));
  return {
    customer: rows.slice(offset, offset + RESULT_PAGE).map((t) => ({
      external_userid: t.external_userid,
      status: t.status,
      takeover_time: t.takeover_time,
    })),
    next_cursor: offset + RESULT_PAGE < rows.length ? encodeCursor(offset + RESULT_PAGE) : '',
  };
}

/** The per-group verdict of a group transfer: 0 = the owner changed (at once; no wait or consent documented). */
function groupVerdict(
  state: CorpState,
  kind: TransferKind,
  g: GroupChat | undefined,
  newOwner: string,
  now: number,
): number {
  if (!g) return 90501;
  if (g.dismissed) return 49008;
  const left = state.directory.departed(g.owner);
  if (kind === 'resigned') {
    // A repeat after a lost answer: the group was inherited already and its owner is the new one.
    if (!left) return g.transferred ? 90508 : 90500;
    // Not documented which code a year-old departure gets (unverified).
    if (now - (left.dimissionTime ?? now) > RESIGNED_TRANSFER_WINDOW_SEC) return 90500;
  } else if (left) {
    return 90502;
  }
  if (g.owner === newOwner) return 90504;
  if (kind === 'onjob' && recentOnJobGroupTransfers(state, g.chat_id, now) >= ONJOB_TRANSFERS_PER_90_DAYS)
    return 40128;
  // The daily cap per old owner; WeCom's code for it is not documented, a frequency error is assumed.
  if (groupsMovedToday(state, g.owner, now) >= GROUPS_PER_OWNER_PER_DAY) return 45009;
  return 0;
}

const GROUP_ERRMSG: Record<number, string> = {
  40128: 'group transfer count reach limit',
  45009: 'transfer group count of the owner reach daily limit',
  49008: 'the group has been dismissed',
  90500: 'the group owner has not resigned',
  90501: 'not a customer group',
  90502: 'the group owner has resigned',
  90504: 'the group owner is not changed',
  90508: 'the group has been inherited',
};

/** Moves groups one by one; each failure is reported in failed_chat_list, the call itself succeeds. */
function transferGroups(sim: ApiContext['sim'], body: Params, kind: TransferKind): Record<string, unknown> {
  const state = sim.state;
  const chatIds = body.strList('chat_id_list', { max: 100, required: true });
  const newOwner = body.str('new_owner', 41009);
  const owner = state.directory.member(newOwner);
  if (!owner || owner.status !== 1) throw new WecomError(40003, `new_owner ${newOwner}`);
  const now = sim.clock.nowSec();
  const failed: Array<Record<string, unknown>> = [];
  for (const chatId of chatIds) {
    const g = state.groups.get(chatId);
    const code = groupVerdict(state, kind, g, newOwner, now);
    if (code !== 0 || !g) {
      failed.push({ chat_id: chatId, errcode: code, errmsg: GROUP_ERRMSG[code] ?? 'failed' });
      continue;
    }
    recordGroupTransfer(state, kind, chatId, g.owner, newOwner, now);
    g.owner = newOwner;
    // groupchat/list shows an inherited group as status 3; an on-duty move makes it an ordinary group again.
    g.transferred = kind === 'resigned';
    if (!g.members.some((m) => m.userid === newOwner)) {
      g.members.push({
        userid: newOwner,
        type: 1,
        join_time: now,
        join_scene: 1,
        group_nickname: '',
        name: owner.name,
      });
    }
  }
  return { failed_chat_list: failed };
}

export const transferRoutes: ApiRoute[] = [
  {
    method: 'POST',
    path: 'externalcontact/get_unassigned_list',
    scope: 'contact',
    handle({ sim, body }) {
      const state = sim.state;
      const pageSize = body.int('page_size', 1000);
      if (pageSize < 1 || pageSize > 1000) throw new WecomError(40058, 'page_size must be 1..1000');
      const rows = state.customers
        .allFollows()
        .flatMap((f) => {
          const left = state.directory.departed(f.userid);
          return left
            ? [
                {
                  handover_userid: f.userid,
                  external_userid: f.external_userid,
                  dimission_time: left.dimissionTime ?? 0,
                },
              ]
            : [];
        })
        .sort(
          (a, b) => a.dimission_time - b.dimission_time || (a.external_userid < b.external_userid ? -1 : 1),
        );
      const offset = decodeCursor(body.optStr('cursor'));
      const last = offset + pageSize >= rows.length;
      return {
        info: rows.slice(offset, offset + pageSize),
        is_last: last,
        next_cursor: last ? '' : encodeCursor(offset + pageSize),
      };
    },
  },
  {
    method: 'POST',
    path: 'externalcontact/resigned/transfer_customer',
    scope: 'contact',
    handle: (c) => transferCustomers(c, 'resigned'),
  },
  {
    method: 'POST',
    path: 'externalcontact/resigned/transfer_result',
    scope: 'contact',
    handle: (c) => transferResult(c, 'resigned'),
  },
  {
    method: 'POST',
    path: 'externalcontact/transfer_customer',
    scope: 'contact',
    handle: (c) => transferCustomers(c, 'onjob'),
  },
  {
    method: 'POST',
    path: 'externalcontact/transfer_result',
    scope: 'contact',
    handle: (c) => transferResult(c, 'onjob'),
  },
  {
    method: 'POST',
    path: 'externalcontact/groupchat/transfer',
    scope: 'contact',
    handle: (c) => transferGroups(c.sim, c.body, 'resigned'),
  },
  {
    method: 'POST',
    path: 'externalcontact/groupchat/onjob_transfer',
    scope: 'contact',
    handle: (c) => transferGroups(c.sim, c.body, 'onjob'),
  },
];
