import { z } from 'zod';
import { externalContactEvent } from '../callbacks/events.js';
import { newCustomer } from '../corp/demo-corp.js';
import { waitingTransfer } from '../corp/transfer-rules.js';
import type { Customer, Follow } from '../corp/types.js';
import type { Sim } from '../sim.js';
import { activeMember, customer, type CallbackRef, ref, relation } from './helpers.js';
import { notFound, ScenarioError } from './scenario-error.js';

const dropCallback = z.boolean().optional();

export const addContactInput = z.object({
  userid: z.string().min(1),
  /** An existing customer adding one more member; omitted → a new customer. */
  external_userid: z.string().optional(),
  customer: z
    .object({
      name: z.string().optional(),
      type: z.union([z.literal(1), z.literal(2)]).optional(),
      gender: z.union([z.literal(0), z.literal(1), z.literal(2)]).optional(),
      corp_name: z.string().optional(),
      corp_full_name: z.string().optional(),
      position: z.string().optional(),
    })
    .optional(),
  /** The 联系我 state; taken from the contact way when config_id is given. */
  state: z.string().max(30).optional(),
  config_id: z.string().optional(),
  add_way: z.number().int().optional(),
  remark: z.string().max(20).optional(),
  /** add_half_external_contact: the customer added a skip-verify member, not yet confirmed. */
  half: z.boolean().optional(),
  /** They chatted before: no WelcomeCode in the event. */
  alreadyChatted: z.boolean().optional(),
  dropCallback,
});

export interface AddContactResult extends CallbackRef {
  external_userid: string;
  welcome_code?: string;
}

function customerFor(sim: Sim, input: z.output<typeof addContactInput>): Customer {
  const state = sim.state;
  if (input.external_userid) return customer(state, input.external_userid);
  const c = newCustomer(state, state.rng);
  const o = input.customer ?? {};
  const type = o.type ?? c.type;
  const made: Customer = {
    ...c,
    ...o,
    type,
    external_userid: type === c.type ? c.external_userid : state.ids.externalUserId(type),
  };
  if (type === 2) delete made.unionid;
  state.customers.customers.set(made.external_userid, made);
  return made;
}

/** A customer adds a member (QR code, search…): the relation appears and add_external_contact is sent. */
export function addContact(sim: Sim, raw: z.input<typeof addContactInput>): AddContactResult {
  const input = addContactInput.parse(raw);
  const state = sim.state;
  const member = activeMember(state, input.userid);
  if (!member.externalContactEnabled)
    throw new ScenarioError(409, `${input.userid} may not use customer contact`);
  const way = input.config_id ? state.contactWays.get(input.config_id) : undefined;
  if (input.config_id && !way) throw notFound(`contact way ${input.config_id}`);
  const c = customerFor(sim, input);
  const existing = state.customers.follow(input.userid, c.external_userid);
  if (existing && !existing.deletedByCustomer)
    throw new ScenarioError(409, `${input.userid} already follows ${c.external_userid}`);
  const now = sim.clock.nowSec();
  const channelState = input.state ?? way?.state ?? '';
  const follow: Follow = {
    userid: input.userid,
    external_userid: c.external_userid,
    remark: input.remark ?? '',
    description: '',
    createtime: now,
    tagIds: [],
    remark_corp_name: '',
    remark_mobiles: [],
    add_way: input.add_way ?? (way || channelState ? 1 : 2),
    state: channelState,
    oper_userid: c.external_userid,
    deletedByCustomer: false,
  };
  state.customers.putFollow(follow);
  let welcomeCode: string | undefined;
  if (!input.alreadyChatted) {
    welcomeCode = state.ids.welcomeCode();
    state.welcomeCodes.set(welcomeCode, {
      code: welcomeCode,
      userid: input.userid,
      external_userid: c.external_userid,
      issuedAt: now,
      alreadyChatted: false,
      used: false,
    });
  }
  const change = input.half ? 'add_half_external_contact' : 'add_external_contact';
  const entry = sim.emit(
    externalContactEvent(sim.config.corpId, now, change, {
      UserID: input.userid,
      ExternalUserID: c.external_userid,
      State: channelState,
      WelcomeCode: welcomeCode,
    }),
    { drop: input.dropCallback === true },
  );
  return {
    external_userid: c.external_userid,
    ...(welcomeCode ? { welcome_code: welcomeCode } : {}),
    ...ref(entry),
  };
}

