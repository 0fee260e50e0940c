import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../index.js';
import { ApiClient } from '../testing/api-client.js';

describe('faults and limits', () => {
  let sim: RunningSimulator;
  let api: ApiClient;

  beforeEach(async () => {
    sim = await startSimulator({
      customers: 50,
      limits: { perPath: { 'externalcontact/get_follow_user_list': { perMinute: 3 } } },
    });
    api = new ApiClient(sim);
  });
  afterEach(() => sim.close());

  it('answers 45009 past a per-API limit until the window ends', async () => {
    const codes = [];
    for (let i = 0; i < 5; i++) codes.push((await api.get('externalcontact/get_follow_user_list')).errcode);
    expect(codes).toEqual([0, 0, 0, 45009, 45009]);
    // Other APIs have their own counters.
    expect((await api.get('department/list')).errcode).toBe(0);
    sim.control.advanceClock(61);
    expect((await api.get('externalcontact/get_follow_user_list')).errcode).toBe(0);
  });

  it('answers an injected errcode for the next N calls of one path only', async () => {
    sim.control.faults.error(45009, 2, 'externalcontact/list');
    expect((await api.get('externalcontact/list', { userid: 'LiNa' })).errcode).toBe(45009);
    expect((await api.get('department/list')).errcode).toBe(0);
    expect((await api.get('externalcontact/list', { userid: 'LiNa' })).errcode).toBe(45009);
    expect((await api.get('externalcontact/list', { userid: 'LiNa' })).errcode).toBe(0);
    sim.control.faults.error(-1, 1);
    expect((await api.get('department/list')).errcode).toBe(-1);
  });

  it('drops and delays responses', async () => {
    await api.token();
    sim.control.faults.dropResponses(1, 'department/list');
    await expect(api.get('department/list')).rejects.toThrow();
    expect((await api.get('department/list')).errcode).toBe(0);
    sim.control.faults.delay(150, 1);
    const t = Date.now();
    expect((await api.get('department/list')).errcode).toBe(0);
    expect(Date.now() - t).toBeGreaterThanOrEqual(140);
  });

  it('answers late with the corp as it was when the call came in', async () => {
    await api.token();
    sim.control.faults.delay(300, 1, 'externalcontact/list', true);
    const started = Date.now();
    const before = api.get('externalcontact/list', { userid: 'LiNa' });
    await new Promise((resolve) => setTimeout(resolve, 100));
    // While the answer is on its way, LiNa gains a customer: the late answer does not show it.
    const added = sim.control.scenarios.addContact({ userid: 'LiNa', dropCallback: true });
    const late = await before;
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(late.external_userid).not.toContain(added.external_userid);
    const fresh = await api.get('externalcontact/list', { userid: 'LiNa' });
    expect(fresh.external_userid).toContain(added.external_userid);
  });

  it('reports the misconfigurations a connection check must find', async () => {
    await api.token('contact');
    await api.token('archive');
    sim.control.faults.connection({ contactAppNotListed: true, archiveNotEnabled: true });
    expect((await api.get('externalcontact/get_follow_user_list')).errcode).toBe(48002);
    expect((await api.get('department/list')).errcode).toBe(0);
    expect((await api.post('msgaudit/get_permit_user_list', {}, 'archive')).errcode).toBe(301053);

    sim.control.faults.connection({ ipNotTrusted: true });
    expect((await api.get('department/list')).errcode).toBe(60020);

    sim.control.faults.clear();
    sim.control.faults.connection({ rejectedSecrets: ['agent'] });
    const reply = await new ApiClient(sim).raw('GET', '/cgi-bin/gettoken', {
      corpid: sim.config.corpId,
      corpsecret: sim.config.secrets.agent,
    });
    expect(reply.errcode).toBe(40001);
  });
});
