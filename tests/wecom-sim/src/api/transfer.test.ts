import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../index.js';
import { ApiClient } from '../testing/api-client.js';

describe('customer transfers', () => {
  let sim: RunningSimulator;
  let api: ApiClient;

  beforeAll(async () => {
    sim = await startSimulator({ customers: 400 });
    api = new ApiClient(sim);
  });
  afterAll(() => sim.close());

  const customersOf = (userid: string) =>
    sim.state.customers.followsOfUser(userid).map((f) => f.external_userid);

  it('applies the on-duty rules: 40130, 40131, 40129, then completes after 24 h', async () => {
    const [ext] = customersOf('LiNa').filter((e) => !sim.state.customers.follow('LiuYang', e));
    if (!ext) throw new Error('no customer to transfer');
    const same = await api.post('externalcontact/transfer_customer', {
      handover_userid: 'LiNa',
      takeover_userid: 'LiNa',
      external_userid: [ext],
    });
    expect(same.errcode).toBe(40130);

    const foreign = customersOf('WangFang').find((e) => !sim.state.customers.follow('LiNa', e));
    const started = await api.post('externalcontact/transfer_customer', {
      handover_userid: 'LiNa',
      takeover_userid: 'LiuYang',
      external_userid: [ext, foreign],
      transfer_success_msg: '您好，之后由刘洋为您服务',
    });
    expect(started.customer).toEqual([
      { external_userid: ext, errcode: 0 },
      { external_userid: foreign, errcode: 40131 },
    ]);
    const again = await api.post('externalcontact/transfer_customer', {
      handover_userid: 'LiNa',
      takeover_userid: 'LiuYang',
      external_userid: [ext],
    });
    expect(again.customer).toEqual([{ external_userid: ext, errcode: 40129 }]);

    const waiting = await api.post('externalcontact/transfer_result', {
      handover_userid: 'LiNa',
      takeover_userid: 'LiuYang',
    });
    // Waiting: takeover_time is when the automatic takeover is due, 24 h after the call.
    const due = sim.state.clock.nowSec() + 86_400;
    expect(waiting.customer).toEqual([
      { external_userid: ext, status: 2, takeover_time: expect.any(Number) as number },
    ]);
    const [row] = waiting.customer as Array<{ takeover_time: number }>;
    expect(Math.abs((row?.takeover_time ?? 0) - due)).toBeLessThanOrEqual(2);

    sim.control.advanceClock(86_400);
    const done = await api.post('externalcontact/transfer_result', {
      handover_userid: 'LiNa',
      takeover_userid: 'LiuYang',
    });
    expect(done.customer).toEqual([{ external_userid: ext, status: 1, takeover_time: expect.any(Number) }]);
    expect(sim.state.customers.follow('LiNa', ext)).toBeUndefined();
    expect(sim.state.customers.follow('LiuYang', ext)).toBeDefined();
    // Completion is WeCom's doing, not an API call's, so the callbacks do fire.
    const changes = sim.control
      .callbackLog()
      .slice(-2)
      .map((e) => e.changeType);
    expect(changes).toEqual(['del_external_contact', 'add_external_contact']);
    expect(sim.control.callbackLog().at(-2)?.xml).toContain(
      '<Source><![CDATA[DELETE_BY_TRANSFER]]></Source>',
    );
  });

  it('allows at most two on-duty transfers of a customer in 90 days (40128)', async () => {
    const [ext] = customersOf('ChenJing').filter(
      (e) => sim.state.customers.followsOfCustomer(e).length === 1,
    );
    if (!ext) throw new Error('no single-follow customer');
    const hop = async (from: string, to: string) => {
      const r = await api.post('externalcontact/transfer_customer', {
        handover_userid: from,
        takeover_userid: to,
        external_userid: [ext],
      });
      sim.control.completeTransfers();
      return (r.customer as Array<{ errcode: number }>)[0]?.errcode;
    };
    expect(await hop('ChenJing', 'YangLei')).toBe(0);
    expect(await hop('YangLei', 'ChenJing')).toBe(0);
    expect(await hop('ChenJing', 'YangLei')).toBe(40128);
  });

  it('transfers a departed member’s customers only after the departure (40097), via the unassigned list', async () => {
    const exts = customersOf('HuangQiang').slice(0, 3);
    const early = await api.post('externalcontact/resigned/transfer_customer', {
      handover_userid: 'HuangQiang',
      takeover_userid: 'WuTing',
      external_userid: exts,
    });
    expect(early.errcode).toBe(40097);

    sim.control.scenarios.memberLeaves({ userid: 'HuangQiang' });
    expect((await api.get('user/get', { userid: 'HuangQiang' })).errcode).toBe(60111);
    const unassigned = await api.post('externalcontact/get_unassigned_list', { page_size: 1000 });
    const mine = (unassigned.info as Array<{ handover_userid: string; external_userid: string }>).filter(
      (i) => i.handover_userid === 'HuangQiang',
    );
    expect(mine.map((i) => i.external_userid).sort()).toEqual(customersOf('HuangQiang').sort());
    expect(unassigned.is_last).toBe(true);

    const started = await api.post('externalcontact/resigned/transfer_customer', {
      handover_userid: 'HuangQiang',
      takeover_userid: 'WuTing',
      external_userid: exts,
    });
    expect((started.customer as Array<{ errcode: number }>).map((c) => c.errcode)).toEqual([0, 0, 0]);
    sim.control.scenarios.transferFails({ external_userid: exts[0] ?? '', reason: 'customer_refused' });
    expect(sim.control.callbackLog().at(-1)?.xml).toContain(
      '<FailReason><![CDATA[customer_refused]]></FailReason>',
    );
    sim.control.completeTransfers();
    const result = await api.post('externalcontact/resigned/transfer_result', {
      handover_userid: 'HuangQiang',
      takeover_userid: 'WuTing',
    });
    expect((result.customer as Array<{ status: number }>).map((c) => c.status)).toEqual([3, 1, 1]);
  });
});