export const relationInput = z.object({
  userid: z.string().min(1),
  external_userid: z.string().min(1),
  dropCallback,
});

/** The member deletes the customer: the relation is gone; del_external_contact. */
export function memberDeletesCustomer(sim: Sim, raw: z.input<typeof relationInput>): CallbackRef {
  const input = relationInput.parse(raw);
  relation(sim.state, input.userid, input.external_userid);
  sim.state.customers.removeFollow(input.userid, input.external_userid);
  const entry = sim.emit(
    externalContactEvent(sim.config.corpId, sim.clock.nowSec(), 'del_external_contact', {
      UserID: input.userid,
      ExternalUserID: input.external_userid,
    }),
    { drop: input.dropCallback === true },
  );
  return ref(entry);
}

/** The customer deletes the member: a one-way relation remains (APIs still answer); del_follow_user. */
export function customerDeletesMember(sim: Sim, raw: z.input<typeof relationInput>): CallbackRef {
  const input = relationInput.parse(raw);
  relation(sim.state, input.userid, input.external_userid).deletedByCustomer = true;
  const entry = sim.emit(
    externalContactEvent(sim.config.corpId, sim.clock.nowSec(), 'del_follow_user', {
      UserID: input.userid,
      ExternalUserID: input.external_userid,
    }),
    { drop: input.dropCallback === true },
  );
  return ref(entry);
}

export const editContactInput = relationInput.extend({
  remark: z.string().max(20).optional(),
  description: z.string().max(150).optional(),
  remark_mobiles: z.array(z.string()).max(5).optional(),
  add_tag: z.array(z.string()).optional(),
  remove_tag: z.array(z.string()).optional(),
});

/** The member edits remark or tags in the client: edit_external_contact. */
export function editContact(sim: Sim, raw: z.input<typeof editContactInput>): CallbackRef {
  const input = editContactInput.parse(raw);
  const state = sim.state;
  const follow = relation(state, input.userid, input.external_userid);
  for (const id of [...(input.add_tag ?? []), ...(input.remove_tag ?? [])]) {
    if (!state.tags.tag(id)) throw notFound(`tag ${id}`);
  }
  if (input.remark !== undefined) follow.remark = input.remark;
  if (input.description !== undefined) follow.description = input.description;
  if (input.remark_mobiles) follow.remark_mobiles = input.remark_mobiles;
  const tags = new Set(follow.tagIds);
  for (const id of input.add_tag ?? []) tags.add(id);
  for (const id of input.remove_tag ?? []) tags.delete(id);
  follow.tagIds = [...tags];
  const entry = sim.emit(
    externalContactEvent(sim.config.corpId, sim.clock.nowSec(), 'edit_external_contact', {
      UserID: input.userid,
      ExternalUserID: input.external_userid,
    }),
    { drop: input.dropCallback === true },
  );
  return ref(entry);
}

export const msgAuditApprovedInput = relationInput.extend({ agree: z.boolean().default(true) });

