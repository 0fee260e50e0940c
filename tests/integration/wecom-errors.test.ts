import { ErrorCode, Role, type TagGroup } from '@keeper/shared';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../server/src/test/test-database';
import { startSyncedKeeperWithSimulator, type KeeperWithSimulator } from './keeper-with-simulator';

/**
 * What a console user sees when WeCom says no, and when WeCom did what was asked but its answer never came
 * back: WeCom's refusals are not Keeper's failures, and work WeCom did is never reported as failed or done twice.
 */
describe('WeCom refusals and lost answers, as the console sees them', () => {
  let db: TestDatabase;
  let world: KeeperWithSimulator;
  let admin: Awaited<ReturnType<KeeperWithSimulator['keeper']['signIn']>>;
  const keeperTags = async () => {
    const response = await admin.agent.get('/api/tags').expect(200);
    return (response.body as TagGroup[]).flatMap((group) => group.tags.map((tag) => ({ ...tag, group })));
  };

  beforeAll(async () => {
    db = await openTestDatabase();
  });
  beforeEach(async () => {
    await db.reset();
    world = await startSyncedKeeperWithSimulator(db, { customers: 50 });
    admin = await world.keeper.signIn([Role.Admin]);
  });
  afterEach(() => world.close());
  afterAll(() => db.close());

  describe('refusals', () => {
    it('answers a tag deleted in WeCom meanwhile with a 422 carrying WeCom’s code, and re-reads the tags', async () => {
      const tag = world.sim.state.tags.groups[0]!.tags[0]!;
      world.sim.control.run('tag', { action: 'delete', tag_id: tag.id, dropCallback: true });
      expect((await keeperTags()).map((each) => each.id)).toContain(tag.id);

      const response = await admin.agent.delete(`/api/tags/${tag.id}`).set('X-CSRF-Token', admin.csrfToken);

      expect(response.status).toBe(422);
      expect(response.body).toEqual({
        code: ErrorCode.WeComRejected,
        message: 'WeCom refused the request (errcode 40068)',
        requestId: expect.any(String),
        wecom: { errcode: 40068, errmsg: expect.stringMatching(/^invalid tagid/) },
      });
      expect((await keeperTags()).map((each) => each.id)).not.toContain(tag.id);
    });

    it('answers a refusal of Keeper’s own setup with a 502 and the hint for the administrator', async () => {
      const relation = world.sim.state.customers.allFollows()[0]!;
      world.sim.control.faults.error(48002, 1, 'externalcontact/remark');

      const response = await admin.agent
        .post(`/api/customers/${relation.external_userid}/remark`)
        .set('X-CSRF-Token', admin.csrfToken)
        .send({ userId: relation.userid, remark: '老客户' });

      expect(response.status).toBe(502);
      expect(response.body).toMatchObject({
        code: ErrorCode.WeComSetup,
        wecom: { errcode: 48002 },
        hint: expect.stringContaining('客户联系'),
      });
    });

    it('answers WeCom staying busy with a 502 that says to try later', async () => {
      world.sim.control.faults.error(45009, 5, 'externalcontact/add_corp_tag');
      const response = await admin.agent
        .post('/api/tags')
        .set('X-CSRF-Token', admin.csrfToken)
        .send({ groupName: '忙碌时新建', tags: [{ name: '稍后' }] });
      expect(response.status).toBe(502);
      expect(response.body).toMatchObject({ code: ErrorCode.WeComUnavailable, wecom: { errcode: 45009 } });
      expect(world.sim.state.tags.groupByName('忙碌时新建')).toBeUndefined();
    });
  });

  describe('answers lost after WeCom did the work', () => {
    it('deletes a tag whose answer was lost: the repeat finds it gone, and that is success', async () => {
      const [tag, other] = world.sim.state.tags.groups[0]!.tags;
      world.sim.control.faults.loseAnswers(1, 'externalcontact/del_corp_tag');

      await admin.agent.delete(`/api/tags/${tag!.id}`).set('X-CSRF-Token', admin.csrfToken).expect(200);

      expect(world.sim.state.tags.tag(tag!.id)).toBeUndefined();
      const left = (await keeperTags()).map((each) => each.id);
      expect(left).not.toContain(tag!.id);
      expect(left).toContain(other!.id);
    });

    it('deletes a tag group whose answer was lost, with its tags', async () => {
      const group = world.sim.state.tags.groups[1]!;
      world.sim.control.faults.loseAnswers(1, 'externalcontact/del_corp_tag');

      await admin.agent
        .delete(`/api/tag-groups/${group.group_id}`)
        .set('X-CSRF-Token', admin.csrfToken)
        .expect(200);

      expect(world.sim.state.tags.group(group.group_id)).toBeUndefined();
      expect((await keeperTags()).filter((each) => each.group.groupId === group.group_id)).toEqual([]);
    });

    it('creates tags whose answer was lost once, in a new group and in an existing one', async () => {
      const existing = world.sim.state.tags.groups[0]!;
      for (const request of [
        { groupName: '答复丢失的新组', tags: [{ name: '甲' }, { name: '乙' }] },
        { groupId: existing.group_id, tags: [{ name: '答复丢失' }] },
      ]) {
        world.sim.control.faults.loseAnswers(1, 'externalcontact/add_corp_tag');
        await admin.agent.post('/api/tags').set('X-CSRF-Token', admin.csrfToken).send(request).expect(201);
      }

      const inWeCom = (groupName: string) =>
        world.sim.state.tags.groupByName(groupName)?.tags.map((tag) => tag.name);
      expect(
        world.sim.state.tags.groups.filter((group) => group.group_name === '答复丢失的新组'),
      ).toHaveLength(1);
      expect(inWeCom('答复丢失的新组')).toEqual(['甲', '乙']);
      expect(inWeCom(existing.group_name)?.filter((name) => name === '答复丢失')).toHaveLength(1);
      const listed = await keeperTags();
      const newGroup = listed.filter((tag) => tag.group.name === '答复丢失的新组');
      expect(newGroup.map((tag) => tag.name).sort()).toEqual(['乙', '甲'].sort());
      expect(listed.filter((tag) => tag.name === '答复丢失')).toHaveLength(1);
    });

    it('still refuses a second create of the same name when no answer was lost', async () => {
      const existing = world.sim.state.tags.groups[0]!;
      const response = await admin.agent
        .post('/api/tags')
        .set('X-CSRF-Token', admin.csrfToken)
        .send({ groupId: existing.group_id, tags: [{ name: existing.tags[0]!.name }] });
      expect(response.status).toBe(422);
      expect(response.body).toMatchObject({ code: ErrorCode.WeComRejected, wecom: { errcode: 40071 } });
    });
  });
});
