import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../index.js';
import { ApiClient } from '../testing/api-client.js';

describe('customer APIs', () => {
  let sim: RunningSimulator;
  let api: ApiClient;

  beforeAll(async () => {
    sim = await startSimulator({ customers: 600 });
    api = new ApiClient(sim);
  });
  afterAll(() => sim.close());

  it('pages batch/get_by_user with cursor and limit until every relation was seen once', async () => {
    const users = ['WangFang', 'LiNa', 'ZhaoMin'];
    const expected = users.flatMap((u) =>
      sim.state.customers.followsOfUser(u).map((f) => `${u}/${f.external_userid}`),
    );
    expect(expected.length).toBeGreaterThan(100);
    const seen: string[] = [];
    let cursor = '';
    let pages = 0;
    do {
      const reply = await api.post('externalcontact/batch/get_by_user', {
        userid_list: users,
        cursor,
        limit: 40,
      });
      expect(reply.errcode).toBe(0);
      const list = reply.external_contact_list as Array<{
        external_contact: { external_userid: string };
        follow_info: { userid: string; tag_id: string[] };
      }>;
      expect(list.length).toBeLessThanOrEqual(40);
      for (const item of list)
        seen.push(`${item.follow_info.userid}/${item.external_contact.external_userid}`);
      cursor = String(reply.next_cursor);
      pages += 1;
    } while (cursor !== '');
    expect(pages).toBe(Math.ceil(expected.length / 40));
    expect(seen).toEqual(expected);
  });

  it('defaults to 50 per page and refuses limit > 100 or more than 100 userids', async () => {
    const reply = await api.post('externalcontact/batch/get_by_user', { userid_list: ['WangFang'] });
    expect((reply.external_contact_list as unknown[]).length).toBe(
      Math.min(50, sim.state.customers.followsOfUser('WangFang').length),
    );
    expect(
      (await api.post('externalcontact/batch/get_by_user', { userid_list: ['WangFang'], limit: 101 }))
        .errcode,
    ).toBe(40058);
    const many = Array.from({ length: 101 }, (_, i) => `u${i}`);
    expect((await api.post('externalcontact/batch/get_by_user', { userid_list: many })).errcode).toBe(40058);
    expect((await api.post('externalcontact/batch/get_by_user', { userid_list: [] })).errcode).toBe(41009);
  });

  it('answers 84061 with an empty list for a member without customers', async () => {
    const reply = await api.get('externalcontact/list', { userid: 'XiePeng' });
    expect(reply).toEqual({
      errcode: 84061,
      errmsg: expect.stringContaining('not external contact'),
      external_userid: [],
    });
    const some = await api.get('externalcontact/list', { userid: 'LiNa' });
    expect(some.errcode).toBe(0);
    expect(some.external_userid).toEqual(
      sim.state.customers.followsOfUser('LiNa').map((f) => f.external_userid),
    );
  });

  it('returns a customer with its follow users and tag names', async () => {
    const follow = sim.state.customers.allFollows().find((f) => f.tagIds.length > 0);
    if (!follow) throw new Error('demo corp has no tagged follow');
    const reply = await api.get('externalcontact/get', { external_userid: follow.external_userid });
    expect(reply.errcode).toBe(0);
    expect(reply.external_contact).toMatchObject({
      external_userid: follow.external_userid,
      name: expect.any(String),
    });
    const mine = (
      reply.follow_user as Array<{
        userid: string;
        tags: Array<{ tag_id: string; tag_name: string; group_name: string }>;
      }>
    ).find((f) => f.userid === follow.userid);
    expect(mine?.tags.map((t) => t.tag_id)).toEqual(follow.tagIds);
    expect(mine?.tags[0]?.tag_name).toEqual(expect.any(String));
    expect((await api.get('externalcontact/get', { external_userid: 'wmnobody' })).errcode).toBe(40096);
  });

  it('marks tags and remarks through the API without sending callbacks', async () => {
    const follow = sim.state.customers.followsOfUser('LiuYang')[0];
    if (!follow) throw new Error('LiuYang has no customers');
    const tag = sim.state.tags.groups[0]?.tags[0]?.id ?? '';
    const before = sim.control.callbackLog().length;
    const remark = await api.post('externalcontact/remark', {
      userid: 'LiuYang',
      external_userid: follow.external_userid,
      remark: '王总-云帆',
    });
    expect(remark.errcode).toBe(0);
    await api.post('externalcontact/mark_tag', {
      userid: 'LiuYang',
      external_userid: follow.external_userid,
      add_tag: [tag],
      remove_tag: [],
    });
    expect(sim.state.customers.follow('LiuYang', follow.external_userid)).toMatchObject({
      remark: '王总-云帆',
      tagIds: expect.arrayContaining([tag]),
    });
    expect(
      (
        await api.post('externalcontact/remark', {
          userid: 'LiuYang',
          external_userid: follow.external_userid,
          remark: 'x'.repeat(21),
        })
      ).errcode,
    ).toBe(40058);
    expect(
      (
        await api.post('externalcontact/mark_tag', {
          userid: 'LiuYang',
          external_userid: follow.external_userid,
          add_tag: ['etnope'],
        })
      ).errcode,
    ).toBe(40068);
    expect(sim.control.callbackLog().length).toBe(before);
  });

  it('enforces the 3000 corp tag limit', async () => {
    const room = 3000 - sim.state.tags.tagCount();
    const tags = Array.from({ length: room }, (_, i) => ({ name: `批量标签${i}` }));
    const ok = await api.post('externalcontact/add_corp_tag', { group_name: '批量', tag: tags });
    expect(ok.errcode).toBe(0);
    expect((ok.tag_group as { tag: unknown[] }).tag).toHaveLength(room);
    const over = await api.post('externalcontact/add_corp_tag', {
      group_name: '再多一个',
      tag: [{ name: '超限' }],
    });
    expect(over.errcode).toBe(40126);
    const group = sim.state.tags.groupByName('批量');
    expect((await api.post('externalcontact/del_corp_tag', { group_id: [group?.group_id] })).errcode).toBe(0);
    expect(sim.state.tags.groupByName('批量')).toBeUndefined();
  });

  it('sends app messages, reporting invalid users and refusing empty or all-invalid recipients', async () => {
    const send = (body: Record<string, unknown>) =>
      api.post(
        'message/send',
        { agentid: 1000002, msgtype: 'text', text: { content: '您有新的待办' }, ...body },
        'agent',
      );
    const partly = await send({ touser: 'LiNa|ghost' });
    expect(partly).toMatchObject({ errcode: 0, invaliduser: 'ghost', msgid: expect.any(String) });
    expect(sim.state.outbox.at(-1)).toMatchObject({
      msgid: partly.msgid,
      touser: ['LiNa'],
      content: { content: '您有新的待办' },
    });
    expect((await send({ touser: 'ghost|nobody' })).errcode).toBe(81013);
    expect((await send({ touser: '' })).errcode).toBe(82001);
    expect((await send({ touser: 'LiNa', agentid: 999 })).errcode).toBe(40056);
    expect((await api.post('message/recall', { msgid: partly.msgid }, 'agent')).errcode).toBe(0);
    expect(sim.state.outbox.find((m) => m.msgid === partly.msgid)?.recalled).toBe(true);
  });

  it('creates mass-message tasks that send nothing until the sender confirms', async () => {
    const targets = sim.state.customers
      .followsOfUser('WuTing')
      .slice(0, 3)
      .map((f) => f.external_userid);
    const created = await api.post('externalcontact/add_msg_template', {
      chat_type: 'single',
      external_userid: [...targets, 'wmnotfriends'],
      sender: 'WuTing',
      text: { content: '双十一活动开始啦' },
    });
    expect(created).toMatchObject({ errcode: 0, fail_list: ['wmnotfriends'], msgid: expect.any(String) });
    const task = await api.post('externalcontact/get_groupmsg_task', { msgid: created.msgid });
    expect(task.task_list).toEqual([{ userid: 'WuTing', status: 0, send_time: 0 }]);
    sim.control.scenarios.confirmMassMessage({ msgid: String(created.msgid) });
    const result = await api.post('externalcontact/get_groupmsg_send_result', {
      msgid: created.msgid,
      userid: 'WuTing',
    });
    expect((result.send_list as Array<{ status: number }>).map((r) => r.status)).toEqual([1, 1, 1]);
    expect(
      (
        await api.post('externalcontact/add_msg_template', {
          chat_type: 'single',
          external_userid: ['wmnobody'],
          text: { content: 'x' },
        })
      ).errcode,
    ).toBe(41048);
  });
});
