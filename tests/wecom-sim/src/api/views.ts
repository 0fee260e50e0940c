import type { CorpState } from '../corp/corp-state.js';
import type { Customer, Department, Follow, GroupChat, Staff } from '../corp/types.js';

/** State → WeCom JSON. Shared by the API and the control API so both show the same shapes. */

/**
 * WeCom serves avatars from its CDNs (wework.qpic.cn, wx.qlogo.cn); the simulator serves its own, so the
 * sandbox's pictures load without the internet. State keeps the path, the view makes it absolute.
 */
export function avatarUrl(baseUrl: string, path: string): string {
  return path ? `${baseUrl}${path}` : '';
}

export function departmentView(d: Department): Record<string, unknown> {
  return {
    id: d.id,
    name: d.name,
    name_en: d.name_en,
    department_leader: d.department_leader,
    parentid: d.parentid,
    order: d.order,
  };
}

export function userView(s: Staff, baseUrl: string): Record<string, unknown> {
  return {
    userid: s.userid,
    name: s.name,
    department: s.department,
    order: s.department.map(() => 0),
    position: s.position,
    mobile: s.mobile,
    gender: s.gender,
    email: s.email,
    is_leader_in_dept: s.is_leader_in_dept,
    direct_leader: s.direct_leader,
    avatar: avatarUrl(baseUrl, s.avatar),
    thumb_avatar: avatarUrl(baseUrl, s.avatar),
    telephone: '',
    alias: s.alias,
    status: s.status,
    main_department: s.main_department,
    extattr: { attrs: [] },
    qr_code: `https://open.work.weixin.qq.com/wwopen/userQRCode?vcode=sim${s.userid}`,
    external_position: '',
  };
}

export function customerView(c: Customer, baseUrl: string): Record<string, unknown> {
  const view: Record<string, unknown> = {
    external_userid: c.external_userid,
    name: c.name,
    type: c.type,
    avatar: avatarUrl(baseUrl, c.avatar),
    gender: c.gender,
  };
  // WeCom-type customers carry their company; WeChat users carry a unionid instead.
  if (c.type === 2)
    Object.assign(view, { position: c.position, corp_name: c.corp_name, corp_full_name: c.corp_full_name });
  if (c.unionid) view.unionid = c.unionid;
  return view;
}

function tagsOf(state: CorpState, f: Follow): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  for (const id of f.tagIds) {
    const found = state.tags.tag(id);
    if (found)
      out.push({ group_name: found.group.group_name, tag_name: found.tag.name, tag_id: id, type: 1 });
  }
  return out;
}

/** A follow_user item of externalcontact/get. */
export function followUserView(state: CorpState, f: Follow): Record<string, unknown> {
  return {
    userid: f.userid,
    remark: f.remark,
    description: f.description,
    createtime: f.createtime,
    tags: tagsOf(state, f),
    remark_corp_name: f.remark_corp_name,
    remark_mobiles: f.remark_mobiles,
    oper_userid: f.oper_userid,
    add_way: f.add_way,
    ...(f.state ? { state: f.state } : {}),
  };
}

/** A follow_info of batch/get_by_user: tag ids only. */
export function followInfoView(f: Follow): Record<string, unknown> {
  return {
    userid: f.userid,
    remark: f.remark,
    description: f.description,
    createtime: f.createtime,
    tag_id: f.tagIds,
    remark_corp_name: f.remark_corp_name,
    remark_mobiles: f.remark_mobiles,
    oper_userid: f.oper_userid,
    add_way: f.add_way,
    ...(f.state ? { state: f.state } : {}),
  };
}

export function groupChatView(g: GroupChat, needName: boolean): Record<string, unknown> {
  return {
    chat_id: g.chat_id,
    name: g.name,
    owner: g.owner,
    create_time: g.create_time,
    notice: g.notice,
    member_list: g.members.map((m) => ({
      userid: m.userid,
      type: m.type,
      join_time: m.join_time,
      join_scene: m.join_scene,
      ...(m.invitor ? { invitor: { userid: m.invitor } } : {}),
      ...(m.unionid ? { unionid: m.unionid } : {}),
      group_nickname: m.group_nickname,
      ...(needName ? { name: m.name } : {}),
    })),
    admin_list: g.admin_list.map((userid) => ({ userid })),
    member_version: String(g.memVer),
  };
}
