import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startSimulator } from '@keeper/wecom-sim';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFinanceSdkDouble } from '../finance-sdk-double/build.mjs';
import { archiveKeyPair } from '../integration/keeper-with-simulator';
import { launchChromium, screenshot, signIn } from './browser';
import { startKeeperProcess, type KeeperProcess } from './keeper-process';

/** From a chat the simulator archives to the alert in the console: the archive through the FFI path, live. */
describe('chat audit in Chromium', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keeper-audit-browser-'));
  let sim: Awaited<ReturnType<typeof startSimulator>>;
  let keeper: KeeperProcess;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    const keys = archiveKeyPair();
    fs.writeFileSync(path.join(dir, 'v1.pem'), keys.privatePem);
    sim = await startSimulator({
      port: 0,
      customers: 100,
      archive: { publicKeys: { 1: keys.publicPem }, currentKeyVersion: 1 },
    });
    const credentials = sim.control.credentials();
    keeper = await startKeeperProcess({
      SQLITE_PATH: path.join(dir, 'keeper.sqlite'),
      KEEPER_ADMIN_USER: 'admin',
      KEEPER_ADMIN_PASSWORD: 'browser password 1',
      KEEPER_SANDBOX: 'true',
      WECOM_CORP_ID: credentials.corpId,
      WECOM_CONTACT_SECRET: credentials.secrets.contact,
      WECOM_ARCHIVE_SECRET: credentials.secrets.archive,
      WECOM_API_BASE_URL: sim.url,
      WECOM_FINANCE_SDK_PATH: await buildFinanceSdkDouble(),
      WECOM_ARCHIVE_PRIVATE_KEYS: `1:${path.join(dir, 'v1.pem')}`,
      ARCHIVE_PULL_INTERVAL_SECONDS: '1',
      ARCHIVE_MEDIA_DIR: path.join(dir, 'media'),
      FINANCE_SDK_DOUBLE_ENDPOINT: `${sim.url}/__finance`,
    });
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
    await signIn(page, keeper.url, 'admin', 'browser password 1');
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
});
