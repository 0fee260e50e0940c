import { z } from 'zod';
import { externalChatEvent } from '../callbacks/events.js';
import type { CorpState } from '../corp/corp-state.js';
import type { GroupChat, GroupMember } from '../corp/types.js';
import type { Sim } from '../sim.js';
import { activeMember, type CallbackRef, ref } from './helpers.js';
import { notFound, ScenarioError } from './scenario-error.js';

const dropCallback = z.boolean().optional();

function liveGroup(state: CorpState, chatId: string): GroupChat {
  const g = state.groups.get(chatId);
  if (!g || g.dismissed) throw notFound(`group ${chatId}`);
  return g;
}

/** A member (userid) or a customer (external_userid) as a group member. */
function memberOf(
  state: CorpState,
  id: string,
  joinTime: number,
  joinScene: number,
  invitor: string,
): GroupMember {
  const staff = state.directory.member(id);
  if (staff)
    return {
      userid: id,
      type: 1,
      join_time: joinTime,
      join_scene: joinScene,
      invitor,
      group_nickname: '',
      name: staff.name,
    };
  const c = state.customers.customers.get(id);
  if (!c) throw notFound(`member or customer ${id}`);
  const m: GroupMember = {
    userid: id,
    type: 2,
    join_time: joinTime,
    join_scene: joinScene,
    group_nickname: '',
    name: c.name,
  };
  if (joinScene !== 3) m.invitor = invitor;
  if (c.unionid) m.unionid = c.unionid;
  return m;
}

export const groupCreateInput = z.object({
  owner: z.string().min(1),
  name: z.string().max(50).default(''),
  members: z.array(z.string()).default([]),
  notice: z.string().default(''),
  dropCallback,
});

/** A member creates a customer group in the client: change_external_chat create. */
export function groupCreate(
  sim: Sim,
  raw: z.input<typeof groupCreateInput>,
): CallbackRef & { chat_id: string } {
  const input = groupCreateInput.parse(raw);
  const state = sim.state;
  const owner = activeMember(state, input.owner);
  const now = sim.clock.nowSec();
  const members = [
    {
      userid: owner.userid,
      type: 1 as const,
      join_time: now,
      join_scene: 1,
      group_nickname: '',
      name: owner.name,
    },
    ...[...new Set(input.members)]
      .filter((m) => m !== owner.userid)
      .map((id) => memberOf(state, id, now, 1, owner.userid)),
  ];
  const group: GroupChat = {
    chat_id: state.ids.chatId(),
    name: input.name,
    owner: owner.userid,
    create_time: now,
    notice: input.notice,
    members,
    admin_list: [],
    memVer: 1,
    dismissed: false,
    transferred: false,
  };
  state.groups.set(group.chat_id, group);
  const entry = sim.emit(externalChatEvent(sim.config.corpId, now, 'create', { ChatId: group.chat_id }), {
    drop: input.dropCallback === true,
  });
  return { chat_id: group.chat_id, ...ref(entry) };
}

export const groupUpdateInput = z.object({
  chat_id: z.string().min(1),
  detail: z.enum(['add_member', 'del_member', 'change_owner', 'change_name', 'change_notice']),
  members: z.array(z.string()).default([]),
  /** Callback JoinScene: 0 invited, 3 scanned the group QR code. */
  join_scene: z.union([z.literal(0), z.literal(3)]).default(0),
  /** Callback QuitScene: 0 left by themselves, 1 removed by the owner. */
  quit_scene: z.union([z.literal(0), z.literal(1)]).default(0),
  owner: z.string().optional(),
  name: z.string().max(50).optional(),
  notice: z.string().optional(),
  dropCallback,
});

/** Something changes in a group: change_external_chat update with UpdateDetail (and member versions). */
export function groupUpdate(sim: Sim, raw: z.input<typeof groupUpdateInput>): CallbackRef {
  const input = groupUpdateInput.parse(raw);
  const state = sim.state;
  const g = liveGroup(state, input.chat_id);
  const now = sim.clock.nowSec();
  const base = { ChatId: g.chat_id, UpdateDetail: input.detail };
  let fields: Parameters<typeof externalChatEvent>[3] = base;
  if (input.detail === 'add_member' || input.detail === 'del_member') {
    if (input.members.length === 0) throw new ScenarioError(400, 'members is required');
    const last = g.memVer;
    if (input.detail === 'add_member') {
      for (const id of input.members) {
        if (g.members.some((m) => m.userid === id))
          throw new ScenarioError(409, `${id} is already in the group`);
        // Callback scene 0 (invited) is member join_scene 1 (invited directly); 3 is 3 in both.
        g.members.push(memberOf(state, id, now, input.join_scene === 3 ? 3 : 1, g.owner));
      }
    } else {
      for (const id of input.members) {
        if (id === g.owner) throw new ScenarioError(409, 'the owner cannot leave; change the owner first');
        if (!g.members.some((m) => m.userid === id)) throw notFound(`${id} in the group`);
      }
      g.members = g.members.filter((m) => !input.members.includes(m.userid));
      g.admin_list = g.admin_list.filter((u) => !input.members.includes(u));
    }
    g.memVer += 1;
    fields = {
      ...base,
      ...(input.detail === 'add_member' ? { JoinScene: input.join_scene } : { QuitScene: input.quit_scene }),
      MemChangeList: input.members,
      LastMemVer: last,
      CurMemVer: g.memVer,
    };
  } else if (input.detail === 'change_owner') {
    const owner = activeMember(state, input.owner ?? '');
    if (!g.members.some((m) => m.userid === owner.userid))
      g.members.push(memberOf(state, owner.userid, now, 1, g.owner));
    g.owner = owner.userid;
  } else if (input.detail === 'change_name') {
    g.name = input.name ?? '';
  } else {
    g.notice = input.notice ?? '';
  }
  const entry = sim.emit(externalChatEvent(sim.config.corpId, now, 'update', fields), {
    drop: input.dropCallback === true,
  });
  return ref(entry);
}

export const groupDismissInput = z.object({ chat_id: z.string().min(1), dropCallback });

/** The owner dismisses the group: change_external_chat dismiss. */
export function groupDismiss(sim: Sim, raw: z.input<typeof groupDismissInput>): CallbackRef {
  const input = groupDismissInput.parse(raw);
  const g = liveGroup(sim.state, input.chat_id);
  g.dismissed = true;
  const entry = sim.emit(
    externalChatEvent(sim.config.corpId, sim.clock.nowSec(), 'dismiss', { ChatId: g.chat_id }),
    { drop: input.dropCallback === true },
  );
  return ref(entry);
}
