import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../index.js';
import { ApiClient } from '../testing/api-client.js';
import { ControlClient } from './control-client.js';

describe('control API over HTTP', () => {
  let sim: RunningSimulator;
  let sut: ControlClient;

  beforeAll(async () => {
    sim = await startSimulator({ customers: 200 });
    sut = new ControlClient(sim.url);
  });
  afterAll(() => sim.close());

  it('runs scenarios and shows their effect in state listings', async () => {
    const added = (await sut.post('/scenarios/add-contact', { userid: 'LiNa', state: 'cli' })) as {
      external_userid: string;
    };
    const follows = (await sut.get('/follows', { external_userid: added.external_userid })) as {
      total: number;
      follows: Array<{ userid: string; state: string }>;
    };
    expect(follows).toMatchObject({ total: 1, follows: [{ userid: 'LiNa', state: 'cli' }] });
    const log = (await sut.get('/callbacks')) as { callbacks: Array<{ changeType: string; status: string }> };
    expect(log.callbacks.at(-1)).toMatchObject({ changeType: 'add_external_contact', status: 'skipped' });
  });

  it('rejects bad input with 400 and unknown things with 404', async () => {
    await expect(sut.post('/scenarios/add-contact', {})).rejects.toThrow(/^400/);
    await expect(sut.post('/scenarios/member-leaves', { userid: 'Nobody' })).rejects.toThrow(/^404/);
    await expect(sut.post('/scenarios/no-such-thing', {})).rejects.toThrow(/^404/);
  });

  it('holds callbacks back over HTTP and refuses to release one that is not held', async () => {
    const faults = (await sut.post('/faults/hold-callbacks', { count: 2 })) as { holdCallbacks: number };
    expect(faults.holdCallbacks).toBe(2);
    await expect(sut.post('/callbacks/release', { ids: [999_999] })).rejects.toThrow(/^409/);
    expect(await sut.post('/callbacks/release', {})).toEqual({ released: [] });
    await sut.delete('/faults');
  });

  it('arms faults and reseeds on reset', async () => {
    await sut.post('/faults/error', { errcode: 45033, count: 1, path: 'department/list' });
    const faults = (await sut.get('/faults')) as { errors: unknown[] };
    expect(faults.errors).toEqual([{ errcode: 45033, remaining: 1, path: 'department/list' }]);
    await sut.post('/scenarios/member-leaves', { userid: 'LiuYang' });
    const status = (await sut.post('/reset', { customers: 120 })) as {
      counts: { customers: number; departed: number };
      faults: { errors: unknown[] };
    };
    expect(status.counts).toMatchObject({ customers: 120, departed: 0 });
    expect(status.faults.errors).toEqual([]);
    expect(sim.state.directory.member('LiuYang')).toBeDefined();
  });

  it('counts the API calls that passed the token check, by path, until cleared', async () => {
    await sut.delete('/api-calls');
    const api = new ApiClient(sim);
    await api.get('user/get', { userid: 'LiNa' });
    await api.get('user/get', { userid: 'LiNa' });
    await fetch(`${sim.url}/cgi-bin/user/get?access_token=wrong&userid=LiNa`);
    const { calls } = (await sut.get('/api-calls')) as { calls: Record<string, number> };
    expect(calls['user/get']).toBe(2);
    await sut.delete('/api-calls');
    expect(await sut.get('/api-calls')).toEqual({ calls: {} });
  });
});
