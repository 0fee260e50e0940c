/// <reference lib="dom" />
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startSimulator } from '@keeper/wecom-sim';
import type { HandoverCase, Page as ApiPage } from '@keeper/shared';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshot, signIn } from './browser';
import { findProblems } from './page-inspection';
import { startKeeperProcess, type KeeperProcess } from './keeper-process';
import { BROWSER_ADMIN, consoleEnv, corpDataValues, corpEnv, type Simulator } from './simulated-corp';

/**
 * A whole 离职继承 case as a manager meets it: a member leaves in WeCom, the case shows up in the departures
 * inbox without a reload, all of the leaver's customers are planned to one colleague and started; a day later
 * (the simulator's clock) 刷新进度 shows every customer taken over, and the totals add up.
 */
describe('a departure handed over in Chromium', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keeper-handover-browser-'));
  let sim: Simulator;
  let keeper: KeeperProcess;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    sim = await startSimulator({ port: 0, customers: 120 });
    keeper = await startKeeperProcess({ ...consoleEnv(dir), ...corpEnv(sim) });
    sim.control.setCallbackUrl(`${keeper.url}/wecom/callback`);
    await sim.control.verifyCallback();
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

  /** A screenshot to look at, and the page as a Chinese reader sees it: no raw key, no English, no cut header. */
  async function check(name: string): Promise<void> {
    await page.waitForLoadState('networkidle');
    await screenshot(page, name);
    const problems = await findProblems(page, corpDataValues(sim));
    expect(Object.values(problems).flat(), name).toEqual([]);
  }

  const getJson = async <T>(url: string): Promise<T> =>
    (await (await page.request.get(`${keeper.url}${url}`)).json()) as T;

  interface Person {
    userid: string;
    name: string;
  }

  /**
   * The leaver (the active member with the most customers), a colleague who shares none of their customers, and
   * a second such colleague for a re-plan.
   */
  function chooseMembers(): { leaver: Person; receiver: Person; second: Person } {
    const active = [...sim.state.directory.staff.values()].filter(
      (staff) =>
        staff.status === 1 &&
        staff.dimissionTime === undefined &&
        staff.externalContactEnabled &&
        staff.customerLimit === undefined,
    );
    const customersOf = (userid: string) =>
      new Set(sim.state.customers.followsOfUser(userid).map((follow) => follow.external_userid));
    const [leaver] = [...active].sort((a, b) => customersOf(b.userid).size - customersOf(a.userid).size);
    const theirs = customersOf(leaver!.userid);
    const [receiver, second] = active.filter(
      (staff) =>
        staff.userid !== leaver!.userid && ![...customersOf(staff.userid)].some((id) => theirs.has(id)),
    );
    if (!leaver || !receiver || !second) throw new Error('the sandbox corp has too few members to pair');
    return { leaver, receiver, second };
  }

  /** Picks a member in a MemberSelect by typing their name, as a person does. */
  async function pickMember(testId: string, person: Person): Promise<void> {
    await page.locator(`[data-test="${testId}"]`).click();
    await page.keyboard.type(person.name);
    await page
      .locator('.el-select-dropdown:visible .el-select-dropdown__item', { hasText: person.name })
      .first()
      .click();
  }

  it('opens the case live, plans every customer to one colleague, and tracks them to 已接替', async () => {
    await signIn(page, keeper.url, BROWSER_ADMIN.username, BROWSER_ADMIN.password);
    await page.waitForURL(`${keeper.url}/home`);
    await expect
      .poll(async () => (await getJson<{ status?: string } | null>('/api/customers/sync/latest'))?.status, {
        timeout: 60_000,
        interval: 500,
      })
      .toBe('succeeded');
    const { leaver, receiver, second } = chooseMembers();
    const leaverCustomers = sim.state.customers.followsOfUser(leaver.userid).map((f) => f.external_userid);
    const customers = leaverCustomers.length;
    expect(customers).toBeGreaterThan(0);

    // The inbox is open when the member leaves: the case arrives without a reload, with the badge.
    await page
      .locator('[data-test="menu-/customers/handover"]')
      .evaluate((item: HTMLElement) => item.click());
    await page.waitForURL(`${keeper.url}/customers/handover`);
    await page.locator('[data-test="handover-departures-page"]').waitFor();
    sim.control.run('member-leaves', { userid: leaver.userid });
    const row = page.locator('[data-test^="handover-case-row-"]', { hasText: leaver.name });
    await row.waitFor({ timeout: 30_000 });
    await expect.poll(() => page.locator('[data-test="menu-badge-handoverInbox"]').innerText()).toBe('1');
    await expect.poll(() => row.innerText()).toContain(`0 / ${customers}`);
    // A fresh departure has a year: no deadline warning.
    expect(await row.locator('[data-test^="handover-deadline-"]').count()).toBe(0);
    await check('handover-inbox');

    // The case: plan all to one receiver, preview, start.
    await row.click();
    await page.waitForURL(/\/customers\/handover\/\d+$/);
    const caseId = page.url().split('/').pop()!;
    await page.locator('[data-test="handover-planner"]').waitFor();
    await pickMember('planner-receiver-0', receiver);
    await check('handover-planner');
    await page.locator('[data-test="planner-preview"]').click();
    const preview = page.locator('[data-test="handover-preview"]');
    await preview.waitFor();
    await expect
      .poll(() => preview.locator('[data-test="preview-go"]').innerText())
      .toContain(String(customers));
    await check('handover-preview');
    await page.locator('[data-test="planner-start"]').click();
    await page.locator('.el-message-box__btns .el-button--primary').click();

    // The engine sends the calls; the page follows its progress live: every customer waits for WeCom's day.
    const progress = page.locator('[data-test="handover-progress"]');
    await expect
      .poll(() => progress.locator('[data-test="progress-customers-waiting"]').innerText(), {
        timeout: 30_000,
      })
      .toContain(String(customers));
    await check('handover-waiting');

    // One customer refuses within the day: the page shows it live, and 重新分配 sends it to another colleague.
    const refusing = leaverCustomers[0]!;
    sim.control.run('transfer-refused', { external_userid: refusing });
    await expect
      .poll(() => page.locator(`[data-test="handover-item-state-${refusing}"]`).innerText(), {
        timeout: 30_000,
      })
      .toBe('客户拒绝');
    await expect
      .poll(() => progress.locator('[data-test="progress-customers-refused"]').innerText())
      .toContain('1');
    await page.locator('[data-test="handover-replan"]').click();
    await page.locator('[data-test="handover-replan-dialog"]').waitFor();
    await pickMember('handover-replan-receiver', second);
    await check('handover-replan');
    await page.locator('[data-test="handover-replan-submit"]').click();
    await expect
      .poll(() => progress.locator('[data-test="progress-customers-waiting"]').innerText(), {
        timeout: 30_000,
      })
      .toContain(String(customers));
    await expect
      .poll(() => page.locator(`[data-test="handover-item-${refusing}"]`).innerText())
      .toContain(second.name);

    // A day later by WeCom's clock, 刷新进度 asks for the results.
    sim.control.advanceClock(24 * 3600 + 60);
    await page.locator('[data-test="handover-refresh"]').click();
    await expect
      .poll(() => progress.locator('[data-test="progress-customers-done"]').innerText(), { timeout: 30_000 })
      .toContain(String(customers));
    await expect.poll(() => page.locator('[data-test="handover-case-status"]').innerText()).toBe('已完成');
    await page.locator('[data-test="progress-customers-adds-up"]').waitFor();
    const states = page.locator('[data-test="handover-items-table"] [data-test^="handover-item-state-"]');
    await expect.poll(() => states.count()).toBe(Math.min(customers, 20));
    await expect.poll(async () => [...new Set(await states.allInnerTexts())]).toEqual(['已接替']);
    await check('handover-done');

    // The report adds up, and the member has left the inbox.
    const done = await getJson<HandoverCase>(`/api/reassign/cases/${caseId}`);
    const t = done.customers;
    expect(t.selected).toBe(customers);
    expect(t.done).toBe(customers);
    expect(t.refused).toBe(0);
    expect(t.selected).toBe(
      t.skipped +
        t.rejected +
        t.done +
        t.waiting +
        t.refused +
        t.receiverFull +
        t.noRecord +
        t.planned +
        t.sending,
    );
    expect((await getJson<ApiPage<HandoverCase>>('/api/reassign/cases?inbox=true')).total).toBe(0);
    await expect.poll(() => page.locator('[data-test="menu-badge-handoverInbox"]').count()).toBe(0);

    // The report downloads as a spreadsheet, and the access audit names the export in words.
    const download = page.waitForEvent('download');
    await page.locator('[data-test="handover-export"]').click();
    expect((await download).suggestedFilename()).toMatch(/\.xlsx$/);
    await page.goto(`${keeper.url}/system/access-audit`);
    await expect.poll(() => page.locator('.el-table').first().innerText()).toContain('导出交接报告');
    await check('handover-access-audit');

    // Each customer's ownership timeline records the transfer: 离职继承 from the leaver to the receiver.
    const taken = leaverCustomers[1]!;
    await page.goto(`${keeper.url}/customers/${encodeURIComponent(taken)}`);
    await page.locator('[data-test="customer-detail"]').waitFor();
    await expect.poll(() => page.locator('[data-test="customer-detail"]').innerText()).toContain('离职继承');
    expect(await page.locator('[data-test="customer-follows"]').innerText()).toContain(receiver.name);
    await check('handover-customer-timeline');

    await page.goto(`${keeper.url}/customers/handover/records`);
    await page.locator('[data-test^="handover-case-row-"]', { hasText: leaver.name }).waitFor();
    await check('handover-records');
  });

  it('opens an on-duty case for a member and asks for the message the customers will see', async () => {
    // The member with the most customers now (the colleague who took the leaver's, likely).
    const { leaver: member } = chooseMembers();
    await page.goto(`${keeper.url}/customers/handover/on-job`);
    await page.locator('[data-test="handover-on-job-page"]').waitFor();
    await pickMember('handover-on-job-member', member);
    await check('handover-on-job');
    await page.locator('[data-test="handover-on-job-open"]').click();
    await page.waitForURL(/\/customers\/handover\/on-job\/\d+$/);
    await expect
      .poll(() => page.locator('[data-test="handover-case-title"]').innerText())
      .toBe(`${member.name} · 在职继承`);
    const message = page.locator('textarea[data-test="planner-message"]');
    await expect.poll(() => message.inputValue()).toContain('{接替人}');
    await check('handover-on-job-case');

    // The other ways to choose and distribute: by filter, evenly over two receivers.
    await page.locator('[data-test="planner-selection-filter"]').click();
    await page.locator('[data-test="planner-distribution-even"]').click();
    await page.locator('[data-test="planner-add-receiver"]').click();
    await page.locator('[data-test="planner-receiver-1"]').waitFor();
    await page.locator('[data-test="planner-tag"]').waitFor();
    await check('handover-planner-filter');
  });
});
