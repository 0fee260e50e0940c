import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../test/test-database';
import { ConversationDirectory } from '../archive/conversation-directory';
import { CustomerDirectory } from '../customers/customer-directory.service';
import { CustomerEntity, CustomerFollowEntity } from '../customers/customer.entity';
import { MemberDirectory } from '../org/member-directory.service';
import { MemberEntity } from '../org/org.entity';
import { Planner, type PlannedRow } from './planner';
import { HandoverCaseEntity, HandoverItemEntity } from './reassign.entity';
import { ReassignRepository } from './reassign.repository';
import { warningOf } from './reassign.service';

const DAY_MS = 86_400_000;
const NOW = new Date('2026-11-29T04:00:00Z');

describe('the handover planner', () => {
  let db: TestDatabase;
  let repository: ReassignRepository;
  let planner: Planner;

  beforeAll(async () => {
    db = await openTestDatabase();
  });
  beforeEach(async () => {
    await db.reset();
    repository = new ReassignRepository(db.dataSource);
    planner = new Planner({
      repository,
      // No WeCom here: the checks only WeCom can answer (permission, visible range) are the integration tests'.
      client: undefined,
      members: new MemberDirectory(db.dataSource),
      customers: new CustomerDirectory(db.dataSource),
      conversations: new ConversationDirectory(db.dataSource),
      now: () => NOW,
    });
    for (const [userId, status] of [
      ['Leaver', 'departed'],
      ['Anna', 'active'],
      ['Bo', 'active'],
      ['Chen', 'active'],
      ['Gone', 'departed'],
    ] as const) {
      await db.dataSource.getRepository(MemberEntity).insert({ userId, name: userId, status });
    }
  });
  afterAll(() => db.close());

  async function follows(userId: string, customers: string[]) {
    for (const externalUserId of customers) {
      await db.dataSource
        .getRepository(CustomerEntity)
        .upsert(
          { externalUserId, name: externalUserId, type: 1, gender: 0, status: 'active', searchText: '' },
          ['externalUserId'],
        );
      await db.dataSource
        .getRepository(CustomerFollowEntity)
        .insert({ externalUserId, userId, remarkMobiles: '', status: 'active', addedAt: NOW });
    }
  }

  async function departureCase(customers: string[], departedDaysAgo = 10) {
    await follows('Leaver', customers);
    const saved = await db.dataSource.getRepository(HandoverCaseEntity).save({
      dedupeKey: 'resigned:Leaver:1',
      kind: 'resigned',
      status: 'pending',
      handoverUserId: 'Leaver',
      departedAt: new Date(NOW.getTime() - departedDaysAgo * DAY_MS),
      refusalsReported: 0,
    });
    await db.dataSource.transaction((manager) =>
      repository.addItems(manager, saved.id, 'customer', customers),
    );
    return saved;
  }

  const receivers = (rows: PlannedRow[]) =>
    Object.fromEntries(
      rows.map((row) => [row.item.targetId, `${row.verdict}:${row.receiver}:${row.reason}`]),
    );

  it('spreads customers evenly, in turn', async () => {
    const handoverCase = await departureCase(['c1', 'c2', 'c3', 'c4']);
    const rows = await planner.plan(handoverCase, {
      selection: { mode: 'all' },
      distribution: { mode: 'even', receivers: ['Anna', 'Bo'] },
      includeGroups: true,
    });
    expect(receivers(rows)).toEqual({
      c1: 'go:Anna:null',
      c2: 'go:Bo:null',
      c3: 'go:Anna:null',
      c4: 'go:Bo:null',
    });
  });

  it('gives each next customer to whoever has fewest by current load', async () => {
    await follows('Anna', ['a1', 'a2', 'a3']);
    const handoverCase = await departureCase(['c1', 'c2', 'c3', 'c4']);
    const rows = await planner.plan(handoverCase, {
      selection: { mode: 'all' },
      distribution: { mode: 'load', receivers: ['Anna', 'Bo'] },
      includeGroups: true,
    });
    const count = (who: string) => rows.filter((row) => row.receiver === who).length;
    expect([count('Anna'), count('Bo')]).toEqual([1, 3]);
  });

  it('keeps a customer with a colleague who already follows it, with no call, and spreads the rest', async () => {
    await follows('Chen', ['c2']);
    const handoverCase = await departureCase(['c1', 'c2', 'c3']);
    const rows = await planner.plan(handoverCase, {
      selection: { mode: 'all' },
      distribution: { mode: 'co_owner', receivers: ['Anna'] },
      includeGroups: true,
    });
    expect(receivers(rows)).toEqual({
      c1: 'go:Anna:null',
      c2: 'skip:Chen:receiver_follows',
      c3: 'go:Anna:null',
    });
  });

  it('skips a customer the receiver follows already, and blocks all for a receiver who left', async () => {
    await follows('Anna', ['c2']);
    const handoverCase = await departureCase(['c1', 'c2']);
    const toAnna = await planner.plan(handoverCase, {
      selection: { mode: 'all' },
      distribution: { mode: 'single', receivers: ['Anna'] },
      includeGroups: true,
    });
    expect(receivers(toAnna)).toEqual({ c1: 'go:Anna:null', c2: 'skip:Anna:receiver_follows' });
    const toGone = await planner.plan(handoverCase, {
      selection: { mode: 'all' },
      distribution: { mode: 'single', receivers: ['Gone'] },
      includeGroups: true,
    });
    expect(toGone.map((row) => row.reason)).toEqual(['receiver_inactive', 'receiver_inactive']);
  });

  it('blocks a receiver WeCom last reported at the customer limit, until a transfer to them completes', async () => {
    const handoverCase = await departureCase(['c1']);
    const plan = () =>
      planner.plan(handoverCase, {
        selection: { mode: 'all' },
        distribution: { mode: 'single', receivers: ['Bo'] },
        includeGroups: true,
      });
    const earlier = { caseId: handoverCase.id, kind: 'customer' as const, takeoverUserId: 'Bo', attempts: 1 };
    await db.dataSource
      .getRepository(HandoverItemEntity)
      .insert({ ...earlier, targetId: 'x1', state: 'done' });
    expect(receivers(await plan())).toEqual({ c1: 'go:Bo:null' });
    await db.dataSource
      .getRepository(HandoverItemEntity)
      .insert({ ...earlier, targetId: 'x2', state: 'receiver_full' });
    expect(receivers(await plan())).toEqual({ c1: 'blocked:Bo:receiver_full' });
  });

  it('blocks everything a year after the departure, when WeCom no longer hands over', async () => {
    const handoverCase = await departureCase(['c1'], 366);
    const rows = await planner.plan(handoverCase, {
      selection: { mode: 'all' },
      distribution: { mode: 'single', receivers: ['Anna'] },
      includeGroups: true,
    });
    expect(receivers(rows)).toEqual({ c1: 'blocked:Anna:deadline_passed' });
  });

  it('takes only the ticked customers, or those the filter matches', async () => {
    const handoverCase = await departureCase(['c1', 'c2', 'c3']);
    const ticked = await planner.plan(handoverCase, {
      selection: { mode: 'ids', externalUserIds: ['c3', 'c1'] },
      distribution: { mode: 'single', receivers: ['Anna'] },
      includeGroups: true,
    });
    expect(ticked.map((row) => row.item.targetId).sort()).toEqual(['c1', 'c3']);
    const recent = await planner.plan(handoverCase, {
      selection: { mode: 'filter', addedFrom: new Date(NOW.getTime() + 1).toISOString() },
      distribution: { mode: 'single', receivers: ['Anna'] },
      includeGroups: true,
    });
    expect(recent).toEqual([]);
  });
});

describe('the deadline warning', () => {
  const deadline = new Date(NOW.getTime() + 20 * DAY_MS);
  it('warns a month, then a week before, and says when it passed', () => {
    expect(warningOf(deadline, new Date(deadline.getTime() - 40 * DAY_MS))).toBe('none');
    expect(warningOf(deadline, new Date(deadline.getTime() - 30 * DAY_MS))).toBe('month');
    expect(warningOf(deadline, new Date(deadline.getTime() - 7 * DAY_MS))).toBe('week');
    expect(warningOf(deadline, new Date(deadline.getTime() + 1))).toBe('passed');
    expect(warningOf(null, NOW)).toBe('none');
  });
});
