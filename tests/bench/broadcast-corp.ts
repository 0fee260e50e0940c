import {
  audienceFilterSchema,
  type AudienceFilter,
  type MemberStatus,
  type OwnerPolicy,
} from '@keeper/shared';
import type { DataSource } from 'typeorm';
import { insertRows } from '../../server/src/db/bulk-insert';
import type { AudienceScope, CustomerAudience } from '../../server/src/modules/customers/customer-audience';
import { quantile, round, timed } from './stats';

/**
 * A corp for the mass-reachout benchmarks: customers over members in a small department tree, with tags,
 * channels, customer groups, customers shared by two owners (some across departments) and archived chats. Built
 * as plain data first, so a benchmark can give the same corp to the WeCom simulator, then written straight into
 * the database.
 */
export interface BroadcastCorp {
  now: Date;
  departments: { id: string; name: string; parentId: string | null }[];
  members: { userId: string; name: string; departmentId: string; status: MemberStatus }[];
  tags: { tagId: string; groupId: string; name: string }[];
  channels: string[];
  customers: { externalUserId: string; name: string; gender: 0 | 1 | 2 }[];
  /** Every follow relation; `active` false for the few the member deleted. */
  relations: {
    externalUserId: string;
    userId: string;
    addedAt: Date;
    state: string | null;
    active: boolean;
    tagIds: string[];
    /** The last archived one-to-one message between the two, if they ever chatted. */
    lastChatAt: Date | null;
  }[];
  groups: { chatId: string; ownerId: string; customerIds: string[] }[];
}

export interface BroadcastCorpOptions {
  customers?: number;
  members?: number;
  /** Share of customers followed by a second member. */
  sharedShare?: number;
  seed?: number;
  now?: Date;
}

const DAY_MS = 86_400_000;
const TAG_GROUPS = 5;
const TAGS_PER_GROUP = 8;
const GROUPS = 60;
const CHANNELS = ['spring-fair', 'website', 'wechat-ad', 'store-qr', 'referral', 'webinar', 'poster', 'expo'];
/** 总部 with three regions, each with two teams: ten departments, members in the regions and teams. */
const DEPARTMENTS: BroadcastCorp['departments'] = [
  { id: '1', name: '总部', parentId: null },
  { id: '2', name: '华东区', parentId: '1' },
  { id: '3', name: '华南区', parentId: '1' },
  { id: '4', name: '华北区', parentId: '1' },
  { id: '5', name: '上海一组', parentId: '2' },
  { id: '6', name: '杭州一组', parentId: '2' },
  { id: '7', name: '广州一组', parentId: '3' },
  { id: '8', name: '深圳一组', parentId: '3' },
  { id: '9', name: '北京一组', parentId: '4' },
  { id: '10', name: '天津一组', parentId: '4' },
];

