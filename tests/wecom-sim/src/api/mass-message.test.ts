import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../index.js';
import { ApiClient } from '../testing/api-client.js';

type SendRow = { external_userid: string; userid: string; status: number };

describe('mass messages as WeCom makes them (protocol.md §6)', () => {
  let sim: RunningSimulator;
  let api: ApiClient;

  beforeAll(async () => {
    sim = await startSimulator({ customers: 0, msgauditNotifyIntervalMs: 0 });
    api = new ApiClient(sim);
  });
  beforeEach(() => {
    sim.control.setMassReceiveRule('month', 0);
  });
  afterAll(() => sim.close());

  const give = (userid: string, external_userid?: string) =>
    sim.control.scenarios.addContact({ userid, ...(external_userid ? { external_userid } : {}) })
      .external_userid;
  const tag = (index: number) => sim.state.tags.groups[0]!.tags[index]!.id;
  const otherGroupTag = () => sim.state.tags.groups[1]!.tags[0]!.id;

  async function send(body: Record<string, unknown>) {
    const created = await api.post('externalcontact/add_msg_template', {
      text: { content: '新品到店，欢迎来看看' },
      ...body,
    });
    expect(created.errcode).toBe(0);
    return created as unknown as { msgid: string; fail_list: string[] };
  }

  async function resultsOf(msgid: string, userid: string): Promise<SendRow[]> {
    sim.control.scenarios.confirmMassMessage({ msgid, userid });
    const reply = await api.post('externalcontact/get_groupmsg_send_result', { msgid, userid });
    return reply.send_list as SendRow[];
  }

  it('chooses customers by tag_filter: any tag within a group, every group', async () => {
    const [a, b, c] = [give('ChenJing'), give('ChenJing'), give('ChenJing')];
    sim.control.scenarios.editContact({
      userid: 'ChenJing',
      external_userid: a,
      add_tag: [tag(0), otherGroupTag()],
    });
    sim.control.scenarios.editContact({ userid: 'ChenJing', external_userid: b, add_tag: [tag(1)] });
    sim.control.scenarios.editContact({ userid: 'ChenJing', external_userid: c, add_tag: [otherGroupTag()] });

    const either = await send({
      sender: 'ChenJing',
      tag_filter: { group_list: [{ tag_list: [tag(0), tag(1)] }] },
    });
    const both = await send({
      sender: 'ChenJing',
      tag_filter: { group_list: [{ tag_list: [tag(0), tag(1)] }, { tag_list: [otherGroupTag()] }] },
    });
    const eitherTargets = sim.state.massMessages.get(either.msgid)!.results.map((r) => r.external_userid);
    const bothTargets = sim.state.massMessages.get(both.msgid)!.results.map((r) => r.external_userid);
    expect(eitherTargets.sort()).toEqual([a, b].sort());
    expect(bothTargets).toEqual([a]);
  });

  it('puts a customer with several members in the task of the member who chatted last', async () => {
    const customer = give('LiNa');
    give('WangFang', customer);
    sim.control.run('chat', {
      from: 'WangFang',
      to: [customer],
      messages: [{ msgtype: 'text', content: '在吗' }],
    });
    sim.control.run('chat', {
      from: 'LiNa',
      to: [customer],
      messages: [{ msgtype: 'text', content: '您好' }],
    });
    const created = await send({ external_userid: [customer] });
    expect(sim.state.massMessages.get(created.msgid)!.tasks.map((t) => t.userid)).toEqual(['LiNa']);
  });

  it('refuses a mass message to a customer past the corp’s receive rule (status 3), by day and by week', async () => {
    const customer = give('ZhuLin');
    sim.control.setMassReceiveRule('day');
    const first = await send({ sender: 'ZhuLin', external_userid: [customer] });
    const second = await send({ sender: 'ZhuLin', external_userid: [customer] });
    expect((await resultsOf(first.msgid, 'ZhuLin')).map((r) => r.status)).toEqual([1]);
    expect((await resultsOf(second.msgid, 'ZhuLin')).map((r) => r.status)).toEqual([3]);
    sim.control.advanceClock(86_400);
    const nextDay = await send({ sender: 'ZhuLin', external_userid: [customer] });
    expect((await resultsOf(nextDay.msgid, 'ZhuLin')).map((r) => r.status)).toEqual([1]);

    const weekly = give('ZhuLin');
    sim.control.setMassReceiveRule('week');
    // Monday of next week, 10:00 in Shanghai: seven that week reach the customer, the eighth does not.
    const now = sim.clock.nowSec();
    const day = Math.floor((now + 8 * 3600) / 86_400);
    const daysToMonday = 7 - ((day + 3) % 7);
    sim.control.advanceClock(daysToMonday * 86_400 + (10 * 3600 - ((now + 8 * 3600) % 86_400)));
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      const created = await send({ sender: 'ZhuLin', external_userid: [weekly] });
      statuses.push(...(await resultsOf(created.msgid, 'ZhuLin')).map((r) => r.status));
    }
    expect(statuses).toEqual([1, 1, 1, 1, 1, 1, 1, 3]);
  });

  it('keeps allow_select, and refuses an unknown attachment type (41065) or more than nine (41064)', async () => {
    const customer = give('HeXue');
    const created = await send({ sender: 'HeXue', external_userid: [customer], allow_select: true });
    expect(sim.state.massMessages.get(created.msgid)!.allow_select).toBe(true);
    const post = (attachments: unknown[]) =>
      api.post('externalcontact/add_msg_template', {
        sender: 'HeXue',
        external_userid: [customer],
        text: { content: '看看' },
        attachments,
      });
    expect((await post([{ msgtype: 'voice', voice: { media_id: 'x' } }])).errcode).toBe(41065);
    expect((await post([{ msgtype: 'link' }])).errcode).toBe(41065);
    const link = { msgtype: 'link', link: { title: '新品', url: 'https://example.com' } };
    expect((await post(Array.from({ length: 10 }, () => link))).errcode).toBe(41064);
    expect((await post([link])).errcode).toBe(0);
  });
});
