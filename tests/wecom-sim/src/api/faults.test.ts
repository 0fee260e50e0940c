import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
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
    expect((await api.get('department/list')).errcode).toBe(0);
    expect(sim.control.faults.snapshot().delays).toEqual([]);
  });

  it('answers late with the corp as it was when the call came in', async () => {
    await api.token();
    sim.control.faults.delay(300, 1, 'externalcontact/list', true);
    const before = api.get('externalcontact/list', { userid: 'LiNa' });
    // The call has come in (and its answer is made) once it has used up the delay.
    await vi.waitFor(() => expect(sim.control.faults.snapshot().delays).toEqual([]));
    // While the answer is on its way, LiNa gains a customer: the late answer does not show it.
    const added = sim.control.scenarios.addContact({ userid: 'LiNa', dropCallback: true });
    const late = await before;
    expect(late.external_userid).not.toContain(added.external_userid);
    const fresh = await api.get('externalcontact/list', { userid: 'LiNa' });
    expect(fresh.external_userid).toContain(added.external_userid);
  });

  it('does the work of a slow POST even when the caller stops waiting', async () => {
    const group = sim.state.tags.groups[0];
    sim.control.faults.delay(400, 1, 'externalcontact/add_corp_tag');
    const url = new URL('/cgi-bin/externalcontact/add_corp_tag', sim.url);
    url.searchParams.set('access_token', await api.token());
    const call = fetch(url, {
      method: 'POST',
      body: JSON.stringify({ group_id: group?.group_id, tag: [{ name: '慢答复' }] }),
      signal: AbortSignal.timeout(100),
    });
    await expect(call).rejects.toThrow(/abort|timeout/i);
    await vi.waitFor(
      () =>
        expect(sim.state.tags.group(group?.group_id ?? '')?.tags.map((tag) => tag.name)).toContain('慢答复'),
      { timeout: 2000 },
    );
  });

  it('loses the answer of a call it carried out: the effect stays, a repeat finds it done', async () => {
    const [group] = sim.state.tags.groups;
    const [first, second] = group?.tags ?? [];
    if (!first || !second) throw new Error('the demo corp has a tag group with two tags');
    sim.control.faults.loseAnswers(1, 'externalcontact/del_corp_tag');
    await expect(api.post('externalcontact/del_corp_tag', { tag_id: [first.id] })).rejects.toThrow();
    expect(sim.state.tags.tag(first.id)).toBeUndefined();
    expect((await api.post('externalcontact/del_corp_tag', { tag_id: [first.id] })).errcode).toBe(40068);

    // hang: no byte comes back until the caller gives up; the work is done all the same.
    sim.control.faults.loseAnswers(1, 'externalcontact/add_corp_tag', 'hang');
    const url = new URL('/cgi-bin/externalcontact/add_corp_tag', sim.url);
    url.searchParams.set('access_token', await api.token());
    const call = fetch(url, {
      method: 'POST',
      body: JSON.stringify({ group_id: group?.group_id, tag: [{ name: '答复丢失' }] }),
      signal: AbortSignal.timeout(300),
    });
    await expect(call).rejects.toThrow(/abort|timeout/i);
    expect(sim.state.tags.group(group?.group_id ?? '')?.tags.map((tag) => tag.name)).toContain('答复丢失');
    expect(sim.control.faults.snapshot().lostAnswers).toEqual([]);
    // Other calls were answered as usual throughout.
    expect((await api.post('externalcontact/del_corp_tag', { tag_id: [second.id] })).errcode).toBe(0);
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
