import type { MassMessage, MassSendResult } from '../../corp/types.js';
import { WecomError } from '../errors.js';
import { decodeCursor, encodeCursor, utf8Bytes } from '../params.js';
import type { ApiContext, ApiRoute } from '../route.js';
import { isUploadedImageUrl } from './media.routes.js';

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

const ATTACHMENT_TYPES = new Set(['image', 'link', 'miniprogram', 'video', 'file']);

/**
 * Every attachment names a known kind and carries its body (41065 otherwise); an image, video or file names a
 * media_id that exists and has not expired (40007), or, for an image, a pic_url uploadimg gave out.
 */
function checkAttachments(c: ApiContext, attachments: unknown[]): void {
  if (attachments.length > 9) throw new WecomError(41064);
  const now = c.sim.clock.nowSec();
  for (const attachment of attachments) {
    const kind = (attachment as { msgtype?: unknown } | null)?.msgtype;
    const body = typeof kind === 'string' ? (attachment as Record<string, unknown>)[kind] : undefined;
    if (typeof kind !== 'string' || !ATTACHMENT_TYPES.has(kind) || typeof body !== 'object' || !body)
      throw new WecomError(41065, `invalid attachment type ${String(kind)}`);
    const { media_id: mediaId, pic_url: picUrl } = body as { media_id?: unknown; pic_url?: unknown };
    if (kind === 'image' && typeof picUrl === 'string' && !mediaId) {
      if (!isUploadedImageUrl(c.sim, picUrl))
        throw new WecomError(40058, 'pic_url must come from media/uploadimg');
    } else if (kind === 'image' || kind === 'video' || kind === 'file') {
      const media = typeof mediaId === 'string' ? c.sim.media.get(mediaId, now) : undefined;
      if (!media || media.type !== kind) throw new WecomError(40007);
    }
  }
}

/**
 * `tag_filter`: OR within a group, AND across groups. A customer matches through any relation that may send
 * to them (the sender's alone when a sender is set).
 */
function tagFilterOf(c: ApiContext): string[][] | undefined {
  const filter = c.body.obj('tag_filter');
  if (!filter) return undefined;
  const groups = filter.list('group_list').map((group) => {
    const tags = ((group as { tag_list?: unknown }).tag_list ?? []) as unknown[];
    if (!Array.isArray(tags) || tags.length > 100 || tags.some((tag) => typeof tag !== 'string'))
      throw new WecomError(40058, 'tag_filter.group_list[].tag_list must hold at most 100 tag ids');
    return tags as string[];
  });
  return groups.filter((tags) => tags.length > 0);
}

/** When each member last chatted with each customer (ms), from the archive the simulator keeps. */
function lastChats(c: ApiContext): Map<string, number> {
  const last = new Map<string, number>();
  for (const message of c.sim.state.chats.all()) {
    if (message.roomid) continue;
    for (const to of message.tolist) {
      for (const key of [`${message.from}\u0000${to}`, `${to}\u0000${message.from}`])
        last.set(key, Math.max(last.get(key) ?? 0, message.msgtime));
    }
  }
  return last;
}

/**
 * Works out who sends to whom. With a sender, only that member's customers or groups qualify. A customer with
 * several members lands in one task: that of the member who chatted with them last (WeCom's rule), else the
 * first who added them.
 */
function plan(
  c: ApiContext,
  chatType: 'single' | 'group',
  sender: string | undefined,
): { results: MassSendResult[]; fail: string[] } {
  const state = c.sim.state;
  const results: MassSendResult[] = [];
  const fail: string[] = [];
  if (chatType === 'single') {
    const listed = c.body.strList('external_userid', { max: 10_000 });
    const tagGroups = tagFilterOf(c);
    const eligible = (ext: string) =>
      state.customers
        .followsOfCustomer(ext)
        .filter(
          (f) => !f.deletedByCustomer && state.directory.member(f.userid) && (!sender || f.userid === sender),
        );
    const matchesTags = (ext: string) =>
      !tagGroups ||
      eligible(ext).some((f) => tagGroups.every((tags) => tags.some((tag) => f.tagIds.includes(tag))));
    // No list: the customers the tags (or the sender alone) choose.
    const targets =
      listed.length > 0
        ? listed
        : tagGroups || sender
          ? [
              ...new Set(
                (sender ? state.customers.followsOfUser(sender) : state.customers.allFollows()).map(
                  (f) => f.external_userid,
                ),
              ),
            ]
          : [];
    const chats = targets.length > 0 ? lastChats(c) : new Map<string, number>();
    for (const ext of targets) {
      if (!matchesTags(ext)) {
        if (listed.length > 0) fail.push(ext);
        continue;
      }
      const follows = eligible(ext);
      const by = follows.reduce<(typeof follows)[number] | undefined>((best, f) => {
        if (!best) return f;
        const [mine, theirs] = [
          chats.get(`${f.userid}\u0000${ext}`) ?? 0,
          chats.get(`${best.userid}\u0000${ext}`) ?? 0,
        ];
        return mine > theirs || (mine === theirs && f.createtime < best.createtime) ? f : best;
      }, undefined);
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
      checkAttachments(c, attachments);
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
        ...(body.has('allow_select') ? { allow_select: Boolean(body.raw('allow_select')) } : {}),
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
