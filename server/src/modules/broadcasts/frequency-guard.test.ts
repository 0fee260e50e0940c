import type { CampaignKind, CampaignStatus, RecipientState } from '@keeper/shared';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../test/test-database';
import { CampaignEntity, RecipientEntity, TaskEntity } from './broadcast.entity';
import { FrequencyGuard, receivePeriod } from './frequency-guard';

/** Monday 30 November 2026, 09:00 in Shanghai. */
const NOW = new Date('2026-11-30T01:00:00Z');
const HOUR_MS = 3_600_000;
const hoursAgo = (hours: number) => new Date(NOW.getTime() - hours * HOUR_MS);

describe('receive periods in Shanghai’s calendar', () => {
  it('runs days from Shanghai midnight, weeks Monday to Sunday, months with their own length', () => {
    expect(receivePeriod('day', NOW)).toEqual({
      start: new Date('2026-11-29T16:00:00Z'),
      end: new Date('2026-11-30T16:00:00Z'),
      limit: 1,
    });
    // Sunday 29 November, 23:30 in Shanghai, is still the week before.
    expect(receivePeriod('week', new Date('2026-11-29T15:30:00Z'))).toEqual({
      start: new Date('2026-11-22T16:00:00Z'),
      end: new Date('2026-11-29T16:00:00Z'),
      limit: 7,
    });
    expect(receivePeriod('week', NOW).start).toEqual(new Date('2026-11-29T16:00:00Z'));
    expect(receivePeriod('month', NOW)).toEqual({
      start: new Date('2026-10-31T16:00:00Z'),
      end: new Date('2026-11-30T16:00:00Z'),
      limit: 30,
    });
    // 1 March 2028, 00:30 in Shanghai, is still 29 February in UTC.
    expect(receivePeriod('month', new Date('2028-02-29T16:30:00Z')).limit).toBe(31);
    expect(receivePeriod('month', new Date('2028-02-29T15:30:00Z')).limit).toBe(29);
  });
});

