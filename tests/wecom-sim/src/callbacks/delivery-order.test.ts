import { decrypt } from '@wecom/crypto';
import { XMLParser } from 'fast-xml-parser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../index.js';
import { Receiver, type Received } from '../testing/receiver.js';

const parser = new XMLParser({ parseTagValue: false });

/** What arrived, in arrival order: each event's change type and external user. */
function arrivals(sim: RunningSimulator, receiver: Receiver): string[] {
  return receiver.requests.map((r: Received) => {
    const envelope = (parser.parse(r.body) as { xml: Record<string, string> }).xml;
    const event = (
      parser.parse(decrypt(sim.config.aesKey, envelope.Encrypt ?? '').message) as {
        xml: Record<string, string>;
      }
    ).xml;
    return `${event.ChangeType}:${event.ExternalUserID}`;
  });
}

describe('callback delivery as WeCom really does it: repeated, late, in any order', () => {
  let receiver: Receiver;
  let sim: RunningSimulator;

  beforeEach(async () => {
    receiver = await new Receiver().start();
    sim = await startSimulator({
      customers: 50,
      callbackUrl: receiver.url,
      callbacks: { retryIntervalMs: 20, timeoutMs: 300 },
      msgauditNotifyIntervalMs: 0,
    });
  });
  afterEach(async () => {
    await sim.close();
    await receiver.stop();
  });

  /** Adds a customer, then the member deletes it: two callbacks about one relation. */
  const addThenDelete = () => {
    const added = sim.control.scenarios.addContact({ userid: 'LiNa' });
    sim.control.scenarios.memberDeletesCustomer({ userid: 'LiNa', external_userid: added.external_userid });
    return added.external_userid;
  };

  it('holds callbacks and releases them newest first, one after another', async () => {
    sim.control.holdCallbacks();
    const customer = addThenDelete();
    await sim.control.callbacksIdle();
    expect(receiver.requests).toHaveLength(0);
    expect(sim.control.callbackLog().map((entry) => entry.status)).toEqual(['held', 'held']);

    await sim.control.releaseCallbacks({ order: 'reversed' });
    expect(arrivals(sim, receiver)).toEqual([
      `del_external_contact:${customer}`,
      `add_external_contact:${customer}`,
    ]);
    expect(sim.control.callbackLog().map((entry) => entry.status)).toEqual(['delivered', 'delivered']);

    // Releasing everything ended holding: the next callback goes out at once.
    sim.control.scenarios.addContact({ userid: 'LiNa' });
    await sim.control.callbacksIdle();
    expect(receiver.requests).toHaveLength(3);
  });

  it('releases chosen callbacks in a chosen order and keeps the rest held', async () => {
    sim.control.holdCallbacks();
    const customer = addThenDelete();
    const edited = sim.control.scenarios.addContact({ userid: 'WangFang' }).external_userid;
    const [add, del, third] = sim.control.callbackLog().map((entry) => entry.id);
    expect(await sim.control.releaseCallbacks({ ids: [del!, add!] })).toEqual([del, add]);
    expect(arrivals(sim, receiver)).toEqual([
      `del_external_contact:${customer}`,
      `add_external_contact:${customer}`,
    ]);
    expect(sim.control.callbackLog().find((entry) => entry.id === third)?.status).toBe('held');
    await expect(sim.control.releaseCallbacks({ ids: [del!] })).rejects.toThrow(/not held/);
    await sim.control.releaseCallbacks();
    expect(arrivals(sim, receiver).at(-1)).toBe(`add_external_contact:${edited}`);
  });

  it('delivers a logged callback again with a fresh signature and ciphertext', async () => {
    const customer = sim.control.scenarios.addContact({ userid: 'LiNa' }).external_userid;
    await sim.control.callbacksIdle();
    const [entry] = sim.control.callbackLog();
    const again = await sim.control.redeliverCallback(entry!.id);
    expect(again).toMatchObject({ status: 'delivered', deliveries: 2 });
    expect(arrivals(sim, receiver)).toEqual([
      `add_external_contact:${customer}`,
      `add_external_contact:${customer}`,
    ]);
    const [first, second] = receiver.requests;
    expect(second!.query.get('nonce')).not.toBe(first!.query.get('nonce'));
    expect(second!.body).not.toBe(first!.body);
  });

  it('duplicates and delays deliveries on request, so a later callback overtakes an earlier one', async () => {
    sim.control.faults.duplicateCallbacks(1);
    const twice = sim.control.scenarios.addContact({ userid: 'LiNa' }).external_userid;
    await sim.control.callbacksIdle();
    expect(arrivals(sim, receiver)).toEqual([
      `add_external_contact:${twice}`,
      `add_external_contact:${twice}`,
    ]);

    receiver.requests.length = 0;
    sim.control.faults.delayCallbacks(150, 1);
    const customer = addThenDelete();
    await sim.control.callbacksIdle();
    expect(arrivals(sim, receiver)).toEqual([
      `del_external_contact:${customer}`,
      `add_external_contact:${customer}`,
    ]);
    expect(sim.control.faults.snapshot()).toMatchObject({ duplicateCallbacks: 0, callbackDelaysMs: [] });
  });

  it('offers all of it over the control API', async () => {
    const post = (path: string, body: unknown = {}) =>
      fetch(`${sim.url}/__sim/${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    expect((await post('callbacks/hold')).status).toBe(200);
    const added = (await (await post('scenarios/add-contact', { userid: 'LiNa' })).json()) as {
      external_userid: string;
    };
    await post('scenarios/member-deletes-customer', {
      userid: 'LiNa',
      external_userid: added.external_userid,
    });
    const released = (await (await post('callbacks/release', { order: 'reversed' })).json()) as {
      released: number[];
    };
    const [add, del] = sim.control.callbackLog().map((entry) => entry.id);
    expect(released.released).toEqual([del, add]);
    expect(arrivals(sim, receiver)[0]).toBe(`del_external_contact:${added.external_userid}`);

    const again = await post(`callbacks/${del}/redeliver`);
    expect(again.status).toBe(200);
    expect(((await again.json()) as { deliveries: number }).deliveries).toBe(2);
    expect((await post('callbacks/999/redeliver')).status).toBe(409);

    const faults = (await (await post('faults/duplicate-callbacks', { count: 2 })).json()) as {
      duplicateCallbacks: number;
    };
    expect(faults.duplicateCallbacks).toBe(2);
    const delayed = (await (await post('faults/delay-callbacks', { ms: 50, count: 2 })).json()) as {
      callbackDelaysMs: number[];
    };
    expect(delayed.callbackDelaysMs).toEqual([50, 50]);
  });
});
