import type { EntityManager } from 'typeorm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../test/test-database';
import { CustomerBook, type FollowSnapshot } from './customer-book';
import { CustomerEventEntity, CustomerFollowEntity } from './customer.entity';

/** The book's rules for news arriving in any order, on the configured dialect (MariaDB and SQLite). */
describe('customer book: older news never undoes newer', () => {
  let db: TestDatabase;
  const book = new CustomerBook();
  const customer = 'wmCustomer0001';
  const member = 'LiNa';
  const second = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s));
  const snapshot = (addedAt: Date): FollowSnapshot => ({
    userId: member,
    remark: null,
    description: null,
    remarkMobiles: [],
    remarkCorpName: null,
    addWay: 1,
    state: null,
    operUserId: null,
    addedAt,
    tagIds: [],
  });
  const write = <T>(work: (manager: EntityManager) => Promise<T>) => db.dataSource.transaction(work);
  const added = (addedAt: Date, freshness: Parameters<CustomerBook['recordFollow']>[4]) =>
    write((manager) =>
      book.recordFollow(
        manager,
        customer,
        snapshot(addedAt),
        { kind: 'added', occurredAt: addedAt },
        freshness,
      ),
    );
  const deleted = (at: Date) =>
    write((manager) =>
      book.endFollow(
        manager,
        customer,
        member,
        'deleted_by_member',
        { kind: 'deleted_by_member', occurredAt: at },
        { eventAt: at },
      ),
    );
  const relation = () =>
    db.dataSource.getRepository(CustomerFollowEntity).findOneByOrFail({ externalUserId: customer });
  const kinds = async () =>
    (await db.dataSource.getRepository(CustomerEventEntity).find({ order: { occurredAt: 'ASC' } })).map(
      (event) => event.kind,
    );

  beforeAll(async () => {
    db = await openTestDatabase();
  });
  beforeEach(() => db.reset());
  afterAll(() => db.close());

  it('brings back a relation WeCom ended only with an add newer than the end', async () => {
    expect(await deleted(second(20))).toBe('ended');
    // WeCom still showed the relation that began before the deletion: stale.
    expect(await added(second(10), { eventAt: second(10) })).toBe('stale');
    expect(await relation()).toMatchObject({ status: 'deleted_by_member' });
    // Added again after the deletion: a new relation.
    expect(await added(second(30), { eventAt: second(30) })).toBe('added');
    expect(await relation()).toMatchObject({ status: 'active', endedAt: null });
    expect(await kinds()).toEqual(['deleted_by_member', 'added']);
  });

  it('keeps an end older than the relation’s current start as history only', async () => {
    await added(second(30), { eventAt: second(30) });
    expect(await deleted(second(20))).toBe('past');
    expect(await relation()).toMatchObject({ status: 'active' });
    expect(await kinds()).toEqual(['deleted_by_member', 'added']);
    expect(await deleted(second(40))).toBe('ended');
    expect(await deleted(second(40))).toBe('unchanged');
  });

  it('never lets a sync snapshot overwrite what Keeper wrote after it was taken', async () => {
    const snapshotTakenAt = new Date(Date.now() - 60_000);
    await added(second(10), { eventAt: second(10) });
    expect(await added(second(10), { snapshotTakenAt })).toBe('stale');
    const removal = await write((manager) =>
      book.endFollow(
        manager,
        customer,
        member,
        'removed_by_sync',
        { kind: 'removed_by_sync', occurredAt: snapshotTakenAt },
        { snapshotTakenAt },
      ),
    );
    expect(removal).toBe('stale');
    expect(await relation()).toMatchObject({ status: 'active' });
  });

  it('replaces the sync’s removed_by_sync with the cause a callback reports', async () => {
    await added(second(10), { eventAt: second(10) });
    // The sync's snapshot, taken after the add: a snapshot of the same millisecond counts as older (stale).
    const snapshotTakenAt = new Date(Date.now() + 1_000);
    await write((manager) =>
      book.endFollow(
        manager,
        customer,
        member,
        'removed_by_sync',
        { kind: 'removed_by_sync', occurredAt: snapshotTakenAt },
        { snapshotTakenAt },
      ),
    );
    expect(await deleted(second(20))).toBe('corrected');
    expect(await relation()).toMatchObject({ status: 'deleted_by_member', endedAt: second(20) });
    expect(await kinds()).toEqual(['added', 'deleted_by_member', 'removed_by_sync']);
    expect(await deleted(second(20))).toBe('unchanged');
  });
});
