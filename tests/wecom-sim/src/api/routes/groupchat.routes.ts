import type { CorpState } from '../../corp/corp-state.js';
import type { GroupChat } from '../../corp/types.js';
import { WecomError } from '../errors.js';
import { groupOr } from '../lookups.js';
import { decodeCursor, encodeCursor } from '../params.js';
import type { ApiRoute } from '../route.js';
import { groupChatView } from '../views.js';

/** 0 normal, 1 owner left and not yet inherited, 3 inherited (2, "inheriting", is instantaneous here). */
export function groupStatus(state: CorpState, g: GroupChat): 0 | 1 | 3 {
  if (g.transferred) return 3;
  return state.directory.departed(g.owner) ? 1 : 0;
}

export const groupChatRoutes: ApiRoute[] = [
  {
    method: 'POST',
    path: 'externalcontact/groupchat/list',
    scope: 'contact',
    handle({ sim, body }) {
      const state = sim.state;
      const limit = body.int('limit');
      if (limit < 1 || limit > 1000) throw new WecomError(40058, 'limit must be 1..1000');
      const statusFilter = body.int('status_filter', 0);
      const owners = new Set(body.obj('owner_filter')?.strList('userid_list', { max: 100 }) ?? []);
      const rows = [...state.groups.values()]
        .filter((g) => !g.dismissed)
        .filter((g) => owners.size === 0 || owners.has(g.owner))
        .map((g) => ({ chat_id: g.chat_id, status: groupStatus(state, g) }))
        .filter((r) => statusFilter === 0 || r.status === statusFilter);
      const offset = decodeCursor(body.optStr('cursor'));
      return {
        group_chat_list: rows.slice(offset, offset + limit),
        next_cursor: offset + limit < rows.length ? encodeCursor(offset + limit) : '',
      };
    },
  },
  {
    method: 'POST',
    path: 'externalcontact/groupchat/get',
    scope: 'contact',
    handle({ sim, body }) {
      const group = groupOr(sim.state, body.str('chat_id'));
      return { group_chat: groupChatView(group, body.int('need_name', 0) === 1) };
    },
  },
];
