import type { CorpState } from './corp-state.js';
import {
  BRANDS,
  CHANNEL_STATES,
  CITIES,
  CUSTOMER_POSITIONS,
  DEMO_DEPARTMENTS,
  DEMO_STAFF,
  DEMO_TAG_GROUPS,
  DESCRIPTIONS,
  GIVEN_FEMALE,
  GIVEN_MALE,
  GROUP_NAMES,
  INDUSTRIES,
  SURNAMES,
} from './demo-data.js';
import { avatarPath } from './avatars.js';
import { seedDemoChats } from './demo-chats.js';
import { Rng } from './rng.js';
import type { Customer, Follow, GroupChat, GroupMember, Staff } from './types.js';

export interface DemoCorpOptions {
  seed: number;
  customerCount: number;
  groupCount?: number;
  /** Share of customers that a second member also follows. */
  sharedShare?: number;
}

const DAY = 86_400;
/** add_way values seen in practice, weighted: QR codes and phone search dominate. */
const ADD_WAYS = [1, 1, 1, 1, 2, 2, 3, 4, 5, 6, 7, 201];

function mobile(rng: Rng): string {
  return `1${rng.pick(['3', '5', '7', '8', '9'])}${rng.chars(9, '0123456789')}`;
}

function personName(rng: Rng, gender: 1 | 2): string {
  return rng.pick(SURNAMES) + rng.pick(gender === 1 ? GIVEN_MALE : GIVEN_FEMALE);
}

function seedDirectory(state: CorpState, rng: Rng): void {
  for (const [id, name, nameEn, parentid] of DEMO_DEPARTMENTS) {
    state.directory.departments.set(id, {
      id,
      name,
      name_en: nameEn,
      parentid,
      order: 100_000_000 - id,
      department_leader: [],
    });
  }
  for (const [userid, name, gender, dept, position] of DEMO_STAFF) {
    const department = state.directory.departments.get(dept);
    const leads = department !== undefined && department.department_leader.length === 0;
    if (leads) department.department_leader.push(userid);
    const leader = department && !leads ? (department.department_leader[0] ?? '') : '';
    // Two members are not active, so lists show every status WeCom has.
    const status = userid === 'SongJia' ? 4 : userid === 'XiePeng' ? 2 : 1;
    const member: Staff = {
      userid,
      name,
      department: [dept],
      main_department: dept,
      is_leader_in_dept: [leads ? 1 : 0],
      direct_leader: leader ? [leader] : [],
      position,
      mobile: mobile(rng),
      gender,
      email: `${userid.toLowerCase()}@keeper-demo.example`,
      alias: '',
      avatar: avatarPath('staff', userid),
      status,
      externalContactEnabled: status === 1,
    };
    state.directory.staff.set(userid, member);
    if (status === 1) state.permitUsers.add(userid);
  }
}

function seedTags(state: CorpState, now: number): void {
  for (const [gi, [groupName, tagNames]] of DEMO_TAG_GROUPS.entries()) {
    state.tags.groups.push({
      group_id: state.ids.tagId(),
      group_name: groupName,
      create_time: now - 400 * DAY + gi,
      order: DEMO_TAG_GROUPS.length - gi,
      tags: tagNames.map((name, ti) => ({
        id: state.ids.tagId(),
        name,
        create_time: now - 400 * DAY + gi,
        order: tagNames.length - ti,
      })),
    });
  }
}

/** Sales members carry most customers; support and marketing a few. */
function ownerWeights(state: CorpState): string[] {
  const pool: string[] = [];
  for (const s of state.directory.members()) {
    if (!s.externalContactEnabled) continue;
    const dept = s.main_department;
    const weight = dept === 5 || dept === 6 || dept === 2 ? 6 : dept === 3 || dept === 7 ? 2 : 1;
    for (let i = 0; i < weight; i++) pool.push(s.userid);
  }
  return pool;
}

export function newCustomer(state: CorpState, rng: Rng): Customer {
  const type: 1 | 2 = rng.chance(0.85) ? 1 : 2;
  const gender: 0 | 1 | 2 = rng.chance(0.05) ? 0 : rng.chance(0.5) ? 1 : 2;
  const name = personName(rng, gender === 2 ? 2 : 1);
  const city = rng.pick(CITIES);
  const brand = rng.pick(BRANDS);
  const industry = rng.pick(INDUSTRIES);
  const hasCorp = type === 2 || rng.chance(0.6);
  const externalUserId = state.ids.externalUserId(type);
  const position = type === 2 ? rng.pick(CUSTOMER_POSITIONS) : '';
  // Drawn although the path no longer uses it, so every seed keeps producing the same corp.
  rng.chars(12, 'abcdef0123456789');
  const customer: Customer = {
    external_userid: externalUserId,
    name,
    position,
    avatar: avatarPath('customers', externalUserId),
    corp_name: hasCorp ? `${brand}${industry}` : '',
    corp_full_name: hasCorp ? `${city}${brand}${industry}有限公司` : '',
    type,
    gender,
  };
  if (type === 1) customer.unionid = state.ids.unionId();
  return customer;
}

