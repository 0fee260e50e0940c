import type { CallbackLogEntry } from '../callbacks/dispatcher.js';
import type { CorpState } from '../corp/corp-state.js';
import type { Customer, Follow, Staff } from '../corp/types.js';
import { notFound, ScenarioError } from './scenario-error.js';

/** What every scenario reports about the callback it caused. */
export interface CallbackRef {
  callbackId: number;
  callbackStatus: CallbackLogEntry['status'];
}

export function ref(entry: CallbackLogEntry): CallbackRef {
  return { callbackId: entry.id, callbackStatus: entry.status };
}

export function activeMember(state: CorpState, userid: string): Staff {
  const s = state.directory.member(userid);
  if (!s) throw notFound(`member ${userid}`);
  return s;
}

export function customer(state: CorpState, externalUserId: string): Customer {
  const c = state.customers.customers.get(externalUserId);
  if (!c) throw notFound(`customer ${externalUserId}`);
  return c;
}

export function relation(state: CorpState, userid: string, externalUserId: string): Follow {
  const f = state.customers.follow(userid, externalUserId);
  if (!f) throw new ScenarioError(404, `${userid} does not follow ${externalUserId}`);
  return f;
}
