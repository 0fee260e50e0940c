/// <reference lib="dom" />
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshot, signIn } from './browser';
import { findProblems, type PageProblems } from './page-inspection';
import { startKeeperProcess, type KeeperProcess } from './keeper-process';
import { archiveKeyPair } from '../integration/keeper-with-simulator';
import {
  BROWSER_ADMIN,
  consoleEnv,
  corpDataValues,
  startArchivingSimulator,
  type Simulator,
} from './simulated-corp';

/**
 * Every page of the console as a new user meets it in zh-CN, with data on it: customers synced, chats archived,
 * a violation and a deleted customer raised, a member gone with their customers to hand over, the connection
 * check run, the archive parked at a key it lacks. A page fails on a raw message key, an
 * English word that is not a proper name, a Content Security Policy error, or a table header cut short.
 */
describe('every console page in Chromium, in Chinese', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keeper-pages-browser-'));
  let sim: Simulator;
  let keeper: KeeperProcess;
  let browser: Browser;
  let page: Page;
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    const world = await startArchivingSimulator(dir, 120);
    sim = world.sim;
    keeper = await startKeeperProcess({ ...consoleEnv(dir), ...world.env });
    sim.control.setCallbackUrl(`${keeper.url}/wecom/callback`);
    await sim.control.verifyCallback();
    browser = await launchChromium();
    page = await browser.newPage({
      viewport: { width: 1440, height: 900 },
      locale: 'zh-CN',
      timezoneId: 'Asia/Shanghai',
    });
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(error.message));
  });
  afterAll(async () => {
    await browser?.close();
    await keeper?.stop();
    await sim?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** The side menu's link to a page: a click as a user makes it, without reloading the console. */
  async function openFromMenu(target: string): Promise<void> {
    await page.locator(`[data-test="menu-${target}"]`).evaluate((item: HTMLElement) => item.click());
    await page.waitForURL(`${keeper.url}${target}`);
    await settle();
  }

  async function open(target: string): Promise<void> {
    await page.goto(`${keeper.url}${target}`);
    await settle();
  }

  /** Waits for the page's requests and loading masks to finish and the layout to come to rest. */
  async function settle(): Promise<void> {
    await page.waitForLoadState('networkidle');
    // No loading mask shows (Element Plus keeps some in the page, hidden, once they are done).
    await page.waitForFunction(
      () =>
        [...document.querySelectorAll('.el-loading-mask')].every((mask) => {
          const box = mask.getBoundingClientRect();
          return box.width === 0 || box.height === 0 || getComputedStyle(mask).visibility === 'hidden';
        }),
      undefined,
      { timeout: 15_000 },
    );
  }

  async function inspect(name: string): Promise<PageProblems> {
    await screenshot(page, `page-${name}`);
    return findProblems(page, corpDataValues(sim));
  }

  async function poll<T>(read: () => Promise<T>, done: (value: T) => boolean, timeout = 60_000): Promise<T> {
    let last: T | undefined;
    await expect
      .poll(
        async () => {
          last = await read();
          return done(last);
        },
        { timeout, interval: 500 },
      )
      .toBe(true);
    return last!;
  }

  const getJson = async <T>(url: string): Promise<T> =>
    (await (await page.request.get(`${keeper.url}${url}`)).json()) as T;

  it('shows every page in Chinese, its pictures allowed, its headers whole', async () => {
    await signIn(page, keeper.url, BROWSER_ADMIN.username, BROWSER_ADMIN.password);
    await page.waitForURL(`${keeper.url}/home`);

    // Data on every page: the customer sync, chats with a violation, a member deleting a customer.
    await poll(
      () => getJson<{ status?: string } | null>('/api/customers/sync/latest'),
      (run) => run?.status === 'succeeded',
    );
    const relation = sim.state.customers
      .allFollows()
      .find((follow) => sim.state.directory.staff.get(follow.userid)?.status === 1)!;
    sim.control.run('chat-violation', {
      userid: relation.userid,
      external_userid: relation.external_userid,
      kind: 'private_wechat',
    });
    sim.control.run('msg-audit-approved', {
      userid: relation.userid,
      external_userid: relation.external_userid,
      agree: true,
    });
    sim.control.run('edit-contact', { userid: relation.userid, external_userid: relation.external_userid });
    const deleted = sim.state.customers
      .allFollows()
      .find(
        (follow) =>
          follow.external_userid !== relation.external_userid &&
          sim.state.directory.staff.get(follow.userid)?.status === 1,
      )!;
    sim.control.run('member-deletes-customer', {
      userid: deleted.userid,
      external_userid: deleted.external_userid,
    });
    // A member leaves: 离职继承 gets a case with customers to hand over.
    const leaver = [...sim.state.directory.staff.values()].find(
      (staff) =>
        staff.status === 1 &&
        staff.userid !== relation.userid &&
        staff.userid !== deleted.userid &&
        sim.state.customers.followsOfUser(staff.userid).length > 0,
    )!;
    sim.control.run('member-leaves', { userid: leaver.userid });
    const departures = await poll(
      () => getJson<{ items: { id: string }[] }>('/api/reassign/cases?inbox=true&page=1&pageSize=1'),
      (cases) => cases.items.length > 0,
    );
    await poll(
      () => getJson<{ total: number }>('/api/violations?page=1&pageSize=20'),
      (violations) => violations.total > 0,
    );
    await poll(
      () => getJson<{ total: number }>('/api/alerts?page=1&pageSize=20'),
      (alerts) => alerts.total > 0,
    );
    const conversations = await getJson<{ items: { id: string }[] }>('/api/conversations?page=1&pageSize=1');
    const groups = await getJson<{ items: { chatId: string }[] }>('/api/customer-groups?page=1&pageSize=1');
    // WeCom rotates the archive key to a version Keeper lacks: 存档状态 shows the park and why, in Chinese.
    sim.control.setArchiveKeys({ publicKeys: { 2: archiveKeyPair().publicPem }, currentKeyVersion: 2 });
    sim.control.run('chat', {
      from: relation.userid,
      to: [relation.external_userid],
      messages: [{ msgtype: 'text', content: '换了密钥之后的消息' }],
    });
    await poll(
      () => getJson<{ parked: { failure: { code: string } } | null }>('/api/archive/status'),
      (status) => status.parked?.failure.code === 'archive_key_missing',
    );

    await openFromMenu('/wecom/checks');
    await page.locator('[data-test="checks-run"]').click();
    await page.locator('[data-test="check-agent_secret"]').waitFor();

    const problems: Record<string, PageProblems> = {};
    problems.checks = await inspect('checks');
    const pages: [string, string][] = [
      ['home', '/home'],
      ['customers', '/customers'],
      ['customer-detail', `/customers/${encodeURIComponent(relation.external_userid)}`],
      ['customer-deleted', `/customers/${encodeURIComponent(deleted.external_userid)}`],
      ['tags', '/customers/tags'],
      ['groups', '/customers/groups'],
      ['group-detail', `/customers/groups/${encodeURIComponent(groups.items[0]!.chatId)}`],
      ['alerts', '/alerts'],
      ['conversations', '/audit/conversations'],
      ['conversation', `/audit/conversations/${conversations.items[0]!.id}`],
      ['search', '/audit/search'],
      ['violations', '/audit/violations'],
      ['rules', '/audit/rules'],
      ['archive', '/audit/archive'],
      ['org', '/org'],
      ['users', '/system/users'],
      ['access-audit', '/system/access-audit'],
      ['handover', '/customers/handover'],
      ['handover-case', `/customers/handover/${departures.items[0]!.id}`],
      ['handover-on-job', '/customers/handover/on-job'],
      ['handover-records', '/customers/handover/records'],
      ['channels', '/customers/channels'],
      ['campaigns', '/marketing/campaigns'],
      ['campaign-new', '/marketing/campaigns/new'],
      ['materials', '/marketing/materials'],
      ['segments', '/marketing/segments'],
    ];
    for (const [name, target] of pages) {
      await open(target);
      problems[name] = await inspect(name);
      if (name === 'customers') {
        // Avatars come from WeCom's picture hosts (the sandbox's own here) and must be allowed to load.
        const avatars = page.locator('[data-test="customers-table"] .el-avatar img');
        expect(await avatars.count()).toBeGreaterThan(0);
        expect(
          await avatars.evaluateAll((images) =>
            images.every((image) => (image as HTMLImageElement).naturalWidth > 0),
          ),
        ).toBe(true);
      }
    }
    await openFromMenu('/wecom/inbox');
    problems.inbox = await inspect('inbox');

    const found = Object.fromEntries(
      Object.entries(problems).filter(([, each]) => Object.values(each).some((list) => list.length > 0)),
    );
    expect(found).toEqual({});
    expect(consoleErrors.filter((error) => /Content Security Policy/i.test(error))).toEqual([]);
  });
});
