import { Role, type ConnectionReport } from '@keeper/shared';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../server/src/test/test-database';
import { startKeeperWithSimulator, type KeeperWithSimulator } from './keeper-with-simulator';

/** Each set-up mistake admins make, reproduced by the simulator, named by the connection check. */
describe('the WeCom connection check', () => {
  let db: TestDatabase;
  let world: KeeperWithSimulator;

  const run = async (): Promise<Record<string, ConnectionReport['checks'][number]>> => {
    const admin = await world.keeper.signIn([Role.Admin]);
    const report = (
      await admin.agent.post('/api/wecom/checks').set('X-CSRF-Token', admin.csrfToken).expect(200)
    ).body as ConnectionReport;
    return Object.fromEntries(report.checks.map((check) => [check.id, check]));
  };

  beforeAll(async () => {
    db = await openTestDatabase();
  });
  beforeEach(async () => {
    await db.reset();
    world = await startKeeperWithSimulator(db, { customers: 50 });
  });
  afterEach(() => world.close());
  afterAll(() => db.close());

  it('passes every check on a well set-up corp once WeCom verified the callback URL', async () => {
    await world.sim.control.verifyCallback();
    const checks = await run();
    expect(Object.values(checks).filter((check) => check.status !== 'ok')).toEqual([]);
    // Facts come as codes with values for the console to word, never as server-made sentences.
    expect(checks.directory!.fact).toEqual({ code: 'departments_visible', count: expect.any(Number) });
    expect(checks.callback!.fact).toMatchObject({
      code: 'callback_seen',
      verifiedAt: expect.stringMatching(/Z$/),
    });
  });

  it('says the callback URL was never verified', async () => {
    expect((await run()).callback).toMatchObject({ status: 'failed', problem: 'callback_never_verified' });
  });

  type Fault = Parameters<KeeperWithSimulator['sim']['control']['faults']['connection']>[0];
  const cases: [string, Fault, string, string, number][] = [
    ['a wrong contact secret', { rejectedSecrets: ['contact'] }, 'contact_secret', 'wrong_secret', 40001],
    ['an untrusted server IP', { ipNotTrusted: true }, 'contact_secret', 'ip_not_trusted', 60020],
    [
      'an app not listed under 客户联系',
      { contactAppNotListed: true },
      'customer_contact',
      'app_not_allowed',
      48002,
    ],
    ['chat archiving not enabled', { archiveNotEnabled: true }, 'archive', 'archive_not_enabled', 301053],
  ];

  it.each(cases)('names %s', async (_case, fault, id, problem, errcode) => {
    world.sim.control.faults.connection(fault);
    expect((await run())[id]).toMatchObject({ status: 'failed', problem, errcode });
  });
});
