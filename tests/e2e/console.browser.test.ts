import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startSimulator } from '@keeper/wecom-sim';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshot, signIn } from './browser';
import { startKeeperProcess, type KeeperProcess } from './keeper-process';

describe('the console in Chromium', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'keeper-browser-'));
  let sim: Awaited<ReturnType<typeof startSimulator>>;
  let keeper: KeeperProcess;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    sim = await startSimulator({ port: 0, customers: 200 });
    const credentials = sim.control.credentials();
    keeper = await startKeeperProcess({
      SQLITE_PATH: path.join(dataDir, 'keeper.sqlite'),
      KEEPER_ADMIN_USER: 'admin',
      KEEPER_ADMIN_PASSWORD: 'browser password 1',
      KEEPER_SANDBOX: 'true',
      WECOM_CORP_ID: credentials.corpId,
      WECOM_TOKEN: credentials.token,
      WECOM_AES_KEY: credentials.aesKey,
      WECOM_CONTACT_SECRET: credentials.secrets.contact,
      WECOM_API_BASE_URL: sim.url,
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
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses a wrong password with a readable message', async () => {
    await signIn(page, keeper.url, 'admin', 'not the password');
    await expect
      .poll(() => page.locator('[data-test="login-error"]').innerText())
      .toMatch(/用户名或密码错误/);
  });

  it('signs in and shows the real server status on the home page', async () => {
    await signIn(page, keeper.url, 'admin', 'browser password 1');
    await page.waitForURL(`${keeper.url}/home`);
    const status = page.locator('[data-test="home-status"]');
    await status.waitFor();
    await expect.poll(() => page.locator('[data-test="db-dialect"]').innerText()).toMatch(/sqlite/i);
    await expect
      .poll(() => page.locator('[data-test="wecom-corp-id"]').innerText())
      .toContain(sim.control.credentials().corpId);
    await page.locator('[data-test="sandbox-badge"]').waitFor({ state: 'visible' });
    const file = await screenshot(page, 'home');
    expect(fs.statSync(file).size).toBeGreaterThan(10_000);
  });
});
