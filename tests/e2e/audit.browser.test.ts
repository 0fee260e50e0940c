import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshot, signIn } from './browser';
import { startKeeperProcess, type KeeperProcess } from './keeper-process';
import { BROWSER_ADMIN, consoleEnv, startArchivingSimulator, type Simulator } from './simulated-corp';

/** From a chat the simulator archives to the alert in the console: the archive through the FFI path, live. */
describe('chat audit in Chromium', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keeper-audit-browser-'));
  let sim: Simulator;
  let keeper: KeeperProcess;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    const world = await startArchivingSimulator(dir, 100);
    sim = world.sim;
    keeper = await startKeeperProcess({ ...consoleEnv(dir), ...world.env });
    browser = await launchChromium();
    page = await browser.newPage({
      viewport: { width: 1440, height: 900 },
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
    });
  });
  afterAll(async () => {
    await browser?.close();
    await keeper?.stop();
    await sim?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('raises a live alert for "加我私人微信" and shows the message, recalled or not, in its conversation', async () => {
    await signIn(page, keeper.url, BROWSER_ADMIN.username, BROWSER_ADMIN.password);
    await page.waitForURL(`${keeper.url}/home`);
    await page.goto(`${keeper.url}/audit/violations`);
    await page.locator('[data-test="violations-page"]').waitFor();
    // A live alert needs a live socket; the header says when it has one.
    await page.locator('[data-test="live-status"][data-state="connected"]').waitFor();

    const relation = sim.state.customers
      .allFollows()
      .find((follow) => sim.state.directory.staff.get(follow.userid)?.status === 1)!;
    const sent = sim.control.run('chat', {
      from: relation.userid,
      to: [relation.external_userid],
      messages: [{ msgtype: 'text', content: '以后直接加我私人微信，价格好商量' }],
    }) as { messages: { msgid: string }[] };
    sim.control.run('chat-recall', { msgid: sent.messages[0]!.msgid });

    // No reload: the violation arrives over socket.io as a toast, in the badge and in the inbox.
    await page
      .locator('.el-notification')
      .filter({ hasText: '引导添加个人微信' })
      .first()
      .waitFor({ timeout: 30_000 });
    await expect.poll(() => page.locator('[data-test="violation-badge"]').innerText()).toMatch(/[1-9]/);
    const row = page
      .locator('[data-test="violations-table"] tbody tr')
      .filter({ hasText: '引导添加个人微信' })
      .first();
    await row.waitFor();
    await screenshot(page, 'violation-inbox');

    await row.locator('[data-test^="violation-view-"]').click();
    await page.locator('[data-test="conversation-view"]').waitFor();
    const bubble = page
      .locator('[data-test^="message-"]')
      .filter({ hasText: '以后直接加我私人微信' })
      .first();
    await bubble.waitFor();
    await expect.poll(() => bubble.locator('[data-test="message-recalled"]').count()).toBeGreaterThan(0);
    await expect.poll(() => bubble.locator('[data-test="message-violation"]').count()).toBeGreaterThan(0);
    await screenshot(page, 'conversation-with-violation');
  });

  it('adds new messages to the open conversation as they are archived, and toasts below the header', async () => {
    const violations = (await (
      await page.request.get(`${keeper.url}/api/violations?page=1&pageSize=1`)
    ).json()) as {
      items: { conversationId: string; member: { id: string }; customer: { id: string } | null }[];
    };
    const { conversationId, member, customer } = violations.items[0]!;
    await page.goto(`${keeper.url}/audit/conversations/${conversationId}`);
    await page.locator('[data-test="conversation-live"]').waitFor();
    const count = page.locator('[data-test="conversation-count"]');
    const before = Number(/\d+/.exec(await count.innerText())![0]);

    const lines = Array.from({ length: 151 }, (_, index) => `第 ${index + 1} 条新消息`);
    sim.control.run('chat', {
      from: customer!.id,
      to: [member.id],
      messages: lines.map((content) => ({ msgtype: 'text', content })),
    });

    // No reload: the count and the newest line arrive, and the view follows the end it was showing.
    await expect.poll(() => count.innerText(), { timeout: 30_000 }).toBe(`共 ${before + 151} 条消息`);
    const newest = page.locator('[data-test^="message-"]').filter({ hasText: lines[150]! }).first();
    await newest.waitFor();
    const list = await page.locator('[data-test="virtual-list"]').boundingBox();
    const box = await newest.boundingBox();
    expect(box!.y + box!.height).toBeLessThanOrEqual(list!.y + list!.height + 1);
    await screenshot(page, 'conversation-live');

    // A toast opens below the header: the badges and the live status stay visible.
    sim.control.run('chat-violation', {
      userid: member.id,
      external_userid: customer!.id,
      kind: 'bank_card',
    });
    const toast = page.locator('.el-notification').first();
    await toast.waitFor({ timeout: 30_000 });
    const header = await page.locator('[data-test="app-header"]').boundingBox();
    expect((await toast.boundingBox())!.y).toBeGreaterThanOrEqual(header!.y + header!.height);
  });
});
