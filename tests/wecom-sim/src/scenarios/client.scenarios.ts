import { z } from 'zod';
import { confirmMassTask } from '../corp/mass-rules.js';
import type { Sim } from '../sim.js';
import { notFound, ScenarioError } from './scenario-error.js';

export const massConfirmInput = z.object({
  msgid: z.string().min(1),
  /** Omitted: every sender of the task confirms. */
  userid: z.string().optional(),
});

/** The sender taps "send" on a mass-message task in the client; nothing is sent before that. */
export function confirmMassMessage(
  sim: Sim,
  raw: z.input<typeof massConfirmInput>,
): { sent: number; senders: string[] } {
  const input = massConfirmInput.parse(raw);
  const msg = sim.state.massMessages.get(input.msgid);
  if (!msg) throw notFound(`mass message ${input.msgid}`);
  if (msg.cancelled) throw new ScenarioError(409, 'the mass message was cancelled');
  const senders = input.userid
    ? [input.userid]
    : msg.tasks.filter((t) => t.status === 0).map((t) => t.userid);
  if (input.userid && !msg.tasks.some((t) => t.userid === input.userid))
    throw notFound(`task of ${input.userid}`);
  const now = sim.clock.nowSec();
  const sent = senders.reduce(
    (n, u) =>
      n +
      confirmMassTask(sim.state, msg, u, now, {
        rule: sim.config.massReceiveRule,
        perMonth: sim.config.massReceiveLimitPerMonth,
      }),
    0,
  );
  return { sent, senders };
}

export const oauthCodeInput = z
  .object({ userid: z.string().optional(), external_userid: z.string().optional() })
  .refine(
    (v) => Boolean(v.userid) !== Boolean(v.external_userid),
    'give exactly one of userid or external_userid',
  );

/** What WeCom appends to the redirect after OAuth or QR login: a single-use code for auth/getuserinfo. */
export function issueOauthCode(sim: Sim, raw: z.input<typeof oauthCodeInput>): { code: string } {
  const input = oauthCodeInput.parse(raw);
  const state = sim.state;
  if (input.userid && !state.directory.member(input.userid)) throw notFound(`member ${input.userid}`);
  if (input.external_userid && !state.customers.customers.has(input.external_userid))
    throw notFound(`customer ${input.external_userid}`);
  const code = state.ids.oauthCode();
  state.oauthCodes.set(code, {
    code,
    issuedAt: sim.clock.nowSec(),
    used: false,
    ...(input.userid ? { userid: input.userid } : {}),
    ...(input.external_userid
      ? { external_userid: input.external_userid, openid: `o${input.external_userid.slice(2, 29)}` }
      : {}),
  });
  return { code };
}
