import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../index.js';
import { ApiClient } from '../testing/api-client.js';

type CustomerVerdicts = Array<{ external_userid: string; errcode: number }>;
type ResultRows = Array<{ external_userid: string; status: number; takeover_time: number }>;
type FailedChats = Array<{ chat_id: string; errcode: number; errmsg: string }>;

const DAY = 86_400;

describe('handing over customers and groups (protocol.md §5)', () => {
  let sim: RunningSimulator;
  let api: ApiClient;

  beforeAll(async () => {
    // No seeded customers: each test gives its members exactly the customers it needs.
    sim = await startSimulator({ customers: 0, msgauditNotifyIntervalMs: 0 });
    api = new ApiClient(sim);
  });
  afterAll(() => sim.close());

  function give(userid: string, n: number): string[] {
    return Array.from({ length: n }, () => sim.control.scenarios.addContact({ userid }).external_userid);
  }

  function callbacksSince(id: number) {
    return sim.control.callbackLog().filter((e) => e.id > id);
  }

  const lastCallbackId = () => sim.control.callbackLog().at(-1)?.id ?? 0;

  async function transfer(path: string, body: Record<string, unknown>): Promise<CustomerVerdicts> {
    const reply = await api.post(`externalcontact/${path}`, body);
    expect(reply.errcode).toBe(0);
    return reply.customer as CustomerVerdicts;
  }

  async function result(path: string, handover: string, takeover: string): Promise<ResultRows> {
    const rows: ResultRows = [];
    let cursor = '';
    do {
      const reply = await api.post(`externalcontact/${path}`, {
        handover_userid: handover,
        takeover_userid: takeover,
        cursor,
      });
      expect(reply.errcode).toBe(0);
      rows.push(...(reply.customer as ResultRows));
      cursor = String(reply.next_cursor ?? '');
    } while (cursor);
    return rows;
  }

  it('hands a departed member’s 250 customers over in calls of 100/100/50, done 24 h later', async () => {
    const exts = give('HuangQiang', 250);
    const groups = [1, 2, 3].map(
      (i) => sim.control.scenarios.groupCreate({ owner: 'HuangQiang', name: `华东客户群${i}` }).chat_id,
    );
    sim.control.scenarios.memberLeaves({ userid: 'HuangQiang' });
    const before = lastCallbackId();
    const startedAt = sim.state.clock.nowSec();

    for (const chunk of [exts.slice(0, 100), exts.slice(100, 200), exts.slice(200)]) {
      const verdicts = await transfer('resigned/transfer_customer', {
        handover_userid: 'HuangQiang',
        takeover_userid: 'WuTing',
        external_userid: chunk,
      });
      expect(verdicts).toEqual(chunk.map((ext) => ({ external_userid: ext, errcode: 0 })));
    }
    const waiting = await result('resigned/transfer_result', 'HuangQiang', 'WuTing');
    expect(waiting).toHaveLength(250);
    for (const row of waiting) {
      expect(row.status).toBe(2);
      expect(row.takeover_time - (startedAt + DAY)).toBeGreaterThanOrEqual(0);
      expect(row.takeover_time - (startedAt + DAY)).toBeLessThanOrEqual(2);
    }
    // Starting a transfer sends no callback.
    expect(callbacksSince(before)).toEqual([]);

    sim.control.advanceClock(DAY);
    const done = await result('resigned/transfer_result', 'HuangQiang', 'WuTing');
    expect(done.map((r) => r.external_userid).sort()).toEqual([...exts].sort());
    expect(done.every((r) => r.status === 1 && r.takeover_time >= startedAt + DAY)).toBe(true);

    const detail = await api.get('externalcontact/get', { external_userid: exts[0] ?? '' });
    expect((detail.follow_user as Array<{ userid: string }>).map((f) => f.userid)).toEqual(['WuTing']);
    const events = callbacksSince(before);
    expect(events.filter((e) => e.changeType === 'add_external_contact')).toHaveLength(250);
    // A departed handover gets no DELETE_BY_TRANSFER: that is for on-duty transfers.
    expect(events.some((e) => e.changeType === 'del_external_contact')).toBe(false);
    const unassigned = await api.post('externalcontact/get_unassigned_list', {});
    expect(
      (unassigned.info as Array<{ handover_userid: string }>).filter(
        (r) => r.handover_userid === 'HuangQiang',
      ),
    ).toEqual([]);

    // The groups go in one call; a repeat after a lost answer finds them inherited (90508).
    sim.control.faults.loseAnswers(1, 'externalcontact/groupchat/transfer');
    await expect(
      api.post('externalcontact/groupchat/transfer', { chat_id_list: groups, new_owner: 'WuTing' }),
    ).rejects.toThrow();
    for (const id of groups) expect(sim.state.groups.get(id)?.owner).toBe('WuTing');
    const repeat = await api.post('externalcontact/groupchat/transfer', {
      chat_id_list: groups,
      new_owner: 'WuTing',
    });
    expect((repeat.failed_chat_list as FailedChats).map((f) => [f.chat_id, f.errcode])).toEqual(
      groups.map((id) => [id, 90508]),
    );
  });

  it('a customer who refuses: transfer_fail to the takeover only, status 3, and the customer stays', async () => {
    const [refuser = '', accepter = ''] = give('LiNa', 2);
    await transfer('transfer_customer', {
      handover_userid: 'LiNa',
      takeover_userid: 'LiuYang',
      external_userid: [refuser, accepter],
      transfer_success_msg: '您好，之后由刘洋为您服务',
    });
    const before = lastCallbackId();
    const refused = sim.control.scenarios.customerRefusesTransfer({ external_userid: refuser });
    const [event] = callbacksSince(before);
    expect(event?.id).toBe(refused.callbackId);
    expect(event?.changeType).toBe('transfer_fail');
    expect(event?.xml).toContain('<FailReason><![CDATA[customer_refused]]></FailReason>');
    expect(event?.xml).toContain('<UserID><![CDATA[LiuYang]]></UserID>');
    expect(event?.xml).toContain(`<ExternalUserID><![CDATA[${refuser}]]></ExternalUserID>`);
    // Neither the handover nor the kind of transfer is in the event.
    expect(event?.xml).not.toContain('LiNa');
    expect(event?.xml).not.toContain('Source');

    const rows = await result('transfer_result', 'LiNa', 'LiuYang');
    expect(rows.find((r) => r.external_userid === refuser)).toEqual({
      external_userid: refuser,
      status: 3,
      takeover_time: 0,
    });
    expect(rows.find((r) => r.external_userid === accepter)?.status).toBe(2);

    sim.control.advanceClock(DAY);
    const settled = await result('transfer_result', 'LiNa', 'LiuYang');
    expect(settled.map((r) => [r.external_userid, r.status])).toEqual([
      [refuser, 3],
      [accepter, 1],
    ]);
    expect(sim.state.customers.follow('LiNa', refuser)).toBeDefined();
    expect(sim.state.customers.follow('LiuYang', refuser)).toBeUndefined();
    const moved = callbacksSince(before).filter((e) => e.xml.includes(accepter));
    expect(moved.map((e) => e.changeType)).toEqual(['del_external_contact', 'add_external_contact']);
    expect(moved[0]?.xml).toContain('<Source><![CDATA[DELETE_BY_TRANSFER]]></Source>');
    expect(moved[0]?.xml).toContain('<UserID><![CDATA[LiNa]]></UserID>');
    expect(moved[1]?.xml).toContain('<UserID><![CDATA[LiuYang]]></UserID>');
  });

  it('a takeover at the customer limit: due transfers end with status 4, new ones answer 40099', async () => {
    const exts = give('WangFang', 3);
    give('ChenJing', 2);
    await transfer('transfer_customer', {
      handover_userid: 'WangFang',
      takeover_userid: 'ChenJing',
      external_userid: exts.slice(0, 2),
    });
    const full = sim.control.scenarios.takeoverFull({ userid: 'ChenJing' });
    expect(full).toMatchObject({ customerLimit: 2, waiting: 2 });
    const before = lastCallbackId();

    sim.control.advanceClock(DAY);
    const rows = await result('transfer_result', 'WangFang', 'ChenJing');
    expect(rows).toEqual(
      exts.slice(0, 2).map((ext) => ({ external_userid: ext, status: 4, takeover_time: 0 })),
    );
    const fails = callbacksSince(before);
    expect(fails.map((e) => e.changeType)).toEqual(['transfer_fail', 'transfer_fail']);
    for (const e of fails) {
      expect(e.xml).toContain('<FailReason><![CDATA[customer_limit_exceed]]></FailReason>');
      expect(e.xml).toContain('<UserID><![CDATA[ChenJing]]></UserID>');
    }
    for (const ext of exts) expect(sim.state.customers.follow('WangFang', ext)).toBeDefined();

    const refused = await transfer('transfer_customer', {
      handover_userid: 'WangFang',
      takeover_userid: 'ChenJing',
      external_userid: [exts[2]],
    });
    expect(refused).toEqual([{ external_userid: exts[2], errcode: 40099 }]);

    sim.control.scenarios.takeoverFull({ userid: 'ChenJing', limit: null });
    const accepted = await transfer('transfer_customer', {
      handover_userid: 'WangFang',
      takeover_userid: 'ChenJing',
      external_userid: [exts[2]],
    });
    expect(accepted).toEqual([{ external_userid: exts[2], errcode: 0 }]);
  });

  it('allows two on-duty transfers of a customer per 90 days: the third answers 40128', async () => {
    const [ext = ''] = give('ZhangWei', 1);
    const hop = async (from: string, to: string) => {
      const [verdict] = await transfer('transfer_customer', {
        handover_userid: from,
        takeover_userid: to,
        external_userid: [ext],
      });
      sim.control.advanceClock(DAY);
      return verdict?.errcode;
    };
    expect(await hop('ZhangWei', 'YangLei')).toBe(0);
    expect(await hop('YangLei', 'ZhangWei')).toBe(0);
    expect(await hop('ZhangWei', 'YangLei')).toBe(40128);
    expect(sim.state.customers.follow('ZhangWei', ext)).toBeDefined();
    // The window slides: 90 days after the first transfer one more is allowed.
    sim.control.advanceClock(88 * DAY);
    expect(await hop('ZhangWei', 'YangLei')).toBe(0);
  });

  it('a lost answer after transfer_customer: WeCom started it, a repeat answers 40129', async () => {
    const exts = give('HeXue', 3);
    const body = { handover_userid: 'HeXue', takeover_userid: 'WangFang', external_userid: exts };
    // The clock moved months in earlier tests: refresh the token first, or the lost call is a rejected one.
    expect((await api.get('externalcontact/get_follow_user_list')).errcode).toBe(0);
    sim.control.faults.loseAnswers(1, 'externalcontact/transfer_customer');
    await expect(api.post('externalcontact/transfer_customer', body)).rejects.toThrow();
    const repeat = await transfer('transfer_customer', body);
    expect(repeat).toEqual(exts.map((ext) => ({ external_userid: ext, errcode: 40129 })));
    const started = sim.state.transfers.filter((t) => exts.includes(t.external_userid));
    expect(started.map((t) => t.status)).toEqual([2, 2, 2]);
  });

  it('moves at most 300 groups of one old owner a simulated day; the 301st waits for the next day', async () => {
    const groups = Array.from(
      { length: 301 },
      (_, i) => sim.control.scenarios.groupCreate({ owner: 'XuBin', name: `客户群${i}` }).chat_id,
    );
    sim.control.scenarios.memberLeaves({ userid: 'XuBin' });
    // Move to the start of a Shanghai day so the four calls fall on one calendar day.
    const now = sim.state.clock.nowSec();
    sim.control.advanceClock(DAY - ((now + 8 * 3600) % DAY) + 60);
    for (let i = 0; i < 300; i += 100) {
      const reply = await api.post('externalcontact/groupchat/transfer', {
        chat_id_list: groups.slice(i, i + 100),
        new_owner: 'LiuYang',
      });
      expect(reply.failed_chat_list).toEqual([]);
    }
    const last = groups.slice(300);
    const refused = await api.post('externalcontact/groupchat/transfer', {
      chat_id_list: last,
      new_owner: 'LiuYang',
    });
    expect((refused.failed_chat_list as FailedChats).map((f) => [f.chat_id, f.errcode])).toEqual([
      [last[0], 45009],
    ]);
    expect(sim.state.groups.get(last[0] ?? '')?.owner).toBe('XuBin');

    sim.control.advanceClock(DAY);
    const nextDay = await api.post('externalcontact/groupchat/transfer', {
      chat_id_list: last,
      new_owner: 'LiuYang',
    });
    expect(nextDay.failed_chat_list).toEqual([]);
    expect(sim.state.groups.get(last[0] ?? '')?.owner).toBe('LiuYang');
  });

  it('group transfers answer per chat: 90500, 90502, 90501, 90504 and 40128 on the third on-duty move', async () => {
    const own = sim.control.scenarios.groupCreate({ owner: 'LiNa', name: '在职群' }).chat_id;
    const resigned = await api.post('externalcontact/groupchat/transfer', {
      chat_id_list: [own, 'wrNoSuchGroup0000000000000AAAA'],
      new_owner: 'WangFang',
    });
    expect((resigned.failed_chat_list as FailedChats).map((f) => f.errcode)).toEqual([90500, 90501]);
    const { userid: leaver } = sim.control.scenarios.memberJoins({ userid: 'LiKai', name: '李凯' });
    const leaversGroup = sim.control.scenarios.groupCreate({ owner: leaver, name: '离职群' }).chat_id;
    sim.control.scenarios.memberLeaves({ userid: leaver });
    const onDuty = await api.post('externalcontact/groupchat/onjob_transfer', {
      chat_id_list: [leaversGroup, own],
      new_owner: 'LiNa',
    });
    expect((onDuty.failed_chat_list as FailedChats).map((f) => [f.chat_id, f.errcode])).toEqual([
      [leaversGroup, 90502],
      [own, 90504],
    ]);

    const move = async (to: string) => {
      const reply = await api.post('externalcontact/groupchat/onjob_transfer', {
        chat_id_list: [own],
        new_owner: to,
      });
      return (reply.failed_chat_list as FailedChats).map((f) => f.errcode);
    };
    expect(await move('WangFang')).toEqual([]);
    expect(await move('LiNa')).toEqual([]);
    expect(await move('WangFang')).toEqual([40128]);
    expect(sim.state.groups.get(own)?.owner).toBe('LiNa');
  });

  it('pages a departed members’ unassigned list of 1,250 rows by the returned cursor', async () => {
    const { userid } = sim.control.scenarios.memberJoins({ userid: 'DaKeHu', name: '大客户经理' });
    const exts = give(userid, 1250);
    sim.control.scenarios.memberLeaves({ userid });

    const first = await api.post('externalcontact/get_unassigned_list', { page_size: 1000 });
    expect(first.info).toHaveLength(1000);
    expect(first.is_last).toBe(false);
    expect(first.next_cursor).toEqual(expect.any(String));
    const second = await api.post('externalcontact/get_unassigned_list', {
      page_size: 1000,
      cursor: first.next_cursor,
    });
    expect(second.is_last).toBe(true);
    expect(second.next_cursor).toBe('');
    const rows = [...(first.info as Array<{ handover_userid: string; external_userid: string }>)].concat(
      second.info as Array<{ handover_userid: string; external_userid: string }>,
    );
    const mine = rows.filter((r) => r.handover_userid === userid).map((r) => r.external_userid);
    expect(mine.sort()).toEqual([...exts].sort());
    expect(new Set(rows.map((r) => r.external_userid + r.handover_userid)).size).toBe(rows.length);

    expect((await api.post('externalcontact/get_unassigned_list', { page_size: 1001 })).errcode).toBe(40058);
  });
});

describe('the one-year window of a departed member', () => {
  let sim: RunningSimulator;
  let api: ApiClient;

  beforeAll(async () => {
    sim = await startSimulator({ customers: 0, msgauditNotifyIntervalMs: 0 });
    api = new ApiClient(sim);
  });
  afterAll(() => sim.close());

  it('refuses customers and groups of a member who left more than a year ago', async () => {
    const ext = sim.control.scenarios.addContact({ userid: 'LiNa' }).external_userid;
    const chat = sim.control.scenarios.groupCreate({ owner: 'LiNa', name: '老群' }).chat_id;
    sim.control.scenarios.memberLeaves({ userid: 'LiNa' });
    sim.control.advanceClock(366 * DAY);
    const customers = await api.post('externalcontact/resigned/transfer_customer', {
      handover_userid: 'LiNa',
      takeover_userid: 'WangFang',
      external_userid: [ext],
    });
    expect(customers.errcode).toBe(40097);
    const groups = await api.post('externalcontact/groupchat/transfer', {
      chat_id_list: [chat],
      new_owner: 'WangFang',
    });
    expect((groups.failed_chat_list as FailedChats).map((f) => f.errcode)).toEqual([90500]);
  });
});