function newFollow(state: CorpState, rng: Rng, userid: string, customer: Customer, now: number): Follow {
  const tagIds: string[] = [];
  for (const group of state.tags.groups) {
    if (rng.chance(0.55)) tagIds.push(rng.pick(group.tags).id);
  }
  const addWay = rng.pick(ADD_WAYS);
  return {
    userid,
    external_userid: customer.external_userid,
    remark: rng.chance(0.6)
      ? `${customer.name}${customer.corp_name ? '-' + customer.corp_name : ''}`.slice(0, 20)
      : '',
    description: rng.pick(DESCRIPTIONS),
    createtime: now - rng.int(DAY, 365 * DAY),
    tagIds,
    remark_corp_name: rng.chance(0.3) ? customer.corp_full_name : '',
    remark_mobiles: rng.chance(0.35) ? [mobile(rng)] : [],
    add_way: addWay,
    state: addWay === 1 ? rng.pick(CHANNEL_STATES) : '',
    oper_userid: addWay === 1 || addWay === 4 ? customer.external_userid : userid,
    deletedByCustomer: false,
  };
}

function seedGroups(state: CorpState, rng: Rng, count: number, now: number): void {
  const owners = state.directory
    .members()
    .filter((s) => s.externalContactEnabled && [5, 6, 3].includes(s.main_department));
  for (let i = 0; i < count; i++) {
    const owner = owners[i % owners.length];
    if (!owner) return;
    const created = now - rng.int(30 * DAY, 300 * DAY);
    const members: GroupMember[] = [
      {
        userid: owner.userid,
        type: 1,
        join_time: created,
        join_scene: 1,
        group_nickname: '',
        name: owner.name,
      },
    ];
    for (const colleague of rng.sample(
      owners.filter((o) => o !== owner),
      rng.int(1, 2),
    )) {
      members.push({
        userid: colleague.userid,
        type: 1,
        join_time: created + rng.int(60, DAY),
        join_scene: 1,
        invitor: owner.userid,
        group_nickname: '',
        name: colleague.name,
      });
    }
    const theirs = state.customers.followsOfUser(owner.userid);
    for (const f of rng.sample(theirs, rng.int(12, 45))) {
      const c = state.customers.customers.get(f.external_userid);
      if (!c) continue;
      const scene = rng.chance(0.6) ? 3 : 1;
      const member: GroupMember = {
        userid: c.external_userid,
        type: 2,
        join_time: created + rng.int(60, 20 * DAY),
        join_scene: scene,
        group_nickname: '',
        name: c.name,
      };
      if (scene === 1) member.invitor = owner.userid;
      if (c.unionid) member.unionid = c.unionid;
      members.push(member);
    }
    const group: GroupChat = {
      chat_id: state.ids.chatId(),
      name: GROUP_NAMES[i % GROUP_NAMES.length] ?? `客户群${i + 1}`,
      owner: owner.userid,
      create_time: created,
      notice: i % 2 === 0 ? '欢迎加入！群内请勿发布广告，有问题请@群主。' : '',
      members,
      admin_list: members[1] ? [members[1].userid] : [],
      memVer: 1,
      dismissed: false,
      transferred: false,
    };
    state.groups.set(group.chat_id, group);
  }
}

/**
 * Fills an empty state with the demo corp: a department tree, 24 members, `customerCount` customers with tags,
 * some followed by two members, a few customer groups and their chat history. Same seed → same corp
 * (times are offsets from `now`).
 */
export function seedDemoCorp(state: CorpState, options: DemoCorpOptions): void {
  const rng = new Rng(options.seed);
  const now = state.clock.nowSec();
  seedDirectory(state, rng);
  seedTags(state, now);
  const owners = ownerWeights(state);
  const sharedShare = options.sharedShare ?? 0.08;
  for (let i = 0; i < options.customerCount; i++) {
    const customer = newCustomer(state, rng);
    state.customers.customers.set(customer.external_userid, customer);
    const first = rng.pick(owners);
    state.customers.putFollow(newFollow(state, rng, first, customer, now));
    if (rng.chance(sharedShare)) {
      const second = rng.pick(owners);
      if (second !== first) state.customers.putFollow(newFollow(state, rng, second, customer, now));
    }
  }
  seedGroups(state, rng, options.groupCount ?? 5, now);
  seedDemoChats(state, rng, state.clock.nowMs());
  state.contactWays.set('demo-website-qr', {
    config_id: 'demo-website-qr',
    type: 2,
    scene: 2,
    remark: '官网客服二维码',
    skip_verify: true,
    state: 'website',
    user: ['WangFang', 'ZhaoMin'],
    party: [],
    is_temp: false,
    qr_code: 'https://wework.qpic.cn/wwpic/demo-website-qr/0',
    create_time: now - 200 * DAY,
  });
}
