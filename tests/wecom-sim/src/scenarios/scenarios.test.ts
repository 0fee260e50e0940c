import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../index.js';
import { ApiClient } from '../testing/api-client.js';

describe('scenarios', () => {
  let sim: RunningSimulator;
  let api: ApiClient;

  beforeAll(async () => {
    sim = await startSimulator({ customers: 300, msgauditNotifyIntervalMs: 0 });
    api = new ApiClient(sim);
  });
  afterAll(() => sim.close());

  const firstCustomerOf = (userid: string): string => {
    const f = sim.state.customers
      .followsOfUser(userid)
      .find((x) => sim.state.customers.followsOfCustomer(x.external_userid).length === 1);
    if (!f) throw new Error(`${userid} has no single-follow customer`);
    return f.external_userid;
  };

  it('add-contact creates a customer the API then returns, with the channel state', async () => {
    const { external_userid } = sim.control.scenarios.addContact({
      userid: 'ZhuLin',
      state: 'douyin_live',
      customer: { name: '欧阳娜娜' },
    });
    const reply = await api.get('externalcontact/get', { external_userid });
    expect(reply.external_contact).toMatchObject({ external_userid, name: '欧阳娜娜' });
    expect(reply.follow_user).toEqual([
      expect.objectContaining({ userid: 'ZhuLin', state: 'douyin_live', add_way: 1 }),
    ]);
    expect((await api.get('externalcontact/list', { userid: 'ZhuLin' })).external_userid).toContain(
      external_userid,
    );
  });

  it('welcome codes work once and only for 20 s', async () => {
    const a = sim.control.scenarios.addContact({ userid: 'HuJun' });
    const send = (code?: string) =>
      api.post('externalcontact/send_welcome_msg', {
        welcome_code: code,
        text: { content: '您好，我是胡军，很高兴为您服务' },
      });
    expect((await send(a.welcome_code)).errcode).toBe(0);
    expect((await send(a.welcome_code)).errcode).toBe(41096);
    expect(sim.state.sentWelcomes.at(-1)).toMatchObject({
      userid: 'HuJun',
      external_userid: a.external_userid,
    });
    const b = sim.control.scenarios.addContact({ userid: 'HuJun' });
    sim.control.advanceClock(21);
    expect((await send(b.welcome_code)).errcode).toBe(41050);
    const c = sim.control.scenarios.addContact({ userid: 'HuJun', alreadyChatted: true });
    expect(c.welcome_code).toBeUndefined();
  });

  it('customer-deletes-member keeps a one-way relation; member-deletes-customer removes it', async () => {
    const ext = firstCustomerOf('SunLi');
    sim.control.scenarios.customerDeletesMember({ userid: 'SunLi', external_userid: ext });
    expect(sim.state.customers.follow('SunLi', ext)?.deletedByCustomer).toBe(true);
    expect((await api.get('externalcontact/get', { external_userid: ext })).errcode).toBe(0);

    sim.control.scenarios.memberDeletesCustomer({ userid: 'SunLi', external_userid: ext });
    expect(sim.state.customers.follow('SunLi', ext)).toBeUndefined();
    expect((await api.get('externalcontact/get', { external_userid: ext })).errcode).toBe(84061);
    expect(
      sim.control
        .callbackLog()
        .slice(-2)
        .map((e) => e.changeType),
    ).toEqual(['del_follow_user', 'del_external_contact']);
  });

  it('edit-contact changes remark and tags as the client would', () => {
    const ext = firstCustomerOf('XuBin');
    const tag = sim.state.tags.groups[1]?.tags[2]?.id ?? '';
    sim.control.scenarios.editContact({
      userid: 'XuBin',
      external_userid: ext,
      remark: '李总',
      add_tag: [tag],
    });
    expect(sim.state.customers.follow('XuBin', ext)).toMatchObject({
      remark: '李总',
      tagIds: expect.arrayContaining([tag]),
    });
    expect(sim.control.callbackLog().at(-1)?.changeType).toBe('edit_external_contact');
  });

  it('member-leaves takes the member out of the directory and leaves customers unassigned', async () => {
    const count = sim.state.customers.followsOfUser('HeXue').length;
    const result = sim.control.scenarios.memberLeaves({ userid: 'HeXue' });
    expect(result.unassigned).toBe(count);
    expect((await api.get('user/get', { userid: 'HeXue' })).errcode).toBe(60111);
    expect((await api.get('externalcontact/get_follow_user_list')).follow_user).not.toContain('HeXue');
    const users = (await api.get('user/list', { department_id: '7' })).userlist as Array<{ userid: string }>;
    expect(users.map((u) => u.userid)).not.toContain('HeXue');
  });

  it('tag changes in the admin console reach the API and remove deleted tags from customers', async () => {
    const { ids } = sim.control.scenarios.tagChanges({
      action: 'create',
      group_name: '会员等级',
      tags: ['金卡', '银卡'],
    });
    const groupId = ids[0] ?? '';
    const reply = await api.post('externalcontact/get_corp_tag_list', { group_id: [groupId] });
    expect(reply.tag_group).toEqual([
      expect.objectContaining({
        group_name: '会员等级',
        tag: [expect.objectContaining({ name: '金卡' }), expect.objectContaining({ name: '银卡' })],
      }),
    ]);

    const used = sim.state.customers.allFollows().find((f) => f.tagIds.length > 0);
    const tagId = used?.tagIds[0] ?? '';
    sim.control.scenarios.tagChanges({ action: 'delete', tag_id: tagId });
    expect(sim.state.customers.allFollows().some((f) => f.tagIds.includes(tagId))).toBe(false);
    expect(sim.control.callbackLog().at(-1)?.xml).toContain(
      `<Id><![CDATA[${tagId}]]></Id><TagType><![CDATA[tag]]></TagType><ChangeType><![CDATA[delete]]></ChangeType>`,
    );
  });

  it('groups: create, add members (with versions), dismiss', async () => {
    const ext = firstCustomerOf('WangFang');
    const { chat_id } = sim.control.scenarios.groupCreate({
      owner: 'WangFang',
      name: '测试客户群',
      members: ['LiNa'],
    });
    sim.control.scenarios.groupUpdate({ chat_id, detail: 'add_member', members: [ext], join_scene: 3 });
    const xml = sim.control.callbackLog().at(-1)?.xml ?? '';
    expect(xml).toContain(
      '<UpdateDetail><![CDATA[add_member]]></UpdateDetail><JoinScene>3</JoinScene><MemChangeCnt>1</MemChangeCnt>',
    );
    expect(xml).toContain(
      `<MemChangeList><Item><![CDATA[${ext}]]></Item></MemChangeList><LastMemVer>1</LastMemVer><CurMemVer>2</CurMemVer>`,
    );
    const reply = await api.post('externalcontact/groupchat/get', { chat_id, need_name: 1 });
    expect(
      (reply.group_chat as { member_list: Array<{ userid: string; type: number; join_scene: number }> })
        .member_list,
    ).toContainEqual(expect.objectContaining({ userid: ext, type: 2, join_scene: 3 }));
    sim.control.scenarios.groupDismiss({ chat_id });
    expect((await api.post('externalcontact/groupchat/get', { chat_id })).errcode).toBe(40050);
  });

  it('chats append to the archive with increasing seq, including violations and recalls', () => {
    const ext = firstCustomerOf('YangLei');
    const before = sim.state.chats.latestSeq();
    const { messages } = sim.control.scenarios.chatViolation({
      userid: 'YangLei',
      external_userid: ext,
      kind: 'bank_card',
    });
    const [violation] = messages;
    expect(violation).toMatchObject({
      seq: before + 1,
      action: 'send',
      from: 'YangLei',
      tolist: [ext],
      msgtype: 'text',
    });
    const text = (violation?.body as { text: { content: string } }).text.content;
    const card = /(\d{4} ){4}\d{3}/.exec(text)?.[0].replaceAll(' ', '') ?? '';
    expect(card).toHaveLength(19);
    const { message } = sim.control.scenarios.chatRecall({ msgid: violation?.msgid ?? '' });
    expect(message).toMatchObject({
      seq: before + 2,
      action: 'recall',
      msgtype: 'revoke',
      body: { revoke: { pre_msgid: violation?.msgid } },
    });
    expect(sim.state.chats.since(before).map((m) => m.seq)).toEqual([before + 1, before + 2]);
    const wechat = sim.control.scenarios.chatViolation({ userid: 'YangLei', external_userid: ext });
    expect((wechat.messages[0]?.body as { text: { content: string } }).text.content).toContain(
      '加我私人微信',
    );
  });

  it('msg-audit-approved records consent that check_single_agree reports', async () => {
    const ext = firstCustomerOf('ZhangWei');
    sim.control.scenarios.msgAuditApproved({ userid: 'ZhangWei', external_userid: ext });
    const reply = await api.post(
      'msgaudit/check_single_agree',
      { info: [{ userid: 'ZhangWei', exteranalopenid: ext }] },
      'archive',
    );
    expect(reply.agreeinfo).toEqual([
      {
        userid: 'ZhangWei',
        exteranalopenid: ext,
        agree_status: 'Agree',
        status_change_time: expect.any(Number),
      },
    ]);
    expect(sim.state.chats.since(sim.state.chats.latestSeq() - 1)[0]?.msgtype).toBe('agree');
  });

  it('oauth codes log a member in once', async () => {
    const { code } = sim.control.scenarios.issueOauthCode({ userid: 'ZhangWei' });
    expect(await api.get('auth/getuserinfo', { code }, 'agent')).toMatchObject({
      errcode: 0,
      userid: 'ZhangWei',
    });
    expect((await api.get('auth/getuserinfo', { code }, 'agent')).errcode).toBe(40029);
  });
});
