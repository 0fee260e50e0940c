/// <reference lib="dom" />
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startSimulator } from '@keeper/wecom-sim';
import type { AudienceCount, Campaign, Material } from '@keeper/shared';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshot, signIn } from './browser';
import { findProblems } from './page-inspection';
import { repoRoot, startKeeperProcess, type KeeperProcess } from './keeper-process';
import { BROWSER_ADMIN, consoleEnv, corpDataValues, corpEnv, type Simulator } from './simulated-corp';

const PHOTO = path.join(repoRoot, 'tests/wecom-sim/fixtures/media/quote.jpg');

/**
 * A campaign as a marketer runs it in Chromium: an audience by tag and silence with its live count, text and an
 * image from the materials library, sent at once; two of its senders confirm in WeCom (the simulator) and the
 * funnel on the campaign's page fills without a reload, adding up to what WeCom counts.
 */
describe('a mass reachout in Chromium', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keeper-broadcast-browser-'));
  let sim: Simulator;
  let keeper: KeeperProcess;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    sim = await startSimulator({ port: 0, customers: 300 });
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

  async function check(name: string): Promise<void> {
    await page.waitForLoadState('networkidle');
    await screenshot(page, name);
    const problems = await findProblems(page, corpDataValues(sim));
    expect(Object.values(problems).flat(), name).toEqual([]);
  }

  const csrf = async () =>
    ((await (await page.request.get(`${keeper.url}/api/auth/me`)).json()) as { csrfToken: string }).csrfToken;
  const getJson = async <T>(url: string): Promise<T> =>
    (await (await page.request.get(`${keeper.url}${url}`)).json()) as T;
  const postJson = async <T>(url: string, data: unknown): Promise<T> =>
    (await (
      await page.request.post(`${keeper.url}${url}`, { data, headers: { 'x-csrf-token': await csrf() } })
    ).json()) as T;

  /** The most used tag of the corp, and its name. */
  function popularTag(): { id: string; name: string } {
    const uses = new Map<string, number>();
    for (const follow of sim.state.customers.allFollows())
      for (const tagId of follow.tagIds) uses.set(tagId, (uses.get(tagId) ?? 0) + 1);
    const [id] = [...uses].sort((a, b) => b[1] - a[1])[0]!;
    const tag = sim.state.tags.groups.flatMap((group) => group.tags).find((each) => each.id === id)!;
    return { id, name: tag.name };
  }

  it('builds an audience, composes with an image, sends, and watches the funnel fill', async () => {
    await signIn(page, keeper.url, BROWSER_ADMIN.username, BROWSER_ADMIN.password);
    await page.waitForURL(`${keeper.url}/home`);
    await expect
      .poll(async () => (await getJson<{ status?: string } | null>('/api/customers/sync/latest'))?.status, {
        timeout: 60_000,
        interval: 500,
      })
      .toBe('succeeded');

    // An image in the materials library, uploaded on its page.
    await page.goto(`${keeper.url}/marketing/materials`);
    await page.locator('[data-test="materials-add-button"]').click();
    await page.locator('[data-test="materials-add-image"]').click();
    const dialog = page.locator('[data-test="material-form"]');
    await dialog.locator('input[type="file"]').setInputFiles(PHOTO);
    await dialog.locator('[data-test="material-title"]').fill('老客回馈海报');
    await page.locator('[data-test="material-submit"]').click();
    // The dialog closes once the upload is stored (its file name is not page text to check).
    await dialog.waitFor({ state: 'hidden' });
    await page.locator('[data-test^="material-"]', { hasText: '老客回馈海报' }).first().waitFor();
    await check('broadcast-materials');
    const materials = await getJson<{ items: Material[] }>('/api/materials?kind=image');
    const poster = materials.items.find((each) => each.title === '老客回馈海报')!;
    expect(poster).toBeDefined();

    // The audience: customers with the corp's most used tag, quiet for a day; the count follows each change.
    const tag = popularTag();
    const expected = await postJson<AudienceCount>('/api/broadcasts/audience/count', {
      filter: { tagConditions: [{ mode: 'any', tagIds: [tag.id] }], silentDays: 1 },
    });
    expect(expected.customers).toBeGreaterThan(0);
    await page.goto(`${keeper.url}/marketing/campaigns/new`);
    await page.locator('[data-test="campaign-name"]').fill('老客回馈');
    await page.locator('[data-test="audience-add-tag"]').click();
    await page.locator('[data-test="audience-tag-ids-0"]').click();
    await page
      .locator('.el-select-dropdown:visible .el-select-dropdown__item', { hasText: tag.name })
      .first()
      .click();
    await page.keyboard.press('Escape');
    await page.locator('[data-test="audience-silent-on"]').click();
    await page.locator('[data-test="audience-silent-days"] input').fill('1');
    await page.locator('[data-test="audience-silent-days"] input').press('Tab');
    await expect
      .poll(() => page.locator('[data-test="audience-count-customers"]').innerText(), { timeout: 10_000 })
      .toContain(String(expected.customers));
    await check('broadcast-new-audience');

    // The content: a text and the poster, previewed as WeCom shows it.
    await page.locator('[data-test="campaign-next"]').click();
    await page
      .locator('[data-test="content-text"]')
      .fill('感谢您一直以来的支持，老客专享回馈已到账，欢迎到店领取。');
    await page.locator('[data-test="content-pick"]').click();
    await page.locator(`[data-test="picker-material-${poster.id}"]`).click();
    await page.locator('[data-test="material-picker-confirm"]').click();
    await page.locator(`[data-test="preview-image-${poster.id}"]`).waitFor();
    await check('broadcast-new-content');

    // Sent at once; the review shows who goes.
    await page.locator('[data-test="campaign-next"]').click();
    await page.locator('[data-test="campaign-next"]').click();
    await page.locator('[data-test="step-review"]').waitFor();
    await expect
      .poll(() => page.locator('[data-test="step-review"]').innerText())
      .toContain(String(expected.customers));
    await check('broadcast-new-review');
    await page.locator('[data-test="campaign-submit"]').click();
    await page.locator('.el-message-box .el-button--primary').click();
    await page.waitForURL(/\/marketing\/campaigns\/\d+$/, { timeout: 15_000 });
    const id = page.url().split('/').pop()!;

    // Keeper submits in the background: one WeCom task per sender, every customer waiting for its sender.
    const running = await expect
      .poll(async () => (await getJson<Campaign>(`/api/broadcasts/${id}`)).status, {
        timeout: 60_000,
        interval: 500,
      })
      .toBe('running')
      .then(() => getJson<Campaign>(`/api/broadcasts/${id}`));
    expect(running.funnel.submitted).toBe(expected.customers);
    await expect
      .poll(() => page.locator('[data-test="funnel-line-pending"]').innerText(), { timeout: 15_000 })
      .toContain(String(running.funnel.pending));

    // Two senders confirm in WeCom; 立即同步 pulls their results and the funnel fills.
    const tasks = [...sim.state.massMessages.values()];
    const confirming = tasks.slice(0, 2);
    for (const message of confirming)
      sim.control.scenarios.confirmMassMessage({ msgid: message.msgid, userid: message.tasks[0]!.userid });
    const wecomSent = confirming
      .flatMap((message) => message.results)
      .filter((result) => result.status === 1).length;
    await page.locator('[data-test="campaign-refresh"]').click();
    await expect
      .poll(() => page.locator('[data-test="funnel-line-sent"]').innerText(), { timeout: 15_000 })
      .toContain(String(wecomSent));
    const filled = await getJson<Campaign>(`/api/broadcasts/${id}`);
    const { funnel } = filled;
    expect(funnel.sent).toBe(wecomSent);
    expect(funnel.audience).toBe(funnel.excluded + funnel.queued + funnel.submitted);
    expect(funnel.submitted).toBe(
      funnel.unsendable +
        funnel.pending +
        funnel.sent +
        funnel.notFriend +
        funnel.limitReached +
        funnel.failed,
    );
    await check('broadcast-detail');

    // The list, and the marketer's home.
    await page.goto(`${keeper.url}/marketing/campaigns`);
    await page.locator(`[data-test="campaign-status-${id}"]`).waitFor();
    await check('broadcast-list');
    await page.goto(`${keeper.url}/marketing/segments`);
    await check('broadcast-segments');
  }, 240_000);
});
