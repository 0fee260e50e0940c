import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startSimulator } from '@keeper/wecom-sim';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshot, signIn } from './browser';
import { startKeeperProcess, type KeeperProcess } from './keeper-process';
import { BROWSER_ADMIN, consoleEnv, corpEnv } from './simulated-corp';

describe('the console in Chromium', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'keeper-browser-'));
  let sim: Awaited<ReturnType<typeof startSimulator>>;
  let keeper: KeeperProcess;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    sim = await startSimulator({ port: 0, customers: 200 });
    keeper = await startKeeperProcess({
      ...consoleEnv(dataDir),
      ...corpEnv(sim),
      // The sandbox corp's tags are few; a short interval keeps the test from waiting on the first sync.
      CUSTOMER_SYNC_INTERVAL_MINUTES: '360',
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
    await signIn(page, keeper.url, BROWSER_ADMIN.username, BROWSER_ADMIN.password);
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

  it('shows the sandbox organisation', async () => {
    await page.goto(`${keeper.url}/org`);
    await page.locator('[data-test="org-tree"]').getByText('销售部').first().waitFor();
    await expect
      .poll(() => page.locator('[data-test="org-members-table"] tbody tr').count())
      .toBeGreaterThan(5);
    await screenshot(page, 'organisation');
  });

  it('lists customers, filters by tag, opens one and adds a tag', async () => {
    await waitForCustomerSync();
    await page.goto(`${keeper.url}/customers`);
    const rows = page.locator('[data-test="customers-table"] tbody tr');
    await expect.poll(() => rows.count()).toBeGreaterThan(0);

    await page.locator('[data-test="customers-filter-tag"]').click();
    const tagOption = page.locator('.el-select-dropdown:visible .el-select-dropdown__item').first();
    const tagName = (await tagOption.innerText()).trim();
    const filtered = page.waitForResponse(
      (response) => response.url().includes('/api/customers?') && response.url().includes('tagId='),
    );
    await tagOption.click();
    const page1 = (await (await filtered).json()) as { items: { tags: { name: string }[] }[]; total: number };
    expect(page1.total).toBeGreaterThan(0);
    expect(page1.items.every((customer) => customer.tags.some((tag) => tag.name === tagName))).toBe(true);
    await expect.poll(() => rows.count()).toBe(page1.items.length);
    await screenshot(page, 'customers-filtered');

    await rows.first().click();
    await page.locator('[data-test="customer-detail"]').waitFor();
    const editor = page.locator('[data-test^="follow-tags-"]:not([data-test^="follow-tags-save-"])').first();
    const userId = (await editor.getAttribute('data-test'))!.replace('follow-tags-', '');
    await editor.click();
    await page
      .locator('.el-select-dropdown:visible .el-select-dropdown__item:not(.is-selected)')
      .first()
      .click();
    await page.keyboard.press('Escape');
    const saved = page.waitForResponse(
      (response) => response.url().includes('/tags') && response.request().method() === 'POST',
    );
    await page.locator(`[data-test="follow-tags-save-${userId}"]`).click();
    expect((await saved).status()).toBe(200);
    await page.locator('[data-test="timeline-item-edited"]').first().waitFor();
    await screenshot(page, 'customer-detail');
  });

  /** The customer sync runs shortly after start; the test waits for it through the API like the console does. */
  async function waitForCustomerSync(): Promise<void> {
    await expect
      .poll(
        async () => {
          const response = await page.request.get(`${keeper.url}/api/customers/sync/latest`);
          return ((await response.json()) as { status?: string } | null)?.status;
        },
        { timeout: 60_000, interval: 500 },
      )
      .toBe('succeeded');
  }
});
