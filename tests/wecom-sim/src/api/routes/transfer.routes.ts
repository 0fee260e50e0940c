import type { CorpState } from '../../corp/corp-state.js';
import { recentOnJobTransfers, waitingTransfer } from '../../corp/transfer-rules.js';
import type { TransferKind } from '../../corp/types.js';
import { WecomError } from '../errors.js';
import { groupOr } from '../lookups.js';
import { decodeCursor, encodeCursor, type Params } from '../params.js';
import type { ApiContext, ApiRoute } from '../route.js';

const RESULT_PAGE = 1000;

/** The per-customer verdict of transfer_customer: 0 = transfer started. */
function customerVerdict(
  state: CorpState,
  kind: TransferKind,
  handover: string,
  ext: string,
  now: number,
): number {
  if (!state.customers.customers.has(ext)) return 40096;
  const follow = state.customers.follow(handover, ext);
  if (!follow || (kind === 'onjob' && follow.deletedByCustomer)) return 40131;
  if (waitingTransfer(state, ext)) return 40129;
  if (kind === 'onjob' && recentOnJobTransfers(state, ext, now) >= 2) return 40128;
  return 0;
}

function transferCustomers(c: ApiContext, kind: TransferKind): Record<string, unknown> {
  const { sim, body } = c;
  const state = sim.state;
  const handover = body.str('handover_userid', 41009);
  const takeover = body.str('takeover_userid', 41009);
  const list = body.strList('external_userid', { max: 100, required: true, missingCode: 41035 });
  if (handover === takeover) throw new WecomError(40130);
  if (kind === 'resigned') {
    if (state.directory.member(handover)) throw new WecomError(40097);
    if (!state.directory.departed(handover)) throw new WecomError(40003, `handover_userid ${handover}`);
  } else if (!state.directory.member(handover)) {
    throw new WecomError(40003, `handover_userid ${handover}`);
  }
  const taker = state.directory.member(takeover);
  if (!taker || taker.status !== 1) throw new WecomError(40003, `takeover_userid ${takeover}`);
  if (!taker.externalContactEnabled)
    throw new WecomError(40143, 'takeover has no customer-contact permission');
  const now = sim.clock.nowSec();
  const message = body.optStr('transfer_success_msg', 200) ?? '';
  const customer = list.map((ext) => {
    const errcode = customerVerdict(state, kind, handover, ext, now);
    if (errcode === 0) {
      state.transfers.push({
        kind,
        handover_userid: handover,
        takeover_userid: takeover,
        external_userid: ext,
        status: 2,
        startedAt: now,
        takeover_time: 0,
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

/** Group transfers happen at once. Resigned: the owner must have left; on-job: the owner must still be here. */
function transferGroups(sim: ApiContext['sim'], body: Params, kind: TransferKind): Record<string, unknown> {
  const state = sim.state;
  const chatIds = body.strList('chat_id_list', { max: 100, required: true });
  const newOwner = body.str('new_owner', 41009);
  const owner = state.directory.member(newOwner);
  if (!owner || owner.status !== 1) throw new WecomError(40003, `new_owner ${newOwner}`);
  const failed: Array<Record<string, unknown>> = [];
  for (const chatId of chatIds) {
    let code = 0;
    try {
      const g = groupOr(state, chatId);
      const ownerLeft = state.directory.departed(g.owner) !== undefined;
      if (kind === 'resigned' && !ownerLeft) code = 90500;
      else if (kind === 'onjob' && ownerLeft) code = 90502;
      else if (g.owner === newOwner) code = 40058;
      else {
        g.owner = newOwner;
        g.transferred = kind === 'resigned';
        if (!g.members.some((m) => m.userid === newOwner)) {
          g.members.push({
            userid: newOwner,
            type: 1,
            join_time: sim.clock.nowSec(),
            join_scene: 1,
            group_nickname: '',
            name: owner.name,
          });
        }
      }
    } catch (err) {
      if (!(err instanceof WecomError)) throw err;
      code = err.errcode;
    }
    if (code !== 0)
      failed.push({
        chat_id: chatId,
        errcode: code,
        errmsg: code === 90500 ? 'the group owner has not resigned' : 'failed',
      });
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
