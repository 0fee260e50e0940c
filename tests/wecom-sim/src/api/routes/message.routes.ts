import type { Sim } from '../../sim.js';
import type { OutboxMessage } from '../../corp/types.js';
import { WecomError } from '../errors.js';
import type { Params } from '../params.js';
import { utf8Bytes } from '../params.js';
import type { ApiRoute } from '../route.js';

const MSG_TYPES = new Set([
  'text',
  'image',
  'voice',
  'video',
  'file',
  'textcard',
  'news',
  'mpnews',
  'markdown',
  'miniprogram_notice',
  'template_card',
]);
const DAY = 86_400;

function split(value: string | undefined): string[] {
  return (value ?? '')
    .split('|')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** The msgtype's own object, checked for the limits WeCom enforces on text-like messages. */
function content(body: Params, msgtype: string): unknown {
  const part = body.obj(msgtype);
  if (!part) throw new WecomError(40058, `missing ${msgtype}`);
  if (msgtype === 'text' || msgtype === 'markdown') {
    const text = part.optStr('content');
    if (!text) throw new WecomError(44004);
    if (utf8Bytes(text) > 2048) throw new WecomError(45002, `${msgtype}.content exceeds 2048 bytes`);
  }
  if (msgtype === 'textcard') {
    part.str('title');
    part.str('description');
    part.str('url');
  }
  return body.raw(msgtype);
}

/** Members an app message reaches: named users, department members (with sub-departments), or @all. */
function recipients(
  sim: Sim,
  users: string[],
  parties: string[],
): { reached: string[]; invalidUsers: string[]; invalidParties: string[] } {
  const dir = sim.state.directory;
  const active = (u: string) => dir.member(u)?.status === 1;
  if (users.includes('@all'))
    return {
      reached: dir
        .members()
        .filter((s) => s.status === 1)
        .map((s) => s.userid),
      invalidUsers: [],
      invalidParties: [],
    };
  const invalidUsers = users.filter((u) => !active(u));
  const invalidParties = parties.filter((p) => !dir.departments.has(Number(p)));
  const fromParties = parties
    .filter((p) => dir.departments.has(Number(p)))
    .flatMap((p) =>
      dir
        .membersOf(dir.subtree(Number(p)))
        .filter((s) => s.status === 1)
        .map((s) => s.userid),
    );
  return { reached: [...new Set([...users.filter(active), ...fromParties])], invalidUsers, invalidParties };
}

function isDuplicate(sim: Sim, m: OutboxMessage, interval: number): boolean {
  const key = JSON.stringify([m.msgtype, m.content, m.touser]);
  return sim.state.outbox.some(
    (o) =>
      !o.duplicate &&
      m.sentAt - o.sentAt < interval &&
      JSON.stringify([o.msgtype, o.content, o.touser]) === key,
  );
}

export const messageRoutes: ApiRoute[] = [
  {
    method: 'POST',
    path: 'message/send',
    scope: 'agent',
    handle({ sim, body }) {
      const agentid = body.int('agentid');
      if (agentid !== sim.config.agentId) throw new WecomError(40056);
      const users = split(body.optStr('touser'));
      const parties = split(body.optStr('toparty'));
      const tags = split(body.optStr('totag'));
      if (users.length + parties.length + tags.length === 0) throw new WecomError(82001);
      if (users.length > 1000 || parties.length > 100 || tags.length > 100)
        throw new WecomError(40058, 'too many recipients');
      const msgtype = body.str('msgtype');
      if (!MSG_TYPES.has(msgtype)) throw new WecomError(40008);
      const payload = content(body, msgtype);
      const { reached, invalidUsers, invalidParties } = recipients(sim, users, parties);
      // The simulated corp has no member tags: every tag is invalid.
      if (reached.length === 0)
        throw new WecomError(81013, undefined, {
          invaliduser: invalidUsers.join('|'),
          invalidparty: invalidParties.join('|'),
          invalidtag: tags.join('|'),
        });
      const now = sim.clock.nowSec();
      const limits = sim.config.limits;
      const dropped = reached.filter(
        (u) =>
          !sim.memberMessageLimiter.hit(`msg:${u}`, [
            [60, limits.appMessagesPerMemberPerMinute],
            [3600, limits.appMessagesPerMemberPerHour],
          ]),
      );
      const message: OutboxMessage = {
        msgid: sim.state.ids.appMsgId(),
        agentid,
        msgtype,
        touser: reached,
        toparty: parties,
        totag: tags,
        content: payload,
        sentAt: now,
        recalled: false,
        duplicate: false,
        droppedFor: dropped,
      };
      if (body.int('enable_duplicate_check', 0) === 1) {
        message.duplicate = isDuplicate(
          sim,
          message,
          Math.min(body.int('duplicate_check_interval', 1800), 4 * 3600),
        );
      }
      sim.state.outbox.push(message);
      return {
        invaliduser: invalidUsers.join('|'),
        invalidparty: invalidParties.join('|'),
        invalidtag: tags.join('|'),
        unlicenseduser: '',
        msgid: message.msgid,
        response_code: '',
      };
    },
  },
  {
    method: 'POST',
    path: 'message/recall',
    scope: 'agent',
    handle({ sim, body }) {
      const msgid = body.str('msgid');
      const message = sim.state.outbox.find((m) => m.msgid === msgid);
      if (!message) throw new WecomError(40058, `msgid ${msgid} not found`);
      if (sim.clock.nowSec() - message.sentAt > DAY)
        throw new WecomError(40058, 'messages can be recalled within 24 hours');
      message.recalled = true;
      return {};
    },
  },
];
