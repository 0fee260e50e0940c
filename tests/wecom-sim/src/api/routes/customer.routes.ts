import { WecomError } from '../errors.js';
import { customerOr, followOr, memberOr } from '../lookups.js';
import { decodeCursor, encodeCursor } from '../params.js';
import type { ApiRoute } from '../route.js';
import { customerView, followInfoView, followUserView } from '../views.js';

/** externalcontact/get pages follow users past this many (next_cursor). */
const FOLLOW_PAGE = 500;

export const customerRoutes: ApiRoute[] = [
  {
    method: 'GET',
    path: 'externalcontact/get_follow_user_list',
    scope: 'contact',
    handle({ sim }) {
      const ids = sim.state.directory
        .members()
        .filter((s) => s.externalContactEnabled && s.status === 1)
        .map((s) => s.userid);
      return { follow_user: ids };
    },
  },
  {
    method: 'GET',
    path: 'externalcontact/list',
    scope: 'contact',
    handle({ sim, query }) {
      const userid = query.str('userid', 41009);
      memberOr(sim.state, userid);
      const ids = sim.state.customers.followsOfUser(userid).map((f) => f.external_userid);
      // WeCom answers "none" as an error that still carries the (empty) list.
      if (ids.length === 0) throw new WecomError(84061, undefined, { external_userid: [] });
      return { external_userid: ids };
    },
  },
  {
    method: 'GET',
    path: 'externalcontact/get',
    scope: 'contact',
    handle({ sim, query }) {
      const state = sim.state;
      const customer = customerOr(state, query.str('external_userid', 41035));
      // Departed members' relations wait in the unassigned list; they are no longer follow users.
      const follows = state.customers
        .followsOfCustomer(customer.external_userid)
        .filter((f) => state.directory.member(f.userid) !== undefined);
      if (follows.length === 0) throw new WecomError(84061);
      const offset = decodeCursor(query.optStr('cursor'));
      const page = follows.slice(offset, offset + FOLLOW_PAGE);
      const next = offset + FOLLOW_PAGE < follows.length ? encodeCursor(offset + FOLLOW_PAGE) : '';
      return {
        external_contact: customerView(customer, sim.publicUrl),
        follow_user: page.map((f) => followUserView(state, f)),
        ...(next ? { next_cursor: next } : {}),
      };
    },
  },
  {
    method: 'POST',
    path: 'externalcontact/batch/get_by_user',
    scope: 'contact',
    handle({ sim, body }) {
      const state = sim.state;
      const users = body.has('userid_list')
        ? body.strList('userid_list', { max: 100, required: true, missingCode: 41009 })
        : [body.str('userid', 41009)];
      const limit = body.int('limit', 50);
      if (limit < 1 || limit > 100) throw new WecomError(40058, 'limit must be 1..100');
      for (const u of users) memberOr(state, u);
      const rows = [...new Set(users)].flatMap((u) => state.customers.followsOfUser(u));
      const offset = decodeCursor(body.optStr('cursor'));
      const page = rows.slice(offset, offset + limit);
      return {
        external_contact_list: page.flatMap((f) => {
          const c = state.customers.customers.get(f.external_userid);
          return c
            ? [{ external_contact: customerView(c, sim.publicUrl), follow_info: followInfoView(f) }]
            : [];
        }),
        next_cursor: offset + limit < rows.length ? encodeCursor(offset + limit) : '',
      };
    },
  },
  {
    method: 'POST',
    path: 'externalcontact/remark',
    scope: 'contact',
    handle({ sim, body }) {
      const state = sim.state;
      const userid = body.str('userid', 41009);
      const ext = body.str('external_userid', 41035);
      memberOr(state, userid);
      customerOr(state, ext);
      const follow = followOr(state, userid, ext);
      const remark = body.optStr('remark', 20);
      const description = body.optStr('description', 150);
      const company = body.optStr('remark_company', 20);
      if (remark !== undefined) follow.remark = remark;
      if (description !== undefined) follow.description = description;
      if (company !== undefined) follow.remark_corp_name = company;
      if (body.raw('remark_mobiles') !== undefined)
        follow.remark_mobiles = body.strList('remark_mobiles', { max: 5 });
      return {};
    },
  },
];