/** A deterministic PRNG, so every run measures the same corp. */
function mulberry32(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const benchMemberId = (i: number) => `sender${String(i).padStart(4, '0')}`;
export const benchCustomerId = (i: number) => `wmBench${String(i).padStart(8, '0')}`;
export const benchTagId = (group: number, tag: number) => `etBenchTag${group}_${tag}`;

export function buildBroadcastCorp(options: BroadcastCorpOptions = {}): BroadcastCorp {
  const customerCount = options.customers ?? 100_000;
  const memberCount = options.members ?? 500;
  const sharedShare = options.sharedShare ?? 0.12;
  const now = options.now ?? new Date();
  const random = mulberry32(options.seed ?? 20261111);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  const teams = DEPARTMENTS.filter((department) => department.parentId !== null);

  const members = Array.from({ length: memberCount }, (_, i) => ({
    userId: benchMemberId(i),
    name: `成员${i}`,
    departmentId: teams[i % teams.length]!.id,
    status: (i % 60 === 59 ? 'departed' : i % 75 === 74 ? 'disabled' : 'active') as MemberStatus,
  }));
  const tags = Array.from({ length: TAG_GROUPS * TAGS_PER_GROUP }, (_, i) => ({
    tagId: benchTagId(Math.floor(i / TAGS_PER_GROUP), i % TAGS_PER_GROUP),
    groupId: `etBenchGroup${Math.floor(i / TAGS_PER_GROUP)}`,
    name: `标签${i}`,
  }));
  // Tags are skewed, as in a real corp: the first of each group is common, the rest rarer.
  const tagOf = () => {
    const group = Math.floor(random() * TAG_GROUPS);
    const tag = Math.min(TAGS_PER_GROUP - 1, Math.floor(-Math.log(1 - random()) * 2));
    return benchTagId(group, tag);
  };

  const customers: BroadcastCorp['customers'] = [];
  const relations: BroadcastCorp['relations'] = [];
  for (let i = 0; i < customerCount; i++) {
    const externalUserId = benchCustomerId(i);
    customers.push({ externalUserId, name: `客户${i}`, gender: pick([0, 1, 1, 2, 2] as const) });
    const first = Math.floor(random() * memberCount);
    const owners = [first];
    if (random() < sharedShare) {
      // Half the shared customers have their second owner in the same team, half anywhere.
      const sameTeam = random() < 0.5;
      const second = sameTeam
        ? (first + teams.length * (1 + Math.floor(random() * 10))) % memberCount
        : Math.floor(random() * memberCount);
      if (second !== first) owners.push(second);
    }
    for (const owner of owners) {
      const addedAt = new Date(now.getTime() - Math.floor(random() * 730 * DAY_MS));
      const chatted = random() < 0.6;
      relations.push({
        externalUserId,
        userId: benchMemberId(owner),
        addedAt,
        state: random() < 0.7 ? pick(CHANNELS) : null,
        active: random() >= 0.02,
        tagIds: [...new Set(Array.from({ length: Math.floor(random() * 4) }, tagOf))],
        lastChatAt: chatted
          ? new Date(Math.max(addedAt.getTime(), now.getTime() - Math.floor(random() * 240 * DAY_MS)))
          : null,
      });
    }
  }
  const groups = Array.from({ length: GROUPS }, (_, g) => {
    const members = new Set<string>();
    const size = Math.min(customerCount, 50 + Math.floor(random() * 400));
    while (members.size < size) members.add(benchCustomerId(Math.floor(random() * customerCount)));
    return { chatId: `wrBenchGroup${g}`, ownerId: benchMemberId(g * 7), customerIds: [...members] };
  });
  return {
    now,
    departments: DEPARTMENTS,
    members,
    tags,
    channels: CHANNELS,
    customers,
    relations,
    groups,
  };
}

/** Writes the corp into an empty, migrated database (MariaDB or SQLite), in a few large transactions. */
export async function seedBroadcastCorp(dataSource: DataSource, corp: BroadcastCorp): Promise<void> {
  const { now } = corp;
  const write = (table: string, columns: string[], rows: unknown[][]) =>
    dataSource.transaction((manager) => insertRows(manager, table, columns, rows));
  await write(
    'departments',
    ['id', 'name', 'parent_id', 'sort_order', 'updated_at'],
    corp.departments.map((d) => [d.id, d.name, d.parentId, 0, now]),
  );
  await write(
    'members',
    ['userid', 'name', 'main_department_id', 'status', 'departed_at', 'created_at', 'updated_at'],
    corp.members.map((m) => [
      m.userId,
      m.name,
      m.departmentId,
      m.status,
      m.status === 'departed' ? now : null,
      now,
      now,
    ]),
  );
  await write(
    'member_departments',
    ['userid', 'department_id', 'is_leader'],
    corp.members.map((m) => [m.userId, m.departmentId, 0]),
  );
  const groupIds = [...new Set(corp.tags.map((tag) => tag.groupId))];
  await write(
    'corp_tag_groups',
    ['group_id', 'name', 'sort_order'],
    groupIds.map((groupId) => [groupId, groupId, 0]),
  );
  await write(
    'corp_tags',
    ['tag_id', 'group_id', 'name', 'sort_order'],
    corp.tags.map((tag) => [tag.tagId, tag.groupId, tag.name, 0]),
  );
  const activeCustomers = new Set(
    corp.relations.filter((relation) => relation.active).map((r) => r.externalUserId),
  );
  const firstAdded = new Map<string, Date>();
  for (const relation of corp.relations) {
    const seen = firstAdded.get(relation.externalUserId);
    if (!seen || relation.addedAt < seen) firstAdded.set(relation.externalUserId, relation.addedAt);
  }
  await write(
    'customers',
    [
      'external_userid',
      'name',
      'type',
      'gender',
      'status',
      'search_text',
      'first_added_at',
      'created_at',
      'updated_at',
    ],
    corp.customers.map((c) => [
      c.externalUserId,
      c.name,
      1,
      c.gender,
      activeCustomers.has(c.externalUserId) ? 'active' : 'lost',
      c.name,
      firstAdded.get(c.externalUserId) ?? null,
      now,
      now,
    ]),
  );
  await write(
    'customer_follows',
    [
      'external_userid',
      'userid',
      'remark_mobiles',
      'add_way',
      'state',
      'added_at',
      'status',
      'ended_at',
      'updated_at',
    ],
    corp.relations.map((r) => [
      r.externalUserId,
      r.userId,
      '',
      1,
      r.state,
      r.addedAt,
      r.active ? 'active' : 'deleted_by_member',
      r.active ? null : now,
      now,
    ]),
  );
  await write(
    'customer_follow_tags',
    ['external_userid', 'userid', 'tag_id'],
    corp.relations.flatMap((r) => r.tagIds.map((tagId) => [r.externalUserId, r.userId, tagId])),
  );
  await write(
    'archive_conversations',
    ['conversation_key', 'kind', 'member_id', 'customer_id', 'last_message_at', 'message_count'],
    corp.relations
      .filter((r) => r.lastChatAt)
      .map((r) => [
        `single:${r.userId}:${r.externalUserId}`,
        'single',
        r.userId,
        r.externalUserId,
        r.lastChatAt,
        1,
      ]),
  );
  await write(
    'customer_groups',
    ['chat_id', 'name', 'owner_userid', 'status', 'created_at', 'updated_at'],
    corp.groups.map((g) => [g.chatId, g.chatId, g.ownerId, 'active', now, now]),
  );
  await write(
    'customer_group_members',
    ['chat_id', 'member_id', 'type', 'joined_at'],
    corp.groups.flatMap((g) => [
      [g.chatId, g.ownerId, 1, now],
      ...g.customerIds.map((customer) => [g.chatId, customer, 2, now]),
    ]),
  );
  if (dataSource.options.type !== 'better-sqlite3') {
    await dataSource.query(
      'ANALYZE TABLE customers, customer_follows, customer_follow_tags, member_departments, members, archive_conversations, customer_group_members',
    );
  }
}

export interface AudienceCase {
  label: string;
  filter: AudienceFilter;
  policy: OwnerPolicy;
  scope: AudienceScope;
}

/** About fifty audiences a marketer builds while the console counts live: every filter, alone and mixed. */
export function audienceCases(corp: BroadcastCorp): AudienceCase[] {
  const filter = (input: Partial<AudienceFilter>) => audienceFilterSchema.parse(input);
  const day = (daysAgo: number) =>
    new Date(corp.now.getTime() - daysAgo * DAY_MS + 8 * 3_600_000).toISOString().slice(0, 10);
  const lastChat: OwnerPolicy = { policy: 'last_chat' };
  const cases: AudienceCase[] = [];
  const add = (
    label: string,
    input: Partial<AudienceFilter>,
    scope: AudienceScope = 'all',
    policy: OwnerPolicy = lastChat,
  ) => cases.push({ label, filter: filter(input), policy, scope });
  const tag = (group: number, index: number) => benchTagId(group, index);
  const someCustomers = (from: number, count: number, step: number) =>
    Array.from({ length: count }, (_, i) => benchCustomerId(from + i * step));

  add('everyone', {});
  add('everyone, first owner', {}, 'all', { policy: 'first_owner' });
  add('everyone, 华东区 first', {}, 'all', { policy: 'department_first', departmentId: '2' });
  add('marketer of 华东区', {}, ['2']);
  add('marketer of 上海一组', {}, ['5']);
  add('marketer of two teams', {}, ['5', '8']);
  add('owners: five members', { ownerIds: [0, 1, 2, 3, 4].map(benchMemberId) });
  add('owners: one member', { ownerIds: [benchMemberId(42)] });
  add('owners: 华南区', { ownerDepartmentIds: ['3'] });
  add('owners: two teams', { ownerDepartmentIds: ['6', '9'] });
  add('owners: team + members', { ownerDepartmentIds: ['7'], ownerIds: [benchMemberId(10)] });
  add('tag any (common)', { tagConditions: [{ mode: 'any', tagIds: [tag(0, 0)] }] });
  add('tag any (rare)', { tagConditions: [{ mode: 'any', tagIds: [tag(1, 6)] }] });
  add('tag any of three', { tagConditions: [{ mode: 'any', tagIds: [tag(2, 0), tag(2, 1), tag(2, 2)] }] });
  add('tag all of two', { tagConditions: [{ mode: 'all', tagIds: [tag(0, 0), tag(1, 0)] }] });
  add('tag none', { tagConditions: [{ mode: 'none', tagIds: [tag(3, 0)] }] });
  add('tag any AND none', {
    tagConditions: [
      { mode: 'any', tagIds: [tag(0, 0), tag(0, 1)] },
      { mode: 'none', tagIds: [tag(4, 0)] },
    ],
  });
  add('tag any AND all', {
    tagConditions: [
      { mode: 'any', tagIds: [tag(1, 0), tag(1, 1)] },
      { mode: 'all', tagIds: [tag(2, 0), tag(3, 0)] },
    ],
  });
  add('exclude tags', { excludeTagIds: [tag(0, 0), tag(1, 0)] });
  add('in one group', { groupChatIds: ['wrBenchGroup3'] });
  add('in ten groups', { groupChatIds: Array.from({ length: 10 }, (_, g) => `wrBenchGroup${g * 5}`) });
  add('added last 30 days', { addedFrom: day(30) });
  add('added a year ago, one quarter', { addedFrom: day(455), addedTo: day(365) });
  add('channel webinar', { channels: ['webinar'] });
  add('channels three', { channels: ['website', 'store-qr', 'expo'] });
  add('silent 30 days', { silentDays: 30 });
  add('silent 90 days', { silentDays: 90 });
  add('silent 180 days', { silentDays: 180 });
  add('female', { genders: [2] });
  add('male or unknown', { genders: [0, 1] });
  add('include 500 (with tag)', {
    tagConditions: [{ mode: 'any', tagIds: [tag(1, 6)] }],
    includeIds: someCustomers(5, 500, 97),
  });
  add('exclude 2,000', { excludeIds: someCustomers(0, 2_000, 41) });
  add('exclude 20,000', { excludeIds: someCustomers(1, 20_000, 4) });
  add('reactivation: silent 90, tag', {
    silentDays: 90,
    tagConditions: [{ mode: 'any', tagIds: [tag(0, 0), tag(0, 1)] }],
  });
  add('retention: added 90 days, channel', { addedFrom: day(90), channels: ['website', 'webinar'] });
  add('cross-sell: tag all, female', {
    tagConditions: [{ mode: 'all', tagIds: [tag(0, 0), tag(2, 0)] }],
    genders: [2],
  });
  add('up-sell: group + not tag', {
    groupChatIds: ['wrBenchGroup1', 'wrBenchGroup2'],
    tagConditions: [{ mode: 'none', tagIds: [tag(4, 1)] }],
  });
  add('华东区 marketer, silent 60', { silentDays: 60 }, ['2']);
  add('华南区 marketer, tag any', { tagConditions: [{ mode: 'any', tagIds: [tag(0, 0)] }] }, ['3']);
  add('team marketer, added 180 days', { addedFrom: day(180) }, ['9']);
  add('team marketer, channel + gender', { channels: ['expo'], genders: [1] }, ['10']);
  add('owners 华北区 + silent + tag', {
    ownerDepartmentIds: ['4'],
    silentDays: 45,
    tagConditions: [{ mode: 'any', tagIds: [tag(3, 0), tag(3, 1)] }],
  });
  add('everything at once', {
    ownerDepartmentIds: ['2', '3'],
    tagConditions: [{ mode: 'any', tagIds: [tag(0, 0), tag(1, 0)] }],
    excludeTagIds: [tag(4, 2)],
    addedFrom: day(600),
    channels: ['website', 'wechat-ad', 'webinar'],
    silentDays: 30,
    genders: [1, 2],
    excludeIds: someCustomers(3, 300, 101),
  });
  add('first owner, 华南区 owners', { ownerDepartmentIds: ['3'] }, 'all', { policy: 'first_owner' });
  add('department first, tag', { tagConditions: [{ mode: 'any', tagIds: [tag(2, 0)] }] }, 'all', {
    policy: 'department_first',
    departmentId: '3',
  });
  add('department first, marketer', { silentDays: 30 }, ['2'], {
    policy: 'department_first',
    departmentId: '5',
  });
  add('silent 365 days', { silentDays: 365 });
  add('added last 7 days, any tag', {
    addedFrom: day(7),
    tagConditions: [{ mode: 'any', tagIds: [tag(0, 0)] }],
  });
  add('nobody (rare tag + one owner)', {
    ownerIds: [benchMemberId(3)],
    tagConditions: [{ mode: 'all', tagIds: [tag(1, 7), tag(2, 7)] }],
  });
  return cases;
}

export interface AudienceTiming {
  label: string;
  customers: number;
  merged: number;
  senders: number;
  p50: number;
  max: number;
}

/**
 * Times `CustomerAudience.count` over `audienceCases`, `runs` times each after one warm-up, and returns the
 * p50 and p95 over every run with the per-case figures.
 */
export async function measureAudienceCount(
  audience: CustomerAudience,
  corp: BroadcastCorp,
  runs = 5,
): Promise<{ p50: number; p95: number; cases: AudienceTiming[] }> {
  const all: number[] = [];
  const timings: AudienceTiming[] = [];
  for (const { label, filter, policy, scope } of audienceCases(corp)) {
    let figures = await audience.count(filter, policy, scope, corp.now);
    const durations: number[] = [];
    for (let run = 0; run < runs; run++)
      durations.push(
        await timed(async () => (figures = await audience.count(filter, policy, scope, corp.now))),
      );
    all.push(...durations);
    timings.push({
      label,
      ...figures,
      p50: round(quantile(durations, 0.5)),
      max: round(Math.max(...durations)),
    });
  }
  return { p50: round(quantile(all, 0.5)), p95: round(quantile(all, 0.95)), cases: timings };
}
