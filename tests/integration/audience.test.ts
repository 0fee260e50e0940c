import { audienceFilterSchema, Role, type AudienceCount } from '@keeper/shared';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../server/src/test/test-database';
import { startSyncedKeeperWithSimulator, type KeeperWithSimulator } from './keeper-with-simulator';
import { membersUnder, sharedCustomerAcrossDepartments } from './scope-fixtures';

/**
 * The audience builder's live count after a sync from the simulated corp, checked against what the simulator
 * itself holds: every customer of an active member once, a marketer's count cut to their departments.
 */
describe('audience counts match the corp', () => {
  let db: TestDatabase;
  let world: KeeperWithSimulator;

  beforeAll(async () => {
    db = await openTestDatabase();
  });
  beforeEach(async () => {
    await db.reset();
    world = await startSyncedKeeperWithSimulator(db, { customers: 300 });
  });
  afterEach(() => world.close());
  afterAll(() => db.close());

  it('counts each customer once, within the caller’s departments, by tag and channel', async () => {
    const { sim, keeper } = world;
    const { staff } = sim.state.directory;
    const follows = sim.state.customers
      .allFollows()
      .filter((follow) => staff.get(follow.userid)?.status === 1 && !follow.deletedByCustomer);
    const expected = (list: typeof follows) => {
      const customers = new Set(list.map((follow) => follow.external_userid)).size;
      return { customers, merged: list.length - customers };
    };
    const { department } = sharedCustomerAcrossDepartments(sim);
    const inside = membersUnder(sim, Number(department));
    const ours = follows.filter((follow) => inside.has(follow.userid));
    expect(ours.length).toBeGreaterThan(0);

    const admin = await keeper.signIn([Role.Admin]);
    const marketer = await keeper.signIn([Role.Marketer], { departmentIds: [department] });
    const count = async (caller: typeof admin, filter: object) =>
      (
        await caller.agent
          .post('/api/broadcasts/audience/count')
          .set('X-CSRF-Token', caller.csrfToken)
          .send({ filter })
          .expect(200)
      ).body as AudienceCount;

    expect(await count(admin, {})).toMatchObject(expected(follows));
    expect(await count(marketer, {})).toMatchObject(expected(ours));
    expect((await count(admin, {})).merged).toBeGreaterThan(0);

    // The most used tag and channel among the marketer's relations.
    const mostUsed = (values: string[]) =>
      [...new Set(values)].sort(
        (a, b) => values.filter((v) => v === b).length - values.filter((v) => v === a).length,
      )[0]!;
    const tag = mostUsed(ours.flatMap((follow) => follow.tagIds));
    const tagged = new Set(ours.filter((f) => f.tagIds.includes(tag)).map((f) => f.external_userid));
    expect(await count(marketer, { tagConditions: [{ mode: 'any', tagIds: [tag] }] })).toMatchObject({
      customers: tagged.size,
    });
    const channel = mostUsed(ours.map((follow) => follow.state).filter(Boolean));
    expect(await count(marketer, { channels: [channel] })).toMatchObject(
      expected(ours.filter((follow) => follow.state === channel)),
    );

    // Resolved, every customer goes to one sender who follows them and is the marketer's.
    const { recipients, merged } = await keeper.services.audience.resolve(
      audienceFilterSchema.parse({}),
      { policy: 'last_chat' },
      [department],
    );
    expect({ customers: recipients.length, merged }).toEqual(expected(ours));
    for (const { externalUserId, senderUserId } of recipients) {
      expect(inside.has(senderUserId)).toBe(true);
      expect(sim.state.customers.follow(senderUserId, externalUserId)).toBeDefined();
    }
  });
});
