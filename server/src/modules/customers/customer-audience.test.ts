import { audienceFilterSchema, type AudienceFilter, type OwnerPolicy } from '@keeper/shared';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { writeCustomer, writeOrg } from '../../test/audience-fixtures';
import { openTestDatabase, type TestDatabase } from '../../test/test-database';
import { conversationSql } from '../archive/conversation-sql';
import { CustomerGroupMemberEntity } from '../groups/group.entity';
import { MemberDirectory } from '../org/member-directory.service';
import { OrgRepository } from '../org/org.repository';
import { ScopeService } from '../org/scope.service';
import { CustomerAudience, type AudienceScope } from './customer-audience';

const NOW = new Date('2026-11-29T04:00:00Z');
const DAY_MS = 86_400_000;
const daysAgo = (days: number) => new Date(NOW.getTime() - days * DAY_MS);
const EAST = '2';
const SOUTH = '3';
const SHANGHAI = '4';

/**
 * Who an audience reaches and through whom, on MariaDB and SQLite. The corp: 华东 (2) with its 上海 team (4),
 * and 华南 (3). Anna is in 华东, Alan in 上海, Bob in 华南; Dora (华东) has left, Eve (华南) is disabled.
 */
describe('the audience builder', () => {
  let db: TestDatabase;
  let audience: CustomerAudience;

  beforeAll(async () => {
    db = await openTestDatabase();
  });
  beforeEach(async () => {
    await db.reset();
    const { dataSource } = db;
    audience = new CustomerAudience(
      dataSource,
      new MemberDirectory(dataSource),
      new ScopeService(new OrgRepository(dataSource)),
      conversationSql,
      () => NOW,
    );
    await writeOrg(dataSource, {
      departments: [
        ['1', null],
        [EAST, '1'],
        [SOUTH, '1'],
        [SHANGHAI, EAST],
      ],
      members: [
        ['anna', EAST, 'active'],
        ['alan', SHANGHAI, 'active'],
        ['bob', SOUTH, 'active'],
        ['dora', EAST, 'departed'],
        ['eve', SOUTH, 'disabled'],
      ],
    });
    const customer = (id: string, data: Parameters<typeof writeCustomer>[2]) =>
      writeCustomer(dataSource, id, data);
    // Added 2026-03-01 16:30 UTC: 2 March in Shanghai.
    await customer('c-anna', {
      gender: 2,
      relations: [
        {
          owner: 'anna',
          tags: ['vip'],
          state: 'expo',
          addedAt: new Date('2026-03-01T16:30:00Z'),
          lastChatAt: daysAgo(5),
        },
      ],
    });
    await customer('c-alan', {
      gender: 1,
      relations: [{ owner: 'alan', tags: ['vip', 'new'], state: 'web', addedAt: new Date('2026-05-10') }],
    });
    await customer('c-bob', {
      gender: 1,
      relations: [{ owner: 'bob', tags: ['new'], addedAt: new Date('2026-05-10'), lastChatAt: daysAgo(60) }],
      groups: ['g1'],
    });
    // Shared across departments: Anna added first, Bob chatted last.
    await customer('c-shared', {
      relations: [
        { owner: 'anna', tags: ['new'], addedAt: new Date('2026-02-01'), lastChatAt: daysAgo(40) },
        { owner: 'bob', tags: ['vip'], addedAt: new Date('2026-04-01T00:00:00Z'), lastChatAt: daysAgo(3) },
      ],
    });
    // Shared within 华东, never chatted: Anna added first, Alan last.
    await customer('c-shared-east', {
      relations: [
        { owner: 'anna', addedAt: new Date('2026-01-10') },
        { owner: 'alan', addedAt: new Date('2026-02-10') },
      ],
    });
    await customer('c-departed', { relations: [{ owner: 'dora' }] });
    await customer('c-disabled', { relations: [{ owner: 'eve' }, { owner: 'bob' }] });
    await customer('c-lost', {
      relations: [{ owner: 'anna', tags: ['vip'], status: 'deleted_by_customer' }],
    });
    // Alan's relation ended; the tag he had put on it stays behind in the table but is no longer the customer's.
    await customer('c-ended-tag', {
      relations: [{ owner: 'anna' }, { owner: 'alan', tags: ['vip'], status: 'deleted_by_member' }],
    });
    await customer('c-left-group', { relations: [{ owner: 'bob' }] });
    await dataSource
      .getRepository(CustomerGroupMemberEntity)
      .insert({ chatId: 'g1', memberId: 'c-left-group', type: 2, leftAt: daysAgo(1) });
  });
  afterAll(() => db.close());

  const filter = (input: Partial<AudienceFilter> = {}) => audienceFilterSchema.parse(input);
  const lastChat: OwnerPolicy = { policy: 'last_chat' };
  const count = (
    input: Partial<AudienceFilter>,
    scope: AudienceScope = 'all',
    policy: OwnerPolicy = lastChat,
  ) => audience.count(filter(input), policy, scope);
  /** customer → sender, of everyone the audience resolves to. */
  const senders = async (
    input: Partial<AudienceFilter>,
    scope: AudienceScope = 'all',
    policy: OwnerPolicy = lastChat,
  ) => {
    const { recipients } = await audience.resolve(filter(input), policy, scope);
    return Object.fromEntries(recipients.map((each) => [each.externalUserId, each.senderUserId]));
  };
  const customers = async (input: Partial<AudienceFilter>, scope: AudienceScope = 'all') =>
    Object.keys(await senders(input, scope)).sort();

  it('counts every reachable customer once, through active relations of active members', async () => {
    expect(await count({})).toEqual({ customers: 8, merged: 2, senders: 3 });
    expect(await senders({})).toEqual({
      'c-alan': 'alan',
      'c-anna': 'anna',
      'c-bob': 'bob',
      'c-disabled': 'bob',
      'c-ended-tag': 'anna',
      'c-left-group': 'bob',
      'c-shared': 'bob',
      'c-shared-east': 'alan',
    });
    expect((await audience.resolve(filter(), lastChat, 'all')).merged).toBe(2);
  });

  it('reaches only customers of members in the scope, a shared customer once through the scope’s owner', async () => {
    expect(await count({}, [EAST])).toEqual({ customers: 5, merged: 1, senders: 2 });
    expect(await senders({}, [EAST])).toEqual({
      'c-alan': 'alan',
      'c-anna': 'anna',
      'c-ended-tag': 'anna',
      'c-shared': 'anna',
      'c-shared-east': 'alan',
    });
    expect(await senders({}, [SOUTH])).toEqual({
      'c-bob': 'bob',
      'c-disabled': 'bob',
      'c-left-group': 'bob',
      'c-shared': 'bob',
    });
    expect(await customers({}, [SHANGHAI])).toEqual(['c-alan', 'c-shared-east']);
    expect(await count({}, [])).toEqual({ customers: 0, merged: 0, senders: 0 });
  });

  it('narrows to owners: members, and departments with their sub-trees', async () => {
    expect(await senders({ ownerIds: ['bob'] })).toEqual({
      'c-bob': 'bob',
      'c-disabled': 'bob',
      'c-left-group': 'bob',
      'c-shared': 'bob',
    });
    expect(await count({ ownerDepartmentIds: [EAST] })).toEqual({ customers: 5, merged: 1, senders: 2 });
    expect(await senders({ ownerDepartmentIds: [SHANGHAI], ownerIds: ['bob'] })).toMatchObject({
      'c-alan': 'alan',
      'c-shared-east': 'alan',
      'c-shared': 'bob',
    });
    // Owners outside the scope reach nobody, and departed members send nothing.
    expect(await count({ ownerIds: ['bob'] }, [EAST])).toEqual({ customers: 0, merged: 0, senders: 0 });
    expect(await count({ ownerIds: ['dora'] })).toEqual({ customers: 0, merged: 0, senders: 0 });
  });

  it('filters by tags on any in-scope relation: any, all, none and exclusions', async () => {
    const any = (tagIds: string[]) => ({ tagConditions: [{ mode: 'any' as const, tagIds }] });
    expect(await customers(any(['vip']))).toEqual(['c-alan', 'c-anna', 'c-shared']);
    // c-shared's VIP tag is Bob's, outside 华东.
    expect(await customers(any(['vip']), [EAST])).toEqual(['c-alan', 'c-anna']);
    // Both tags, even when on different owners' relations.
    expect(await customers({ tagConditions: [{ mode: 'all', tagIds: ['vip', 'new'] }] })).toEqual([
      'c-alan',
      'c-shared',
    ]);
    expect(await customers({ tagConditions: [{ mode: 'none', tagIds: ['vip'] }] })).toEqual([
      'c-bob',
      'c-disabled',
      'c-ended-tag',
      'c-left-group',
      'c-shared-east',
    ]);
    expect(await customers({ excludeTagIds: ['new'] })).toEqual([
      'c-anna',
      'c-disabled',
      'c-ended-tag',
      'c-left-group',
      'c-shared-east',
    ]);
    expect(
      await customers({
        tagConditions: [
          { mode: 'any', tagIds: ['vip', 'new'] },
          { mode: 'none', tagIds: ['new'] },
        ],
      }),
    ).toEqual(['c-anna']);
    // A tag sends through the matched relation's owner, whichever relation carries it.
    expect(await senders(any(['new']))).toMatchObject({ 'c-shared': 'bob' });
  });

  it('filters by customer group (members still in it), added day in Shanghai, channel and gender', async () => {
    expect(await customers({ groupChatIds: ['g1', 'g-none'] })).toEqual(['c-bob']);
    expect(await customers({ addedFrom: '2026-03-02', addedTo: '2026-03-02' })).toEqual(['c-anna']);
    expect(await customers({ addedFrom: '2026-02-25', addedTo: '2026-03-01' })).toEqual([]);
    // Only Bob's relation of c-shared was added in the window: it sends, nothing is merged.
    expect(await count({ addedFrom: '2026-03-02', addedTo: '2026-04-01' })).toEqual({
      customers: 2,
      merged: 0,
      senders: 2,
    });
    expect(await senders({ addedFrom: '2026-03-02', addedTo: '2026-04-01' })).toEqual({
      'c-anna': 'anna',
      'c-shared': 'bob',
    });
    expect(await customers({ channels: ['expo', 'web'] })).toEqual(['c-alan', 'c-anna']);
    expect(await customers({ genders: [1] })).toEqual(['c-alan', 'c-bob']);
    expect(await customers({ genders: [2] })).toEqual(['c-anna']);
  });

  it('finds silent customers: no archived chat with any member for N days, never chatted included', async () => {
    expect(await customers({ silentDays: 30 })).toEqual([
      'c-alan',
      'c-bob',
      'c-disabled',
      'c-ended-tag',
      'c-left-group',
      'c-shared-east',
    ]);
    expect(await customers({ silentDays: 90 })).not.toContain('c-bob');
    // Bob (华南) chatted with c-shared three days ago: not silent for 华东 either.
    expect(await customers({ silentDays: 30 }, [EAST])).toEqual(['c-alan', 'c-ended-tag', 'c-shared-east']);
  });

  it('adds included customers whatever the filters say, if in scope and still customers; removes excluded', async () => {
    const included = ['c-bob', 'c-departed', 'c-lost', 'c-unknown'];
    expect(await customers({ channels: ['expo'], includeIds: included })).toEqual(['c-anna', 'c-bob']);
    expect(await customers({ channels: ['expo'], includeIds: included }, [EAST])).toEqual(['c-anna']);
    // An included customer sends through any of its in-scope owners, by the policy.
    expect(await count({ ownerIds: ['alan'], includeIds: ['c-shared'] })).toEqual({
      customers: 3,
      merged: 1,
      senders: 2,
    });
    expect(await senders({ ownerIds: ['alan'], includeIds: ['c-shared'] })).toEqual({
      'c-alan': 'alan',
      'c-shared-east': 'alan',
      'c-shared': 'bob',
    });
    expect(await count({ excludeIds: ['c-anna', 'c-shared'] })).toEqual({
      customers: 6,
      merged: 1,
      senders: 3,
    });
    expect(await customers({ includeIds: ['c-bob'], excludeIds: ['c-bob'], channels: ['expo'] })).toEqual([
      'c-anna',
    ]);
  });

  it('picks the sender by policy: last chat, first owner, or a department first', async () => {
    expect(await senders({ includeIds: [] }, 'all', { policy: 'last_chat' })).toMatchObject({
      'c-shared': 'bob',
      'c-shared-east': 'alan',
    });
    expect(await senders({}, 'all', { policy: 'first_owner' })).toMatchObject({
      'c-shared': 'anna',
      'c-shared-east': 'anna',
    });
    expect(await senders({}, 'all', { policy: 'department_first', departmentId: EAST })).toMatchObject({
      'c-shared': 'anna',
      'c-shared-east': 'alan',
    });
    expect(await senders({}, 'all', { policy: 'department_first', departmentId: SHANGHAI })).toMatchObject({
      'c-shared': 'bob',
      'c-shared-east': 'alan',
    });
    expect(await count({}, 'all', { policy: 'first_owner' })).toEqual({
      customers: 8,
      merged: 2,
      senders: 3,
    });
  });
});
