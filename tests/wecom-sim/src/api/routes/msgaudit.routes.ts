import type { CorpState } from '../../corp/corp-state.js';
import { WecomError } from '../errors.js';
import { Params } from '../params.js';
import type { ApiRoute } from '../route.js';

function agreeInfo(state: CorpState, userid: string, ext: string): Record<string, unknown> {
  const record = state.agreements.get(`${userid}|${ext}`);
  return {
    status_change_time: record?.changedAt ?? 0,
    userid,
    exteranalopenid: ext,
    agree_status: record?.status ?? 'Default_Agree',
  };
}

/** Archive HTTP APIs (archive secret only). The field name `exteranalopenid` is WeCom's own typo. */
export const msgauditRoutes: ApiRoute[] = [
  {
    method: 'POST',
    path: 'msgaudit/get_permit_user_list',
    scope: 'archive',
    handle({ sim }) {
      return { ids: [...sim.state.permitUsers].filter((u) => sim.state.directory.member(u)) };
    },
  },
  {
    method: 'POST',
    path: 'msgaudit/check_single_agree',
    scope: 'archive',
    handle({ sim, body }) {
      const info = body.list('info', 100);
      if (info.length === 0) throw new WecomError(40058, 'missing info');
      return {
        agreeinfo: info.map((item) => {
          if (typeof item !== 'object' || item === null)
            throw new WecomError(40058, 'info items must be objects');
          const p = new Params(item as Record<string, unknown>);
          return agreeInfo(sim.state, p.str('userid', 41009), p.str('exteranalopenid', 41035));
        }),
      };
    },
  },
  {
    method: 'POST',
    path: 'msgaudit/check_room_agree',
    scope: 'archive',
    handle({ sim, body }) {
      const roomid = body.str('roomid');
      const group = sim.state.groups.get(roomid);
      if (!group) throw new WecomError(40050, `roomid ${roomid}`);
      const customers = group.members.filter((m) => m.type === 2);
      return { agreeinfo: customers.map((m) => agreeInfo(sim.state, group.owner, m.userid)) };
    },
  },
  {
    method: 'POST',
    path: 'msgaudit/groupchat/get',
    scope: 'archive',
    handle({ sim, body }) {
      const roomid = body.str('roomid');
      const group = sim.state.groups.get(roomid);
      if (!group) throw new WecomError(40050, `roomid ${roomid}`);
      return {
        roomname: group.name,
        creator: group.owner,
        room_create_time: group.create_time,
        notice: group.notice,
        members: group.members.map((m) => ({ memberid: m.userid, jointime: m.join_time })),
      };
    },
  },
];
