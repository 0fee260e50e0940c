import type { MassMessage, MassSendResult } from '../../corp/types.js';
import { WecomError } from '../errors.js';
import { decodeCursor, encodeCursor, utf8Bytes } from '../params.js';
import type { ApiContext, ApiRoute } from '../route.js';

const MONTH = 31 * 86_400;

function massOr(c: ApiContext, forDispatch = false): MassMessage {
  const msgid = c.body.str('msgid');
  const msg = c.sim.state.massMessages.get(msgid);
  if (!msg) throw new WecomError(40058, `msgid ${msgid} not found`);
  if (forDispatch && c.sim.clock.nowSec() < msg.dispatchedAt) throw new WecomError(41063);
  return msg;
}

function page<T>(c: ApiContext, rows: T[], maxLimit: number): { rows: T[]; next_cursor: string } {
  const limit = c.body.int('limit', maxLimit);
  if (limit < 1 || limit > maxLimit) throw new WecomError(40058, `limit must be 1..${maxLimit}`);
  const offset = decodeCursor(c.body.optStr('cursor'));
  return {
    rows: rows.slice(offset, offset + limit),
    next_cursor: offset + limit < rows.length ? encodeCursor(offset + limit) : '',
  };
}

/** Works out who sends to whom. With a sender, only that member's customers or groups qualify. */
function plan(
  c: ApiContext,
  chatType: 'single' | 'group',
  sender: string | undefined,
): { results: MassSendResult[]; fail: string[] } {
  const state = c.sim.state;
  const results: MassSendResult[] = [];
  const fail: string[] = [];
  if (chatType === 'single') {
    const targets = c.body.strList('external_userid', { max: 10_000 });
    for (const ext of targets) {
      const follows = state.customers
        .followsOfCustomer(ext)
        .filter(
          (f) => !f.deletedByCustomer && state.directory.member(f.userid) && (!sender || f.userid === sender),
        );
      const by = follows[0];
      if (by) results.push({ external_userid: ext, userid: by.userid, status: 0, send_time: 0 });
      else fail.push(ext);
    }
    return { results, fail };
  }
  const chatIds = c.body.strList('chat_id_list', { max: 2000 });
  const groups = chatIds.length > 0 ? chatIds : [...state.groups.keys()];
  for (const id of groups) {
    const g = state.groups.get(id);
    if (g && !g.dismissed && state.directory.member(g.owner) && (!sender || g.owner === sender)) {
      results.push({ chat_id: id, userid: g.owner, status: 0, send_time: 0 });
    } else if (chatIds.length > 0) fail.push(id);
  }
  return { results, fail };
}

export const massMessageRoutes: ApiRoute[] = [
  {
    method: 'POST',
    path: 'externalcontact/add_msg_template',
    scope: 'contact',
    handle(c) {
      const { sim, body } = c;
      const chatType = (body.optStr('chat_type') ?? 'single') as string;
      if (chatType !== 'single' && chatType !== 'group')
        throw new WecomError(40058, 'chat_type must be single or group');
      const sender = body.optStr('sender');
      if (sender && !sim.state.directory.member(sender)) throw new WecomError(40003, `sender ${sender}`);
      if (chatType === 'group' && !sender) throw new WecomError(41009, 'group mass messages need a sender');
      const content = body.obj('text')?.optStr('content');
      const attachments = body.list('attachments');
      if (attachments.length > 9) throw new WecomError(41064);
      if (!content && attachments.length === 0) throw new WecomError(44004);
      if (content && utf8Bytes(content) > 4000)
        throw new WecomError(45002, 'text.content exceeds 4000 bytes');
      const { results, fail } = plan(c, chatType, sender);
      if (results.length === 0) throw new WecomError(41048, undefined, { fail_list: fail });
      const now = sim.clock.nowSec();
      const msg: MassMessage = {
        msgid: sim.state.ids.massMsgId(),
        chat_type: chatType,
        creator: sender ?? '',
        create_type: 0,
        create_time: now,
        ...(content ? { text: { content } } : {}),
        attachments,
        tasks: [...new Set(results.map((r) => r.userid))].map((userid) => ({
          userid,
          status: 0,
          send_time: 0,
        })),
        results,
        cancelled: false,
        reminders: [],
        dispatchedAt: now + sim.config.timings.massDispatchSec,
      };
      sim.state.massMessages.set(msg.msgid, msg);
      return { fail_list: fail, msgid: msg.msgid };
    },
  },
  {
    method: 'POST',
    path: 'externalcontact/get_groupmsg_list_v2',
    scope: 'contact',
    handle(c) {
      const { sim, body } = c;
      const chatType = body.str('chat_type');
      const start = body.int('start_time');
      const end = body.int('end_time');
      if (end < start || end - start > MONTH)
        throw new WecomError(40058, 'time range must be within one month');
      const creator = body.optStr('creator');
      const filterType = body.int('filter_type', 2);
      const rows = [...sim.state.massMessages.values()]
        .filter((m) => m.chat_type === chatType && m.create_time >= start && m.create_time <= end)
        .filter((m) => !creator || m.creator === creator)
        .filter((m) => filterType === 2 || m.create_type === filterType)
        .sort((a, b) => a.create_time - b.create_time);
      const p = page(c, rows, 100);
      return {
        next_cursor: p.next_cursor,
        group_msg_list: p.rows.map((m) => ({
          msgid: m.msgid,
          creator: m.creator,
          create_time: String(m.create_time),
          create_type: m.create_type,
          ...(m.text ? { text: m.text } : {}),
          attachments: m.attachments,
        })),
      };
    },
  },
  {
    method: 'POST',
    path: 'externalcontact/get_groupmsg_task',
    scope: 'contact',
    handle(c) {
      const p = page(c, massOr(c, true).tasks, 1000);
      return { next_cursor: p.next_cursor, task_list: p.rows };
    },
  },
  {
    method: 'POST',
    path: 'externalcontact/get_groupmsg_send_result',
    scope: 'contact',
    handle(c) {
      const msg = massOr(c, true);
      const userid = c.body.str('userid', 41009);
      const p = page(
        c,
        msg.results.filter((r) => r.userid === userid),
        1000,
      );
      return { next_cursor: p.next_cursor, send_list: p.rows };
    },
  },
  {
    method: 'POST',
    path: 'externalcontact/cancel_groupmsg_send',
    scope: 'contact',
    handle(c) {
      const msg = massOr(c);
      if (msg.cancelled) throw new WecomError(41093);
      msg.cancelled = true;
      return {};
    },
  },
  {
    method: 'POST',
    path: 'externalcontact/remind_groupmsg_send',
    scope: 'contact',
    handle(c) {
      const msg = massOr(c);
      if (msg.cancelled) throw new WecomError(41093);
      const now = c.sim.clock.nowSec();
      msg.reminders = msg.reminders.filter((t) => now - t < 86_400);
      if (msg.reminders.length >= 3) throw new WecomError(41094);
      msg.reminders.push(now);
      return {};
    },
  },
];