/** Who Keeper's own history says WeCom would refuse, on MariaDB and SQLite. */
describe('the frequency guard', () => {
  let db: TestDatabase;
  let guard: FrequencyGuard;

  beforeAll(async () => {
    db = await openTestDatabase();
  });
  beforeEach(async () => {
    await db.reset();
    guard = new FrequencyGuard(db.dataSource);
  });
  afterAll(() => db.close());

  async function campaign(status: CampaignStatus = 'running', kind: CampaignKind = 'customers') {
    const { identifiers } = await db.dataSource.getRepository(CampaignEntity).insert({
      name: 'campaign',
      kind,
      status,
      audience: null,
      ownerPolicy: { policy: 'last_chat' },
      groupAudience: null,
      staffAudience: null,
      content: { text: 'hi', materialIds: [] },
      staffMessage: null,
      recentDays: null,
      allowSelect: false,
      scheduledAt: null,
      deadlineDays: 7,
      deadlineAt: null,
      scopeDepartments: null,
      createdBy: 'marketer',
    });
    return Number(identifiers[0]!.id);
  }

  /** One task of the campaign requested at `requestedAt`, with these customers in `state`. */
  async function reached(
    campaignId: number,
    requestedAt: Date,
    customers: string[],
    state: RecipientState = 'sent',
    sentAt: Date | null = state === 'sent' ? requestedAt : null,
  ) {
    const { identifiers } = await db.dataSource.getRepository(TaskEntity).insert({
      campaignId,
      senderUserId: 'anna',
      chunk: 0,
      status: 'submitted',
      requestedAt,
    });
    const taskId = Number(identifiers[0]!.id);
    await db.dataSource.getRepository(RecipientEntity).insert(
      customers.map((targetId) => ({
        campaignId,
        targetId,
        senderUserId: 'anna',
        state,
        reason: null,
        taskId,
        sentAt,
      })),
    );
  }

  const estimate = (ids: string[], options: Partial<Parameters<FrequencyGuard['estimate']>[1]> = {}) =>
    guard.estimate(ids, { rule: 'day', recentDays: null, now: NOW, ...options }).then(Object.fromEntries);

  it('refuses a second message the same Shanghai day under the daily rule', async () => {
    const done = await campaign('finished');
    await reached(done, new Date('2026-11-29T16:30:00Z'), ['today']); // 00:30 today in Shanghai
    await reached(done, new Date('2026-11-29T15:30:00Z'), ['yesterday']); // 23:30 yesterday
    expect(await estimate(['today', 'yesterday', 'never'])).toEqual({ today: 'receive_rule' });
  });

  it('counts seven a week from Monday, and as many a month as it has days', async () => {
    const done = await campaign('finished');
    for (let i = 0; i < 7; i++) await reached(done, hoursAgo(1 + i / 10), ['seven']);
    for (let i = 0; i < 6; i++) await reached(done, hoursAgo(1 + i / 10), ['six']);
    // Sunday evening counts for last week only.
    for (let i = 0; i < 3; i++) await reached(done, new Date('2026-11-29T12:00:00Z'), ['six']);
    expect(await estimate(['seven', 'six'], { rule: 'week' })).toEqual({ seven: 'receive_rule' });

    for (let day = 1; day <= 30; day++) {
      const at = new Date(Date.UTC(2026, 10, day, 0)); // 08:00 in Shanghai
      await reached(done, at, day <= 29 ? ['november', 'full'] : ['full']);
    }
    expect(await estimate(['november', 'full'], { rule: 'month' })).toMatchObject({
      full: 'receive_rule',
    });
    expect(await estimate(['november'], { rule: 'month' })).toEqual({});
  });

  it('counts messages still with a sender in a campaign under way, not those of one that ended', async () => {
    const running = await campaign('running');
    const submitting = await campaign('submitting');
    const cancelled = await campaign('cancelled');
    const finished = await campaign('finished');
    await reached(running, hoursAgo(2), ['pending'], 'pending');
    await reached(submitting, hoursAgo(1), ['submitting'], 'submitting');
    await reached(cancelled, hoursAgo(2), ['cancelled'], 'pending');
    await reached(finished, hoursAgo(2), ['unsent'], 'pending');
    await reached(running, hoursAgo(2), ['refused'], 'limit_reached');
    await reached(running, hoursAgo(2), ['gone'], 'not_friend');
    expect(await estimate(['pending', 'submitting', 'cancelled', 'unsent', 'refused', 'gone'])).toEqual({
      pending: 'receive_rule',
      submitting: 'receive_rule',
    });
    // The campaign being estimated is not its own history; staff notices are no mass messages to customers.
    expect(await estimate(['pending'], { excludeCampaignId: running })).toEqual({});
    const notice = await campaign('finished', 'staff');
    await reached(notice, hoursAgo(1), ['member-or-customer']);
    expect(await estimate(['member-or-customer'])).toEqual({});
  });

  it('marks customers another campaign reached in the last N days', async () => {
    const done = await campaign('finished');
    await reached(done, hoursAgo(3 * 24), ['three-days']);
    await reached(done, hoursAgo(10 * 24), ['ten-days']);
    expect(await estimate(['three-days', 'ten-days'], { recentDays: 7 })).toEqual({
      'three-days': 'recently_reached',
    });
    expect(await estimate(['three-days', 'ten-days'], { recentDays: 14, rule: 'month' })).toEqual({
      'three-days': 'recently_reached',
      'ten-days': 'recently_reached',
    });
    // Refused by the rule beats reached lately: it is what WeCom would answer.
    await reached(done, hoursAgo(1), ['three-days']);
    expect(await estimate(['three-days'], { recentDays: 7 })).toEqual({ 'three-days': 'receive_rule' });
  });

  it('answers for audiences far larger than one query takes', async () => {
    const done = await campaign('finished');
    const ids = Array.from({ length: 2_500 }, (_, i) => `wm${String(i).padStart(5, '0')}`);
    await reached(done, hoursAgo(1), [ids[0]!, ids[1_234]!, ids[2_499]!]);
    const result = await estimate([...ids, ...ids.slice(0, 10)]);
    expect(Object.keys(result).sort()).toEqual([ids[0], ids[1_234], ids[2_499]]);
  });
});
