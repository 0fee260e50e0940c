import { decrypt, getSignature } from '@wecom/crypto';
import { XMLParser } from 'fast-xml-parser';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../index.js';
import { Receiver, type Received } from '../testing/receiver.js';

const parser = new XMLParser({ parseTagValue: false });

/** Does what Keeper's endpoint must do: check the signature, decrypt, check receiveid, parse. */
function open(sim: RunningSimulator, r: Received): Record<string, string> {
  const envelope = (parser.parse(r.body) as { xml: Record<string, string> }).xml;
  const encrypted = envelope.Encrypt ?? '';
  const signature = getSignature(
    sim.config.token,
    r.query.get('timestamp') ?? '',
    r.query.get('nonce') ?? '',
    encrypted,
  );
  expect(r.query.get('msg_signature')).toBe(signature);
  expect(envelope.ToUserName).toBe(sim.config.corpId);
  expect(envelope.AgentID).toBe(String(sim.config.agentId));
  const { message, id } = decrypt(sim.config.aesKey, encrypted);
  expect(id).toBe(sim.config.corpId);
  return (parser.parse(message) as { xml: Record<string, string> }).xml;
}

describe('callback delivery', () => {
  let receiver: Receiver;
  let sim: RunningSimulator;

  beforeEach(async () => {
    receiver = await new Receiver().start();
    sim = await startSimulator({
      customers: 100,
      callbackUrl: receiver.url,
      callbacks: { retryIntervalMs: 20, timeoutMs: 300 },
      msgauditNotifyIntervalMs: 50,
    });
  });
  afterEach(async () => {
    await sim.close();
    await receiver.stop();
  });

  it('sends add_external_contact encrypted and signed, with State and WelcomeCode', async () => {
    const result = sim.control.scenarios.addContact({ userid: 'LiNa', state: 'expo2024' });
    await sim.control.callbacksIdle();
    expect(receiver.requests).toHaveLength(1);
    const event = open(sim, receiver.requests[0] as Received);
    expect(event).toEqual({
      ToUserName: sim.config.corpId,
      FromUserName: 'sys',
      CreateTime: expect.stringMatching(/^\d{10}$/),
      MsgType: 'event',
      Event: 'change_external_contact',
      ChangeType: 'add_external_contact',
      UserID: 'LiNa',
      ExternalUserID: result.external_userid,
      State: 'expo2024',
      WelcomeCode: result.welcome_code,
    });
    expect(sim.control.callbackLog()[0]).toMatchObject({
      status: 'delivered',
      attempts: [{ ok: true, httpStatus: 200 }],
    });
  });

  it('tries 3 times in total, then gives up, when the receiver is down', async () => {
    await receiver.stop();
    sim.control.scenarios.memberLeaves({ userid: 'GaoFeng' });
    await sim.control.callbacksIdle();
    const entry = sim.control.callbackLog()[0];
    expect(entry?.status).toBe('failed');
    expect(entry?.attempts).toHaveLength(3);
    expect(entry?.attempts.every((a) => !a.ok && a.error)).toBe(true);
  });

  it('retries after non-200 answers and stops at the first success', async () => {
    let n = 0;
    receiver.respond = () => (++n < 3 ? { status: 500 } : { status: 200 });
    sim.control.scenarios.memberJoins({ userid: 'NewHire', name: '新同事', department: [5] });
    await sim.control.callbacksIdle();
    expect(receiver.requests).toHaveLength(3);
    expect(sim.control.callbackLog()[0]).toMatchObject({
      status: 'delivered',
      attempts: [{ httpStatus: 500 }, { httpStatus: 500 }, { httpStatus: 200 }],
    });
    const event = open(sim, receiver.requests[2] as Received);
    // Default detail is what post-2022 callback URLs get: only UserID and Department.
    expect(event).toMatchObject({
      Event: 'change_contact',
      ChangeType: 'create_user',
      UserID: 'NewHire',
      Department: '5',
    });
    expect(event.Name).toBeUndefined();
  });

  it('loses callbacks on request, and sends none for API changes', async () => {
    sim.control.scenarios.addContact({ userid: 'LiNa', dropCallback: true });
    sim.control.faults.dropCallbacks(1);
    sim.control.scenarios.addContact({ userid: 'LiNa' });
    sim.control.scenarios.addContact({ userid: 'LiNa' });
    await sim.control.callbacksIdle();
    expect(sim.control.callbackLog().map((e) => e.status)).toEqual(['dropped', 'dropped', 'delivered']);
    expect(receiver.requests).toHaveLength(1);
  });

  it('holds callbacks back and delivers them late, after the events that overtook them', async () => {
    sim.control.faults.holdCallbacks(1);
    const edit = sim.control.scenarios.memberUpdates({ userid: 'GaoFeng', position: '主管' });
    sim.control.scenarios.memberLeaves({ userid: 'GaoFeng' });
    await sim.control.callbacksIdle();
    expect(edit.callbackStatus).toBe('held');
    expect(receiver.requests.map((r) => open(sim, r).ChangeType)).toEqual(['delete_user']);

    expect(await sim.control.releaseCallbacks()).toEqual([edit.callbackId]);
    expect(sim.control.callbackLog().find((e) => e.id === edit.callbackId)).toMatchObject({
      status: 'delivered',
    });
    const late = open(sim, receiver.requests[1] as Received);
    // A sparse event (post-2022 callback URL) about a member who has left by the time it arrives.
    expect(late).toEqual({
      ToUserName: sim.config.corpId,
      FromUserName: 'sys',
      CreateTime: expect.stringMatching(/^\d{10}$/),
      MsgType: 'event',
      Event: 'change_contact',
      ChangeType: 'update_user',
      UserID: 'GaoFeng',
      Department: expect.stringMatching(/^\d+(,\d+)*$/),
    });
    expect(Number(late.CreateTime)).toBeLessThanOrEqual(
      Number(open(sim, receiver.requests[0] as Received).CreateTime),
    );
    await expect(sim.control.releaseCallbacks({ ids: [edit.callbackId] })).rejects.toThrow(/not held/);
  });

  it('sends nothing while the callback URL is unverified', async () => {
    sim.control.faults.connection({ callbackUnverified: true });
    sim.control.scenarios.addContact({ userid: 'LiNa' });
    await sim.control.callbacksIdle();
    expect(receiver.requests).toHaveLength(0);
    expect(sim.control.callbackLog()[0]).toMatchObject({
      status: 'skipped',
      reason: 'callback URL not verified',
    });
    expect(sim.control.status()).toMatchObject({ callback: { verified: false } });
  });

  it('verifies the URL with an encrypted echostr and accepts only the exact echo', async () => {
    receiver.respond = (r) => {
      const echostr = r.query.get('echostr') ?? '';
      const ok =
        r.query.get('msg_signature') ===
        getSignature(sim.config.token, r.query.get('timestamp') ?? '', r.query.get('nonce') ?? '', echostr);
      return ok ? { status: 200, body: decrypt(sim.config.aesKey, echostr).message } : { status: 403 };
    };
    const good = await sim.control.verifyCallback();
    expect(good).toMatchObject({ ok: true, httpStatus: 200 });
    expect(receiver.requests[0]?.method).toBe('GET');
    expect(sim.control.status()).toMatchObject({ callback: { verified: true } });

    receiver.respond = (r) => ({
      status: 200,
      body: `"${decrypt(sim.config.aesKey, r.query.get('echostr') ?? '').message}"`,
    });
    expect((await sim.control.verifyCallback()).ok).toBe(false);
  });

  it('announces new archive data with msgaudit_notify, at most once per interval', async () => {
    const follow = sim.state.customers.followsOfUser('LiNa')[0];
    if (!follow) throw new Error('LiNa has no customers');
    sim.control.scenarios.chat({
      from: 'LiNa',
      to: [follow.external_userid],
      messages: [{ msgtype: 'text', content: '在吗' }],
    });
    sim.control.scenarios.chat({
      from: follow.external_userid,
      to: ['LiNa'],
      messages: [{ msgtype: 'text', content: '在的' }],
    });
    await new Promise((r) => setTimeout(r, 120));
    await sim.control.callbacksIdle();
    const notifies = receiver.requests.map((r) => open(sim, r)).filter((e) => e.Event === 'msgaudit_notify');
    expect(notifies).toHaveLength(1);
    expect(notifies[0]?.AgentID).toBe('2000003');
  });
});
