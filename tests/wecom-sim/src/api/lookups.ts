import type { CorpState } from '../corp/corp-state.js';
import type { Customer, Follow, GroupChat, Staff } from '../corp/types.js';
import { WecomError } from './errors.js';

/** A member still in the directory; unknown or departed answers `code` (60111 in the directory APIs). */
export function memberOr(state: CorpState, userid: string, code = 40003): Staff {
  const s = state.directory.member(userid);
  if (!s) throw new WecomError(code, `userid ${userid}`);
  return s;
}

export function customerOr(state: CorpState, externalUserId: string): Customer {
  const c = state.customers.customers.get(externalUserId);
  if (!c) throw new WecomError(40096, `external_userid ${externalUserId}`);
  return c;
}

/** The member's relation with the customer, or 84061 "not external contact". */
export function followOr(state: CorpState, userid: string, externalUserId: string): Follow {
  const f = state.customers.follow(userid, externalUserId);
  if (!f) throw new WecomError(84061);
  return f;
}

export function groupOr(state: CorpState, chatId: string): GroupChat {
  const g = state.groups.get(chatId);
  if (!g || g.dismissed) throw new WecomError(40050, `chat_id ${chatId}`);
  return g;
}
