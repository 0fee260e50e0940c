import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../index.js';
import { ApiClient } from '../testing/api-client.js';

describe('access tokens', () => {
  let sim: RunningSimulator;
  let api: ApiClient;
  const corpid = 'wwkeepersandbox0001';

  beforeAll(async () => {
    sim = await startSimulator({ customers: 50 });
    api = new ApiClient(sim);
  });
  afterAll(() => sim.close());

  const gettoken = (q: Record<string, string>) => api.raw('GET', '/cgi-bin/gettoken', q);

  it('issues a token valid for 7200 s and hands out the same one while it is valid', async () => {
    const first = await gettoken({ corpid, corpsecret: sim.config.secrets.contact });
    expect(first).toEqual({ errcode: 0, errmsg: 'ok', access_token: expect.any(String), expires_in: 7200 });
    const again = await gettoken({ corpid, corpsecret: sim.config.secrets.contact });
    expect(again.access_token).toBe(first.access_token);
    const other = await gettoken({ corpid, corpsecret: sim.config.secrets.archive });
    expect(other.access_token).not.toBe(first.access_token);
  });

  it('answers 41002/41004/40013/40001 for missing or wrong credentials', async () => {
    expect((await gettoken({ corpsecret: 'x' })).errcode).toBe(41002);
    expect((await gettoken({ corpid })).errcode).toBe(41004);
    expect((await gettoken({ corpid: 'wwother', corpsecret: sim.config.secrets.contact })).errcode).toBe(
      40013,
    );
    expect((await gettoken({ corpid, corpsecret: 'wrong' })).errcode).toBe(40001);
  });

  it('writes errmsg the way WeCom does', async () => {
    const reply = await gettoken({ corpid, corpsecret: 'wrong' });
    expect(reply.errmsg).toMatch(
      /^invalid credential.*, hint: \[\d+\], from ip: 127\.0\.0\.1, more info at https:\/\/open\.work\.weixin\.qq\.com\/devtool\/query\?e=40001$/,
    );
  });

  it('reads the token from the query string only', async () => {
    const token = await api.token();
    expect((await api.raw('GET', '/cgi-bin/externalcontact/get_follow_user_list', {})).errcode).toBe(41001);
    const inBody = await api.raw(
      'POST',
      '/cgi-bin/externalcontact/get_corp_tag_list',
      {},
      JSON.stringify({ access_token: token }),
    );
    expect(inBody.errcode).toBe(41001);
    expect(
      (await api.raw('GET', '/cgi-bin/externalcontact/get_follow_user_list', { access_token: 'nope' }))
        .errcode,
    ).toBe(40014);
  });

  it('expires tokens after 7200 s of simulator time, and on demand', async () => {
    const fresh = new ApiClient(sim);
    fresh.autoRefresh = false;
    expect((await fresh.get('externalcontact/get_follow_user_list')).errcode).toBe(0);
    sim.control.advanceClock(7200);
    expect((await fresh.get('externalcontact/get_follow_user_list')).errcode).toBe(42001);

    const renewed = new ApiClient(sim);
    renewed.autoRefresh = false;
    expect((await renewed.get('externalcontact/get_follow_user_list')).errcode).toBe(0);
    sim.control.faults.expireTokens();
    expect((await renewed.get('externalcontact/get_follow_user_list')).errcode).toBe(42001);
  });

  it('allows each secret only its own APIs (48002)', async () => {
    const c = new ApiClient(sim);
    expect((await c.get('externalcontact/get_follow_user_list', {}, 'archive')).errcode).toBe(48002);
    expect((await c.post('msgaudit/get_permit_user_list', {}, 'contact')).errcode).toBe(48002);
    expect((await c.post('message/send', {}, 'contact')).errcode).toBe(48002);
    expect((await c.get('department/list', {}, 'archive')).errcode).toBe(48002);
    expect((await c.get('department/list', {}, 'agent')).errcode).toBe(0);
    expect((await c.post('msgaudit/get_permit_user_list', {}, 'archive')).errcode).toBe(0);
  });

  it('answers 40058 for GET where POST is required and for bad JSON', async () => {
    const token = await api.token();
    expect(
      (await api.raw('GET', '/cgi-bin/externalcontact/batch/get_by_user', { access_token: token })).errcode,
    ).toBe(40058);
    expect(
      (
        await api.raw(
          'POST',
          '/cgi-bin/externalcontact/batch/get_by_user',
          { access_token: token },
          '{"userid_list":',
        )
      ).errcode,
    ).toBe(40058);
  });
});