/** The customer answers the archive-consent prompt: agree/disagree lands in the archive; msg_audit_approved on agree. */
export function msgAuditApproved(
  sim: Sim,
  raw: z.input<typeof msgAuditApprovedInput>,
): Partial<CallbackRef> & { welcome_code?: string } {
  const input = msgAuditApprovedInput.parse(raw);
  const state = sim.state;
  relation(state, input.userid, input.external_userid);
  const now = sim.clock.nowSec();
  state.agreements.set(`${input.userid}|${input.external_userid}`, {
    status: input.agree ? 'Agree' : 'Disagree',
    changedAt: now,
  });
  const kind = input.agree ? 'agree' : 'disagree';
  state.chats.append({
    msgid: state.ids.chatMsgId(),
    action: 'send',
    from: input.external_userid,
    tolist: [input.userid],
    roomid: '',
    msgtime: sim.clock.nowMs(),
    msgtype: kind,
    body: { [kind]: { userid: input.external_userid, [`${kind}_time`]: sim.clock.nowMs() } },
  });
  sim.notifier.dataAdded();
  if (!input.agree) return {};
  const code = state.ids.welcomeCode();
  state.welcomeCodes.set(code, {
    code,
    userid: input.userid,
    external_userid: input.external_userid,
    issuedAt: now,
    alreadyChatted: false,
    used: false,
  });
  const entry = sim.emit(
    externalContactEvent(sim.config.corpId, now, 'msg_audit_approved', {
      UserID: input.userid,
      ExternalUserID: input.external_userid,
      WelcomeCode: code,
    }),
    { drop: input.dropCallback === true },
  );
  return { welcome_code: code, ...ref(entry) };
}

export const transferFailInput = z.object({
  external_userid: z.string().min(1),
  reason: z.enum(['customer_refused', 'customer_limit_exceed']).default('customer_refused'),
  dropCallback,
});

/**
 * A waiting transfer fails: status 3 (refused) or 4 (takeover over its limit), takeover_time 0, and transfer_fail
 * to the takeover. A refused on-duty customer stays with the handover; a resigned one stays unassigned.
 */
export function transferFails(sim: Sim, raw: z.input<typeof transferFailInput>): CallbackRef {
  const input = transferFailInput.parse(raw);
  const record = waitingTransfer(sim.state, input.external_userid);
  if (!record) throw notFound(`waiting transfer of ${input.external_userid}`);
  record.status = input.reason === 'customer_refused' ? 3 : 4;
  record.takeover_time = 0;
  const entry = sim.emit(
    externalContactEvent(sim.config.corpId, sim.clock.nowSec(), 'transfer_fail', {
      FailReason: input.reason,
      UserID: record.takeover_userid,
      ExternalUserID: input.external_userid,
    }),
    { drop: input.dropCallback === true },
  );
  return ref(entry);
}

export const transferRefusedInput = z.object({ external_userid: z.string().min(1), dropCallback });

/** The customer taps "暂不" on the handover notice within the 24 h: status 3 and transfer_fail customer_refused. */
export function customerRefusesTransfer(sim: Sim, raw: z.input<typeof transferRefusedInput>): CallbackRef {
  const input = transferRefusedInput.parse(raw);
  return transferFails(sim, { ...input, reason: 'customer_refused' });
}

export const takeoverFullInput = z.object({
  userid: z.string().min(1),
  /** The member's customer limit; omitted → the customers they have now (full at once); null lifts it. */
  limit: z.number().int().min(0).nullable().optional(),
});

/**
 * A member reaches WeCom's customer limit: transfers to them that come due fail (status 4, transfer_fail
 * customer_limit_exceed, the customer stays) and new ones answer 40099, until the limit is lifted.
 */
export function takeoverFull(
  sim: Sim,
  raw: z.input<typeof takeoverFullInput>,
): { userid: string; customerLimit: number | null; customers: number; waiting: number } {
  const input = takeoverFullInput.parse(raw);
  const state = sim.state;
  const member = activeMember(state, input.userid);
  const customers = state.customers.followsOfUser(member.userid).length;
  if (input.limit === null) delete member.customerLimit;
  else member.customerLimit = input.limit ?? customers;
  const waiting = state.transfers.filter((t) => t.status === 2 && t.takeover_userid === member.userid).length;
  return { userid: member.userid, customerLimit: member.customerLimit ?? null, customers, waiting };
}

/** Completes every waiting transfer now instead of after 24 h. */
export function completeTransfers(sim: Sim): { completed: number } {
  const now = sim.clock.nowSec();
  let n = 0;
  for (const t of sim.state.transfers) {
    if (t.status === 2) {
      t.takeover_time = Math.min(t.takeover_time, now);
      n += 1;
    }
  }
  sim.tick();
  return { completed: n };
}
