import { afterEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { installRequestInterceptors } from '@/api/interceptors';
import { http } from '@/api/request';
import { makeMaterial } from '@/test-utils/fixtures';
import { createTestApp, jsonResponse, makeMe } from '@/test-utils/harness';
import { makeChannel, serveChannels, type ChannelsWorld } from '@/test-utils/channels-server';
import { requestsTo } from '@/test-utils/marketing-server';
import MemberMultiSelect from '@/views/marketing/components/MemberMultiSelect.vue';
import ChannelsView from './index.vue';

let ejectInterceptors: (() => void) | undefined;

/** Failed requests toast as in the running console. */
async function renderChannels(world: ChannelsWorld = {}) {
  const fetchMock = serveChannels(world);
  const app = createTestApp(makeMe(['marketer']));
  ejectInterceptors = installRequestInterceptors(http, app.router);
  await app.router.push('/customers/channels');
  const page = mount(ChannelsView, { global: { plugins: app.plugins }, attachTo: document.body });
  await vi.waitFor(() => expect(page.find('[data-test="channels-table"]').text()).not.toBe(''));
  await flushPromises();
  return { page, fetchMock };
}

const dialog = (): HTMLElement => document.querySelector('[data-test="channel-form"]') as HTMLElement;

async function openCreate(page: VueWrapper) {
  await page.find('[data-test="channels-new"]').trigger('click');
  await vi.waitFor(() => expect(document.querySelector('input[data-test="channel-name"]')).not.toBeNull());
  await flushPromises();
}

function type(selector: string, value: string): void {
  const input = document.querySelector(`input${selector}`) as HTMLInputElement;
  input.value = value;
  input.dispatchEvent(new Event('input'));
}

async function save(): Promise<void> {
  (document.querySelector('[data-test="channel-submit"]') as HTMLElement).click();
  await flushPromises();
}

function emitOn(page: VueWrapper, name: string, dataTest: string, value: unknown): void {
  const found = page.findAllComponents({ name }).find((each) => each.attributes('data-test') === dataTest);
  if (!found) throw new Error(`no ${name} ${dataTest}`);
  found.vm.$emit('update:modelValue', value);
}

describe('渠道活码', () => {
  afterEach(() => {
    ejectInterceptors?.();
    ElMessage.closeAll();
    document.body.innerHTML = '';
  });

  it('lists each code with its channel, who is on duty, and its figures with retention as kept of added', async () => {
    const { page } = await renderChannels({
      channels: [
        makeChannel(),
        makeChannel({
          id: 'c2',
          name: '官网',
          state: 'site',
          onDuty: [],
          configId: null,
          enabled: false,
          figures: { adds: 3, losses: 0, kept7: null, added7: 0, kept30: 2, added30: 3, addsToday: 0 },
        }),
      ],
    });

    const text = page.find('[data-test="channels-table"]').text();
    expect(text).toContain('春季展会');
    expect(page.find('[data-test="channel-state-c1"]').text()).toBe('expo-2026');
    await vi.waitFor(() => expect(page.find('[data-test="channel-on-duty-c1"]').text()).toBe('李雷、韩梅梅'));
    expect(page.find('[data-test="channel-on-duty-c2"]').text()).toBe('当前无人接待');
    expect(page.find('[data-test="channel-adds-c1"]').text()).toBe('120');
    expect(page.find('[data-test="channel-losses-c1"]').text()).toBe('8');
    expect(page.find('[data-test="channel-adds-today-c1"]').text()).toBe('6');
    expect(page.find('[data-test="channel-kept7-c1"]').text()).toBe('90/100（90%）');
    expect(page.find('[data-test="channel-kept30-c1"]').text()).toBe('暂无');
    expect(page.find('[data-test="channel-kept30-c2"]').text()).toBe('2/3（66.7%）');
    // The channel parameter shows as a tag under the name, not in a column of its own.
    expect(page.find('[data-test="channel-state-c1"]').text()).toBe('expo-2026');
    for (const title of ['名称', '当前接待成员', '新增', '流失', '7日留存', '30日留存', '今日新增']) {
      expect(text).toContain(title);
    }
    // Updated 2026-03-02 02:00 UTC reads as China time.
    expect(text).toContain('2026-03-02 10:00');

    const link = page.find('[data-test="channel-download-c1"]');
    expect(link.attributes('href')).toBe('/api/channels/c1/qrcode.png');
    expect(link.attributes('download')).toBe('春季展会.png');
    expect(link.text()).toBe('下载二维码');
    // No QR yet: nothing to download.
    expect(page.find('[data-test="channel-download-c2"]').exists()).toBe(false);
  });

  it('switches a code off and on through PATCH', async () => {
    const { page, fetchMock } = await renderChannels();

    await page.find('[data-test="channel-enabled-c1"]').trigger('click');
    await vi.waitFor(() => expect(requestsTo(fetchMock, '/api/channels/c1', 'PATCH')).toHaveLength(1));
    expect(requestsTo(fetchMock, '/api/channels/c1', 'PATCH')[0]!.body).toEqual({ enabled: false });
    await vi.waitFor(() => expect(document.body.textContent).toContain('渠道活码已停用'));
  });

  it('deletes a code only after a confirmation', async () => {
    const { page, fetchMock } = await renderChannels();

    await page.find('[data-test="channel-delete-c1"]').trigger('click');
    await vi.waitFor(() => expect(document.body.textContent).toContain('删除渠道活码「春季展会」吗？'));
    expect(requestsTo(fetchMock, '/api/channels/c1', 'DELETE')).toHaveLength(0);
    (document.querySelector('.el-message-box__btns .el-button--primary') as HTMLElement).click();
    await vi.waitFor(() => expect(requestsTo(fetchMock, '/api/channels/c1', 'DELETE')).toHaveLength(1));
    await vi.waitFor(() => expect(page.find('[data-test="channel-c1"]').exists()).toBe(false));
  });

  it('creates a code with its shifts, daily cap, backups, tags, remark prefix and welcome message', async () => {
    const { page, fetchMock } = await renderChannels({
      materials: [
        makeMaterial(),
        makeMaterial({ id: 'm2', kind: 'link', title: '展会报名', url: 'https://x.test' }),
      ],
    });
    await openCreate(page);
    expect(dialog().textContent).toContain('首页看板“渠道来源”里显示的就是这个参数');

    type('[data-test="channel-name"]', '春季展会');
    type('[data-test="channel-state"]', 'expo-2026');
    page.findAllComponents(MemberMultiSelect)[0]!.vm.$emit('update:modelValue', ['LiLei']);
    await flushPromises();

    (document.querySelector('[data-test="channel-add-shift"]') as HTMLElement).click();
    await flushPromises();
    emitOn(page, 'ElCheckboxGroup', 'channel-shift-weekdays-0', [6, 7]);
    const [from, to] = page.findAllComponents({ name: 'ElTimePicker' });
    from!.vm.$emit('update:modelValue', '10:00');
    to!.vm.$emit('update:modelValue', '20:30');
    // Members, the shift's members, then the backups.
    const selects = page.findAllComponents(MemberMultiSelect);
    expect(selects).toHaveLength(3);
    selects[1]!.vm.$emit('update:modelValue', ['HanMeimei']);
    selects[2]!.vm.$emit('update:modelValue', ['LiLei', 'HanMeimei']);
    await flushPromises();

    (document.querySelector('[data-test="channel-cap-on"] input') as HTMLInputElement).click();
    await flushPromises();
    emitOn(page, 'ElInputNumber', 'channel-daily-cap', 30);
    emitOn(page, 'ElSelect', 'channel-tags', ['et1']);
    type('[data-test="channel-remark-prefix"]', '展会-');
    (document.querySelector('[data-test="channel-skip-verify"]') as HTMLElement).click();

    const text = document.querySelector('textarea[data-test="content-text"]') as HTMLTextAreaElement;
    text.value = '您好，欢迎来到展会！';
    text.dispatchEvent(new Event('input'));
    (document.querySelector('[data-test="content-pick"]') as HTMLElement).click();
    await vi.waitFor(() => expect(document.querySelector('[data-test="picker-material-m2"]')).not.toBeNull());
    (document.querySelector('[data-test="picker-material-m2"]') as HTMLElement).click();
    await flushPromises();
    (document.querySelector('[data-test="material-picker-confirm"]') as HTMLElement).click();
    await flushPromises();
    // The WeChat-like preview shows what the customer gets.
    expect(dialog().textContent).toContain('展会报名');

    await save();
    await vi.waitFor(() => expect(requestsTo(fetchMock, '/api/channels', 'POST')).toHaveLength(1));
    expect(requestsTo(fetchMock, '/api/channels', 'POST')[0]!.body).toEqual({
      name: '春季展会',
      state: 'expo-2026',
      memberIds: ['LiLei'],
      shifts: [{ weekdays: [6, 7], from: '10:00', to: '20:30', memberIds: ['HanMeimei'] }],
      dailyCap: 30,
      backupMemberIds: ['LiLei', 'HanMeimei'],
      skipVerify: false,
      tagIds: ['et1'],
      remarkPrefix: '展会-',
      welcome: { text: '您好，欢迎来到展会！', materialIds: ['m2'] },
    });
    await vi.waitFor(() => expect(document.body.textContent).toContain('渠道活码已保存'));
    await vi.waitFor(() => expect(page.find('[data-test="channel-c9"]').exists()).toBe(true));
  });

  it('explains a channel parameter it refuses, in Chinese, and sends nothing', async () => {
    const { page, fetchMock } = await renderChannels();
    await openCreate(page);

    await save();
    await vi.waitFor(() => expect(dialog().textContent).toContain('请填写名称'));
    expect(dialog().textContent).toContain('请填写渠道参数');
    expect(dialog().textContent).toContain('请至少选择一位接待成员');

    type('[data-test="channel-state"]', '展会 2026');
    await vi.waitFor(() => expect(dialog().textContent).toContain('渠道参数只能包含字母、数字、- 和 _'));

    // The input stops at 30 characters; a pasted longer value is refused all the same.
    type('[data-test="channel-state"]', 'a'.repeat(31));
    await vi.waitFor(() => expect(dialog().textContent).toContain('渠道参数最多 30 个字符'));

    type('[data-test="channel-state"]', 'expo_2026-A');
    await vi.waitFor(() => expect(dialog().textContent).not.toContain('渠道参数最多'));
    expect(dialog().textContent).not.toContain('渠道参数只能包含');
    expect(dialog().textContent).not.toContain('请填写渠道参数');

    // A shift without members is refused too.
    (document.querySelector('[data-test="channel-add-shift"]') as HTMLElement).click();
    await flushPromises();
    await vi.waitFor(() =>
      expect(document.querySelector('[data-test="channel-shift-error-0"]')!.textContent).toContain(
        '请为此时段选择接待成员',
      ),
    );
    expect(requestsTo(fetchMock, '/api/channels', 'POST')).toHaveLength(0);
  });

  it('edits a code with PUT, and shows the server’s refusal of a taken channel parameter', async () => {
    const { page, fetchMock } = await renderChannels({
      channels: [
        makeChannel({
          dailyCap: 20,
          shifts: [{ weekdays: [1, 2], from: '09:00', to: '18:00', memberIds: ['HanMeimei'] }],
          welcome: { text: '欢迎', materialIds: [] },
        }),
      ],
      refuseSave: () =>
        jsonResponse(409, { code: 'conflict', message: 'state expo-2026 is taken', requestId: 'r' }),
    });

    await page.find('[data-test="channel-edit-c1"]').trigger('click');
    await vi.waitFor(() =>
      expect((document.querySelector('input[data-test="channel-name"]') as HTMLInputElement).value).toBe(
        '春季展会',
      ),
    );
    expect(document.querySelector('[data-test="channel-shift-0"]')).not.toBeNull();
    expect((document.querySelector('textarea[data-test="content-text"]') as HTMLTextAreaElement).value).toBe(
      '欢迎',
    );

    await save();
    await vi.waitFor(() => expect(requestsTo(fetchMock, '/api/channels/c1', 'PUT')).toHaveLength(1));
    expect(requestsTo(fetchMock, '/api/channels/c1', 'PUT')[0]!.body).toMatchObject({
      dailyCap: 20,
      shifts: [{ weekdays: [1, 2], from: '09:00', to: '18:00', memberIds: ['HanMeimei'] }],
      welcome: { text: '欢迎', materialIds: [] },
    });
    await vi.waitFor(() => expect(document.body.textContent).toContain('数据冲突'));
    await vi.waitFor(() => expect(dialog().textContent).toContain('该渠道参数已被其他渠道活码使用'));
    // The dialog stays open to correct it.
    expect(dialog()).not.toBeNull();
  });
});
