import { groupStatus } from '../api/routes/groupchat.routes.js';
import { customerView, departmentView, followInfoView, groupChatView, userView } from '../api/views.js';
import type { Sim } from '../sim.js';

/** Read-only views of the fake corp for the control API: WeCom's shapes, plus what WeCom hides (departed staff). */

export function staffList(sim: Sim): Array<Record<string, unknown>> {
  return [...sim.state.directory.staff.values()].map((s) => ({
    ...userView(s, sim.publicUrl),
    external_contact_enabled: s.externalContactEnabled,
    ...(s.dimissionTime !== undefined ? { dimission_time: s.dimissionTime } : {}),
    customer_count: sim.state.customers.followsOfUser(s.userid).length,
    ...(s.customerLimit !== undefined ? { customer_limit: s.customerLimit } : {}),
  }));
}

export function departmentList(sim: Sim): Array<Record<string, unknown>> {
  return [...sim.state.directory.departments.values()].map(departmentView);
}

export interface Page {
  offset: number;
  limit: number;
}

export function customerList(
  sim: Sim,
  page: Page,
  userid?: string,
): { total: number; customers: Array<Record<string, unknown>> } {
  const state = sim.state;
  const all = userid
    ? state.customers
        .followsOfUser(userid)
        .flatMap((f) => state.customers.customers.get(f.external_userid) ?? [])
    : [...state.customers.customers.values()];
  return {
    total: all.length,
    customers: all.slice(page.offset, page.offset + page.limit).map((c) => ({
      ...customerView(c, sim.publicUrl),
      follow_users: state.customers.followsOfCustomer(c.external_userid).map((f) => f.userid),
    })),
  };
}

export function customerDetail(sim: Sim, externalUserId: string): Record<string, unknown> | undefined {
  const state = sim.state;
  const c = state.customers.customers.get(externalUserId);
  if (!c) return undefined;
  return {
    external_contact: customerView(c, sim.publicUrl),
    follows: state.customers
      .followsOfCustomer(externalUserId)
      .map((f) => ({ ...followInfoView(f), deleted_by_customer: f.deletedByCustomer })),
  };
}

export function followList(
  sim: Sim,
  page: Page,
  filter: { userid?: string; external_userid?: string },
): { total: number; follows: Array<Record<string, unknown>> } {
  const state = sim.state;
  const rows = filter.userid
    ? state.customers.followsOfUser(filter.userid)
    : filter.external_userid
      ? state.customers.followsOfCustomer(filter.external_userid)
      : state.customers.allFollows();
  const matching = rows.filter(
    (f) => !filter.external_userid || f.external_userid === filter.external_userid,
  );
  return {
    total: matching.length,
    follows: matching.slice(page.offset, page.offset + page.limit).map((f) => ({
      ...followInfoView(f),
      external_userid: f.external_userid,
      deleted_by_customer: f.deletedByCustomer,
    })),
  };
}

export function groupList(sim: Sim): Array<Record<string, unknown>> {
  return [...sim.state.groups.values()].map((g) => ({
    chat_id: g.chat_id,
    name: g.name,
    owner: g.owner,
    member_count: g.members.length,
    dismissed: g.dismissed,
    status: groupStatus(sim.state, g),
  }));
}

export function groupDetail(sim: Sim, chatId: string): Record<string, unknown> | undefined {
  const g = sim.state.groups.get(chatId);
  return g ? { ...groupChatView(g, true), dismissed: g.dismissed } : undefined;
}

export function tagList(sim: Sim): unknown {
  return sim.state.tags.groups;
}

export function counts(sim: Sim): Record<string, number> {
  const s = sim.state;
  return {
    departments: s.directory.departments.size,
    staff: s.directory.members().length,
    departed: s.directory.staff.size - s.directory.members().length,
    customers: s.customers.customers.size,
    follows: s.customers.followCount(),
    tags: s.tags.tagCount(),
    groups: [...s.groups.values()].filter((g) => !g.dismissed).length,
    chats: s.chats.size(),
    outbox: s.outbox.length,
    transfers: s.transfers.length,
    massMessages: s.massMessages.size,
    callbacks: sim.callbacks.log().length,
  };
}
