import { z } from 'zod';
import { completeMediaBody } from '../corp/chat-media.js';
import { violationText } from '../corp/violation-texts.js';
import type { ChatMessage } from '../corp/types.js';
import type { Sim } from '../sim.js';
import { notFound, ScenarioError } from './scenario-error.js';

const messageInput = z.union([
  z.object({ msgtype: z.literal('text'), content: z.string().min(1) }),
  /**
   * Any other msgtype, with its type-specific object as `body` (e.g. `{image: {…}}`); media types get a
   * sdkfileid, md5sum and size filled in when left out.
   */
  z.object({ msgtype: z.string().min(1), body: z.record(z.string(), z.unknown()) }),
]);

export const chatInput = z.object({
  from: z.string().min(1),
  /** Receivers of a one-to-one chat; for a group (roomid) the other members are used when omitted. */
  to: z.array(z.string()).default([]),
  roomid: z.string().default(''),
  messages: z.array(messageInput).min(1),
});

function receivers(sim: Sim, from: string, to: string[], roomid: string): string[] {
  const state = sim.state;
  const known = (id: string) => state.directory.staff.has(id) || state.customers.customers.has(id);
  if (!known(from)) throw notFound(`sender ${from}`);
  if (roomid) {
    const g = state.groups.get(roomid);
    if (!g) throw notFound(`group ${roomid}`);
    return to.length > 0 ? to : g.members.map((m) => m.userid).filter((id) => id !== from);
  }
  if (to.length === 0) throw new ScenarioError(400, 'to is required for a one-to-one chat');
  for (const id of to) if (!known(id)) throw notFound(`receiver ${id}`);
  return to;
}

/** People chat: the messages land in the archive (next seqs) and msgaudit_notify follows, throttled. */
export function chat(sim: Sim, raw: z.input<typeof chatInput>): { messages: ChatMessage[] } {
  const input = chatInput.parse(raw);
  const tolist = receivers(sim, input.from, input.to, input.roomid);
  const state = sim.state;
  const messages = input.messages.map((m) => {
    const { body, fixture } =
      'content' in m
        ? { body: { text: { content: m.content } }, fixture: undefined }
        : completeMediaBody(state.rng, m.msgtype, m.body);
    return state.chats.append({
      msgid: state.ids.chatMsgId(),
      action: 'send',
      from: input.from,
      tolist,
      roomid: input.roomid,
      msgtime: sim.clock.nowMs(),
      msgtype: m.msgtype,
      body,
      ...(fixture ? { mediaFixture: fixture } : {}),
    });
  });
  sim.notifier.dataAdded();
  return { messages };
}

export const violationInput = z.object({
  userid: z.string().min(1),
  external_userid: z.string().min(1),
  kind: z.enum(['private_wechat', 'bank_card', 'private_payment']).default('private_wechat'),
});

/** A member tries to take the customer private: a message an audit rule must flag. */
export function chatViolation(sim: Sim, raw: z.input<typeof violationInput>): { messages: ChatMessage[] } {
  const input = violationInput.parse(raw);
  if (!sim.state.customers.follow(input.userid, input.external_userid)) {
    throw new ScenarioError(404, `${input.userid} does not follow ${input.external_userid}`);
  }
  const content = violationText(sim.state.rng, input.kind);
  return chat(sim, {
    from: input.userid,
    to: [input.external_userid],
    messages: [{ msgtype: 'text', content }],
  });
}

export const recallInput = z.object({ msgid: z.string().min(1) });

/** The sender recalls a message: a `revoke` message with action `recall` pointing at it. */
export function chatRecall(sim: Sim, raw: z.input<typeof recallInput>): { message: ChatMessage } {
  const input = recallInput.parse(raw);
  const state = sim.state;
  const original = state.chats.byMsgId(input.msgid);
  if (!original || original.action !== 'send') throw notFound(`message ${input.msgid}`);
  const message = state.chats.append({
    msgid: state.ids.chatMsgId(),
    action: 'recall',
    from: original.from,
    tolist: original.tolist,
    roomid: original.roomid,
    msgtime: sim.clock.nowMs(),
    msgtype: 'revoke',
    body: { revoke: { pre_msgid: original.msgid } },
  });
  sim.notifier.dataAdded();
  return { message };
}
