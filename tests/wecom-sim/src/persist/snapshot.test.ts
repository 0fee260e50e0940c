import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../index.js';
import { ApiClient } from '../testing/api-client.js';

describe('a simulator with a state file', () => {
  let dir: string;
  let file: string;
  const running: RunningSimulator[] = [];

  async function start(): Promise<RunningSimulator> {
    const sim = await startSimulator({ customers: 80, msgauditNotifyIntervalMs: 0, stateFile: file });
    running.push(sim);
    return sim;
  }

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wecom-sim-state-'));
    file = path.join(dir, 'sandbox', 'wecom-sim.json');
  });
  afterEach(async () => {
    await Promise.all(running.splice(0).map((sim) => sim.close()));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('is the same corp after a restart, and its archive continues after the last seq', async () => {
    const first = await start();
    const api = new ApiClient(first);
    const added = first.control.scenarios.addContact({ userid: 'LiNa', state: 'expo2024' });
    const group = first.control.scenarios.groupCreate({ owner: 'LiNa', name: '重启测试群' });
    first.control.scenarios.memberLeaves({ userid: 'XuBin' });
    const tagReply = await api.post('externalcontact/add_corp_tag', {
      group_name: '重启测试',
      tag: [{ name: '保留标签' }],
    });
    expect(tagReply.errcode).toBe(0);
    first.control.scenarios.chat({
      from: 'LiNa',
      to: [added.external_userid],
      messages: [{ msgtype: 'text', content: '重启前的最后一条' }],
    });
    const seqBefore = first.state.chats.latestSeq();
    const msgidsBefore = new Set(first.state.chats.all().map((m) => m.msgid));
    const token = await api.token('contact');
    const customersBefore = first.state.customers.customers.size;
    await first.close();
    running.splice(0);

    const second = await start();
    const state = second.state;
    expect(state.customers.customers.size).toBe(customersBefore);
    expect(state.customers.follow('LiNa', added.external_userid)?.state).toBe('expo2024');
    expect(state.groups.get(group.chat_id)?.name).toBe('重启测试群');
    expect(state.directory.departed('XuBin')).toBeDefined();
    expect(state.tags.groupByName('重启测试')?.tags.map((t) => t.name)).toEqual(['保留标签']);
    expect(state.chats.latestSeq()).toBe(seqBefore);
    expect(state.chats.since(seqBefore - 1)[0]?.body).toEqual({ text: { content: '重启前的最后一条' } });

    // New messages continue the archive: Keeper's checkpoint stays meaningful.
    const after = second.control.scenarios.chat({
      from: 'LiNa',
      to: [added.external_userid],
      messages: [{ msgtype: 'text', content: '重启后的第一条' }],
    });
    expect(after.messages[0]?.seq).toBe(seqBefore + 1);
    expect(msgidsBefore.has(after.messages[0]!.msgid)).toBe(false);
    // A token Keeper cached before the restart still works, as with WeCom.
    const reply = await fetch(
      `${second.url}/cgi-bin/externalcontact/list?access_token=${token}&userid=LiNa`,
    ).then((r) => r.json() as Promise<{ errcode: number; external_userid: string[] }>);
    expect(reply.errcode).toBe(0);
    expect(reply.external_userid).toContain(added.external_userid);
  });

  it('keeps transfers, group transfers and customer limits, with each waiting transfer’s due time', async () => {
    const first = await start();
    const api = new ApiClient(first);
    const [ext] = first.state.customers.followsOfUser('LiNa').map((f) => f.external_userid);
    const started = await api.post('externalcontact/transfer_customer', {
      handover_userid: 'LiNa',
      takeover_userid: 'WangFang',
      external_userid: [ext],
    });
    expect(started.customer).toEqual([{ external_userid: ext, errcode: 0 }]);
    const chat = first.control.scenarios.groupCreate({ owner: 'LiNa', name: '继承测试群' }).chat_id;
    const moved = await api.post('externalcontact/groupchat/onjob_transfer', {
      chat_id_list: [chat],
      new_owner: 'WangFang',
    });
    expect(moved.failed_chat_list).toEqual([]);
    first.control.scenarios.takeoverFull({ userid: 'ChenJing', limit: 7 });
    const due = first.state.transfers.at(-1)?.takeover_time;
    await first.close();
    running.splice(0);

    const second = await start();
    expect(second.state.transfers.at(-1)).toMatchObject({
      external_userid: ext,
      status: 2,
      takeover_time: due,
    });
    expect(second.state.groupTransfers).toEqual([
      { kind: 'onjob', chat_id: chat, old_owner: 'LiNa', new_owner: 'WangFang', at: expect.any(Number) },
    ]);
    expect(second.state.directory.member('ChenJing')?.customerLimit).toBe(7);
    second.control.advanceClock(86_400);
    expect(second.state.transfers.at(-1)?.status).toBe(1);
    expect(second.state.customers.follow('WangFang', ext ?? '')).toBeDefined();
  });

  it('saves changes made through the WeCom API without a clean shutdown', async () => {
    const sim = await start();
    const api = new ApiClient(sim);
    const follow = sim.state.customers.followsOfUser('WangFang')[0]!;
    const remark = await api.post('externalcontact/remark', {
      userid: 'WangFang',
      external_userid: follow.external_userid,
      remark: '重要客户-已签约',
    });
    expect(remark.errcode).toBe(0);
    await expect
      .poll(() => fs.readFileSync(file, 'utf8').includes('重要客户-已签约'), { timeout: 5000 })
      .toBe(true);
  });

  it('keeps the file private (0600 in a 0700 folder) and never half written', async () => {
    const sim = await start();
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    sim.control.scenarios.addContact({ userid: 'LiNa' });
    await sim.close();
    running.splice(0);
    expect(fs.readdirSync(path.dirname(file))).toEqual(['wecom-sim.json']);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });

  it('refuses a damaged file instead of starting a new corp over it', async () => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, '{"format":1,"corp":');
    await expect(start()).rejects.toThrow(/not valid JSON.*move it away/);
    expect(fs.readFileSync(file, 'utf8')).toBe('{"format":1,"corp":');
  });
});
