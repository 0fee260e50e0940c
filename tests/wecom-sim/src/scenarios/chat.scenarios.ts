import { z } from 'zod';
import { completeMediaBody } from '../corp/chat-media.js';
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
    const body =
      'content' in m ? { text: { content: m.content } } : completeMediaBody(state.rng, m.msgtype, m.body);
    return state.chats.append({
      msgid: state.ids.chatMsgId(),
      action: 'send',
      from: input.from,
      tolist,
      roomid: input.roomid,
      msgtime: sim.clock.nowMs(),
      msgtype: m.msgtype,
      body,
    });
  });
  sim.notifier.dataAdded();
  return { messages };
}

/** A Luhn-valid card number (a 622202 UnionPay prefix), so audit rules that check digits catch it. */
export function bankCardNumber(seedDigits: string): string {
  const body = ('622202' + seedDigits).slice(0, 18).padEnd(18, '0');
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return body + String((10 - (sum % 10)) % 10);
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
  const card = bankCardNumber(sim.state.rng.chars(12, '0123456789'));
  const content = {
    private_wechat: `加我私人微信 wxid_${sim.state.rng.chars(8, 'abcdefghijkmnpqrstuvwxyz23456789')}，价格还能再优惠，别在这里说。`,
    bank_card: `直接转账到我卡上吧：${card.replace(/(\d{4})(?=\d)/g, '$1 ')}，工商银行，户名写我名字就行。`,
    private_payment: '订单就别走公司了，微信转我个人，给你便宜五百。',
  }[input.kind];
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
