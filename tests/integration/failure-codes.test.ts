import {
  FailureCode,
  Role,
  SyncTrigger,
  type ArchiveStatus,
  type InboxEvent,
  type SyncRun,
} from '@keeper/shared';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { JobLocks } from '../../server/src/jobs/job-lock';
import { openTestDatabase, type TestDatabase } from '../../server/src/test/test-database';
import {
  archiveKeyPair,
  eventually,
  startKeeperWithSimulator,
  type ArchiveKeys,
  type KeeperWithSimulator,
} from './keeper-with-simulator';

/**
 * The failures of background work as the console receives them: a code it can word in Chinese (with the values
 * the wording needs), never only the server's English text. Each failure is produced the way it happens: WeCom
 * refusing or not answering (the simulator's faults), an archive message of a key version Keeper lacks.
 */
describe('background failures reach the console as codes', () => {
  let db: TestDatabase;
  let keys: ArchiveKeys;
  let world: KeeperWithSimulator;

  beforeAll(async () => {
    db = await openTestDatabase();
    keys = archiveKeyPair();
  });
  beforeEach(async () => {
    await db.reset();
    world = await startKeeperWithSimulator(db, { customers: 40 }, { archive: keys });
  });
  afterEach(() => world.close());
  afterAll(() => db.close());

  const admin = () => world.keeper.signIn([Role.Admin]);

  it('an organisation sync WeCom refused carries WeCom’s errcode', async () => {
    world.sim.control.faults.error(60011, 1, 'department/list');
    await world.keeper.services.orgSync.run(SyncTrigger.Manual);

    const overview = await (await admin()).agent.get('/api/org/overview').expect(200);
    const run = overview.body.lastSync as SyncRun;
    expect(run.status).toBe('failed');
    expect(run.failure).toEqual({
      code: FailureCode.WeComError,
      params: { errcode: 60011 },
      detail: expect.stringContaining('60011'),
    });
  });

  it('a customer sync that could not reach WeCom says so, with how it failed', async () => {
    await world.keeper.services.orgSync.run(SyncTrigger.Manual);
    world.sim.control.faults.dropResponses(20, 'externalcontact/get_follow_user_list');
    await world.keeper.services.customerSync.run(SyncTrigger.Manual);

    const latest = await (await admin()).agent.get('/api/customers/sync/latest').expect(200);
    expect((latest.body as SyncRun).failure).toMatchObject({
      code: FailureCode.WeComUnreachable,
      params: { reason: 'network' },
    });
  });

  it('a sync that found another process syncing says so as a code', async () => {
    // Another Keeper process holds the organisation sync's lease.
    const otherProcess = new JobLocks(db.dataSource);
    expect(await otherProcess.tryAcquire('org-sync', 60_000)).toBe(true);
    await world.keeper.services.orgSync.run(SyncTrigger.Manual);
    await otherProcess.release('org-sync');

    const overview = await (await admin()).agent.get('/api/org/overview').expect(200);
    expect((overview.body.lastSync as SyncRun).failure).toMatchObject({
      code: FailureCode.RunningElsewhere,
      params: {},
    });
  });

  it('an archive parked at a message of an unknown key version names the version', async () => {
    const { puller } = world.keeper.services;
    await world.keeper.services.orgSync.run(SyncTrigger.Manual);
    await puller.pullUntilCaughtUp();
    world.sim.control.setArchiveKeys({ publicKeys: { 2: archiveKeyPair().publicPem }, currentKeyVersion: 2 });
    const follow = world.sim.state.customers.allFollows()[0]!;
    world.sim.control.run('chat', {
      from: follow.userid,
      to: [follow.external_userid],
      messages: [{ msgtype: 'text', content: '轮换密钥之后' }],
    });
    await puller.pullUntilCaughtUp();

    const status = (await (await admin()).agent.get('/api/archive/status').expect(200)).body as ArchiveStatus;
    expect(status.parked?.failure).toEqual({
      code: FailureCode.ArchiveKeyMissing,
      params: { keyVersion: 2 },
      detail: expect.stringContaining('publickey_ver 2'),
    });
  });

  it('a pull WeCom refused leaves its errcode as the archive’s last failure, cleared by the next good pull', async () => {
    const { puller } = world.keeper.services;
    world.sim.control.faults.error(301053, 1, 'finance/chatdata');
    puller.schedule(60_000);
    await eventually(async () => (await puller.state()).lastErrorCode !== null);
    await puller.stop();

    const agent = (await admin()).agent;
    const failed = (await agent.get('/api/archive/status').expect(200)).body as ArchiveStatus;
    expect(failed.lastFailure).toMatchObject({ code: FailureCode.WeComError, params: { errcode: 301053 } });

    await puller.pullUntilCaughtUp();
    const recovered = (await agent.get('/api/archive/status').expect(200)).body as ArchiveStatus;
    expect(recovered.lastFailure).toBeNull();
  });

  it('a callback whose handling WeCom refused keeps WeCom’s errcode on the event', async () => {
    await world.keeper.services.orgSync.run(SyncTrigger.Manual);
    world.sim.control.faults.error(48002, 50, 'externalcontact/get');
    const member = world.sim.state.customers.allFollows()[0]!.userid;
    world.sim.control.run('add-contact', { userid: member });
    const { dispatcher } = world.keeper.services;
    const agent = (await admin()).agent;
    const parked = async () =>
      (
        (await agent.get('/api/wecom/inbox').query({ status: 'parked' }).expect(200)).body
          .items as InboxEvent[]
      )[0];
    await eventually(async () => {
      await dispatcher.drain();
      return (await parked()) !== undefined;
    });

    expect((await parked())!.lastFailure).toEqual({
      code: FailureCode.WeComError,
      params: { errcode: 48002 },
      detail: expect.stringContaining('48002'),
    });
  });
});
