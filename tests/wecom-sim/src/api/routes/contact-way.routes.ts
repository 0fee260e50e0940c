import type { ContactWay } from '../../corp/types.js';
import { contactWayQrUrl } from '../qrcode-routes.js';
import { WecomError } from '../errors.js';
import { decodeCursor, encodeCursor, type Params, utf8Bytes } from '../params.js';
import type { ApiContext, ApiRoute } from '../route.js';

function contactWayOr(c: ApiContext): ContactWay {
  const id = c.body.str('config_id');
  const way = c.sim.state.contactWays.get(id);
  if (!way) throw new WecomError(41044, `config_id ${id}`);
  return way;
}

/** Applies the editable fields of add/update_contact_way, with WeCom's length rules. */
function applyFields(c: ApiContext, way: ContactWay, body: Params): void {
  const state = c.sim.state;
  if (body.has('style')) way.style = body.int('style');
  const remark = body.optStr('remark', 30);
  if (remark !== undefined) way.remark = remark;
  if (body.raw('skip_verify') !== undefined) way.skip_verify = body.bool('skip_verify');
  const st = body.optStr('state', 30);
  if (st !== undefined) way.state = st;
  if (body.raw('user') !== undefined) way.user = body.strList('user', { max: 100 });
  if (body.raw('party') !== undefined) way.party = body.strList('party', { max: 100 }).map(Number);
  if (body.has('expires_in')) way.expires_in = body.int('expires_in');
  if (body.has('chat_expires_in')) way.chat_expires_in = body.int('chat_expires_in');
  const unionid = body.optStr('unionid');
  if (unionid) way.unionid = unionid;
  const conclusions = body.raw('conclusions');
  if (conclusions && typeof conclusions === 'object')
    way.conclusions = conclusions as Record<string, unknown>;
  for (const u of way.user) if (!state.directory.member(u)) throw new WecomError(40003, `user ${u}`);
  for (const p of way.party)
    if (!state.directory.departments.has(p)) throw new WecomError(60123, `party ${p}`);
  if (way.user.length === 0 && way.party.length === 0) throw new WecomError(40058, 'user or party required');
  if (way.type === 1 && (way.user.length !== 1 || way.party.length > 0))
    throw new WecomError(40058, 'type 1 takes exactly one user');
}

function view(way: ContactWay): Record<string, unknown> {
  const { create_time: _created, ...rest } = way;
  return rest;
}

export const contactWayRoutes: ApiRoute[] = [
  {
    method: 'POST',
    path: 'externalcontact/add_contact_way',
    scope: 'contact',
    handle(c) {
      const { sim, body } = c;
      const type = body.int('type');
      const scene = body.int('scene');
      if (type !== 1 && type !== 2) throw new WecomError(40058, 'type must be 1 or 2');
      if (scene !== 1 && scene !== 2) throw new WecomError(40058, 'scene must be 1 or 2');
      const way: ContactWay = {
        config_id: sim.state.ids.configId(),
        type,
        scene,
        remark: '',
        skip_verify: true,
        state: '',
        user: [],
        party: [],
        is_temp: body.bool('is_temp'),
        create_time: sim.clock.nowSec(),
      };
      applyFields(c, way, body);
      if (scene === 2) way.qr_code = contactWayQrUrl(sim, way.config_id);
      sim.state.contactWays.set(way.config_id, way);
      return { config_id: way.config_id, ...(way.qr_code ? { qr_code: way.qr_code } : {}) };
    },
  },
  {
    method: 'POST',
    path: 'externalcontact/get_contact_way',
    scope: 'contact',
    handle(c) {
      return { contact_way: view(contactWayOr(c)) };
    },
  },
  {
    method: 'POST',
    path: 'externalcontact/update_contact_way',
    scope: 'contact',
    handle(c) {
      const way = contactWayOr(c);
      const draft = { ...way, user: [...way.user], party: [...way.party] };
      applyFields(c, draft, c.body);
      Object.assign(way, draft);
      return {};
    },
  },
  {
    method: 'POST',
    path: 'externalcontact/del_contact_way',
    scope: 'contact',
    handle(c) {
      c.sim.state.contactWays.delete(contactWayOr(c).config_id);
      return {};
    },
  },
  {
    method: 'POST',
    path: 'externalcontact/list_contact_way',
    scope: 'contact',
    handle({ sim, body }) {
      const now = sim.clock.nowSec();
      const end = body.int('end_time', now);
      const start = body.int('start_time', end - 90 * 86_400);
      const limit = body.int('limit', 100);
      if (limit < 1 || limit > 1000) throw new WecomError(40058, 'limit must be 1..1000');
      const rows = [...sim.state.contactWays.values()]
        .filter((w) => w.create_time >= start && w.create_time <= end)
        .sort((a, b) => a.create_time - b.create_time);
      const offset = decodeCursor(body.optStr('cursor'));
      return {
        contact_way: rows.slice(offset, offset + limit).map((w) => ({ config_id: w.config_id })),
        next_cursor: offset + limit < rows.length ? encodeCursor(offset + limit) : '',
      };
    },
  },
  {
    method: 'POST',
    path: 'externalcontact/send_welcome_msg',
    scope: 'contact',
    handle({ sim, body }) {
      const state = sim.state;
      const code = state.welcomeCodes.get(body.str('welcome_code'));
      const now = sim.clock.nowSec();
      if (!code || now - code.issuedAt > sim.config.timings.welcomeCodeTtlSec) throw new WecomError(41050);
      if (code.used) throw new WecomError(41096);
      if (code.alreadyChatted) throw new WecomError(41051);
      const text = body.obj('text');
      const content = text?.optStr('content');
      const attachments = body.list('attachments');
      if (attachments.length > 9) throw new WecomError(41064);
      if (!content && attachments.length === 0) throw new WecomError(44004);
      if (content && utf8Bytes(content) > 4000)
        throw new WecomError(45002, 'text.content exceeds 4000 bytes');
      code.used = true;
      state.sentWelcomes.push({
        welcome_code: code.code,
        userid: code.userid,
        external_userid: code.external_userid,
        ...(content ? { text: { content } } : {}),
        attachments,
        sentAt: now,
      });
      // The welcome lands in the conversation, so the archive sees it like any message the member sent.
      if (content) {
        state.chats.append({
          msgid: state.ids.chatMsgId(),
          action: 'send',
          from: code.userid,
          tolist: [code.external_userid],
          roomid: '',
          msgtime: sim.clock.nowMs(),
          msgtype: 'text',
          body: { text: { content } },
        });
        sim.notifier.dataAdded();
      }
      return {};
    },
  },
];
