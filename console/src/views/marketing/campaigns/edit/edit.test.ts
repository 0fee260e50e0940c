import { afterEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import type { CampaignPreview } from '@keeper/shared';
import { makeCampaign, makeMaterial } from '@/test-utils/fixtures';
import { createTestApp, makeMe } from '@/test-utils/harness';
import { requestsTo, serveMarketing, type MarketingWorld } from '@/test-utils/marketing-server';
import CampaignFormView from './index.vue';

const preview = (overrides: Partial<CampaignPreview> = {}): CampaignPreview => ({
  audience: 12_500,
  merged: 300,
  excludedByReason: { receive_rule: 150, recently_reached: 50, sender_inactive: 0, lost: 0 },
  recipients: 12_000,
  senders: 3,
  tasks: 4,
  issues: [],
  ...overrides,
});

async function renderForm(world: MarketingWorld = {}, path = '/marketing/campaigns/new') {
  const fetchMock = serveMarketing(world);
  const app = createTestApp(makeMe(['marketer']));
  await app.router.push(path);
  const page = mount(CampaignFormView, { global: { plugins: app.plugins }, attachTo: document.body });
  await flushPromises();
  return { page, fetchMock, router: app.router };
}

/** Element Plus puts an input's attributes on the `<input>` (or `<textarea>`) itself. */
async function typeInto(page: VueWrapper, testId: string, value: string): Promise<void> {
  await page.find(`[data-test="${testId}"]`).setValue(value);
}

async function next(page: VueWrapper): Promise<void> {
  await page.find('[data-test="campaign-next"]').trigger('click');
  await flushPromises();
}

describe('a new campaign', () => {
  afterEach(() => {
    ElMessage.closeAll();
    document.body.innerHTML = '';
  });

  it('counts the audience live as conditions change, and says how many customers were merged', async () => {
    const { page, fetchMock } = await renderForm({
      count: ({ filter }) =>
        filter.genders.includes(2)
          ? { customers: 4_200, merged: 37, senders: 5, tookMs: 40 }
          : { customers: 12_200, merged: 0, senders: 3, tookMs: 60 },
    });
    const counts = () => requestsTo(fetchMock, '/api/broadcasts/audience/count', 'POST');

    await vi.waitFor(() =>
      expect(page.find('[data-test="audience-count-customers"]').text()).toContain('12,200'),
    );
    expect(page.find('[data-test="audience-count-senders"]').text()).toContain('3');
    expect(page.find('[data-test="audience-count-merged"]').exists()).toBe(false);
    expect(counts()[0]!.body).toMatchObject({ ownerPolicy: { policy: 'last_chat' } });

    // Only women: the count follows once the builder rests, in one request.
    page.findComponent({ name: 'ElCheckboxGroup' }).vm.$emit('update:modelValue', [2]);
    await vi.waitFor(() =>
      expect(page.find('[data-test="audience-count-customers"]').text()).toContain('4,200'),
    );
    expect(page.find('[data-test="audience-count-merged"]').text()).toBe('37 位客户有多个负责人，只发送一次');
    expect(counts()).toHaveLength(2);
    expect(counts()[1]!.body).toMatchObject({ filter: { genders: [2] } });

    // The first owner instead of the last to chat: counted again with that policy.
    await page.find('[data-test="audience-policy-first_owner"] input').setValue(true);
    await vi.waitFor(() => expect(counts()).toHaveLength(3));
    expect(counts()[2]!.body).toMatchObject({ ownerPolicy: { policy: 'first_owner' } });
  });

  it('counts the text in the bytes WeCom counts, and stops at 4,000', async () => {
    const { page } = await renderForm();
    await typeInto(page, 'campaign-name', '会员日');
    await next(page);
    expect(page.find('[data-test="step-content"]').isVisible()).toBe(true);

    await typeInto(page, 'content-text', '你好 👋');
    expect(page.find('[data-test="content-bytes"]').text()).toContain('11 / 4000 字节');

    await typeInto(page, 'content-text', '中'.repeat(1334));
    expect(page.find('[data-test="content-bytes"]').text()).toContain('4002 / 4000 字节');
    expect(page.find('[data-test="content-bytes-over"]').text()).toBe('已超出上限');
    await next(page);
    expect(document.body.textContent).toContain('文字超过 4000 字节，请删减');
    expect(page.find('[data-test="step-content"]').isVisible()).toBe(true);
  });

  it('attaches materials from the library and shows them as WeCom would', async () => {
    const { page } = await renderForm({
      materials: [
        makeMaterial(),
        makeMaterial({
          id: 'm2',
          kind: 'link',
          title: '会员日活动页',
          url: 'https://example.com/day',
          previewUrl: null,
        }),
      ],
    });
    await typeInto(page, 'campaign-name', '会员日');
    await next(page);
    await typeInto(page, 'content-text', '会员日八折');

    await page.find('[data-test="content-pick"]').trigger('click');
    await vi.waitFor(() => expect(document.querySelector('[data-test="picker-material-m2"]')).not.toBeNull());
    (document.querySelector('[data-test="picker-material-m2"]') as HTMLElement).click();
    (document.querySelector('[data-test="picker-material-m1"]') as HTMLElement).click();
    await flushPromises();
    (document.querySelector('[data-test="material-picker-confirm"]') as HTMLElement).click();
    await flushPromises();

    expect(page.find('[data-test="content-attachment-0"]').text()).toContain('会员日活动页');
    expect(page.find('[data-test="content-attachment-1"]').text()).toContain('会员日海报');
    const phone = page.find('[data-test="wecom-preview"]');
    expect(phone.find('[data-test="preview-text"]').text()).toContain('会员日八折');
    expect(phone.find('[data-test="preview-link-m2"]').text()).toContain('会员日活动页');
    expect(phone.find('[data-test="preview-image-m1"] img').attributes('src')).toBe('/api/materials/m1/file');
  });

  it('saves, previews exclusions and tasks, and will not submit while a problem blocks it', async () => {
    const { page, fetchMock } = await renderForm({
      preview: preview({
        issues: [{ code: 'audit_rule', blocking: true, rule: '银行卡号', excerpt: '6222 **** 1234' }],
      }),
    });
    await typeInto(page, 'campaign-name', '三月回访');
    await next(page);
    await typeInto(page, 'content-text', '转账到 6222 0000 0000 1234');
    await next(page);
    await next(page);

    await vi.waitFor(() => expect(page.find('[data-test="campaign-review"]').exists()).toBe(true));
    const [created] = requestsTo(fetchMock, '/api/broadcasts', 'POST');
    expect(created!.body).toMatchObject({
      name: '三月回访',
      kind: 'customers',
      content: { text: '转账到 6222 0000 0000 1234', materialIds: [] },
      ownerPolicy: { policy: 'last_chat' },
      scheduledAt: null,
      deadlineDays: 7,
    });
    expect(requestsTo(fetchMock, '/api/broadcasts/11/preview', 'POST')).toHaveLength(1);

    expect(page.find('[data-test="review-recipients"]').text()).toContain('12,000');
    expect(page.find('[data-test="review-tasks"]').text()).toContain('4');
    expect(page.find('[data-test="review-merged"]').text()).toBe('300 位客户有多个负责人，只发送一次');
    expect(page.find('[data-test="review-exclusion-receive_rule"]').text()).toContain('超出客户接收上限150');
    expect(page.find('[data-test="review-exclusion-recently_reached"]').text()).toContain('50');
    expect(page.find('[data-test="review-issue-0"]').text()).toContain(
      '命中审计规则「银行卡号」：6222 **** 1234',
    );
    expect(page.find('[data-test="campaign-submit"]').attributes('disabled')).toBeDefined();
  });

  it('submits for approval when the setting asks for it, then opens the campaign', async () => {
    const { page, fetchMock, router } = await renderForm({
      preview: preview({
        issues: [{ code: 'material_missing', blocking: false, rule: null, excerpt: null }],
      }),
      settings: { receiveRule: 'month', approvalRequired: true },
      after: { submit: 'pending_approval' },
    });
    await typeInto(page, 'campaign-name', '三月回访');
    await next(page);
    await typeInto(page, 'content-text', '您好');
    await next(page);
    await next(page);
    await vi.waitFor(() => expect(page.find('[data-test="campaign-review"]').exists()).toBe(true));

    expect(page.find('[data-test="review-approval"]').text()).toBe('需要经理审批，批准后发送');
    const submit = page.find('[data-test="campaign-submit"]');
    expect(submit.text()).toBe('提交审批');
    expect(submit.attributes('disabled')).toBeUndefined();

    await submit.trigger('click');
    await vi.waitFor(() =>
      expect(document.body.textContent).toContain('提交后由经理审批；批准后将发送给 12,000 个对象'),
    );
    (document.querySelector('.el-message-box__btns .el-button--primary') as HTMLElement).click();
    await vi.waitFor(() =>
      expect(requestsTo(fetchMock, '/api/broadcasts/11/submit', 'POST')).toHaveLength(1),
    );
    await vi.waitFor(() => expect(document.body.textContent).toContain('已提交，等待经理审批'));
    await vi.waitFor(() => expect(router.currentRoute.value.fullPath).toBe('/marketing/campaigns/11'));
  });

  it('reopens a rejected campaign with the reason, and saves it in place', async () => {
    const { page, fetchMock } = await renderForm(
      { campaign: makeCampaign({ status: 'rejected', rejectedReason: '文案需要法务确认' }) },
      '/marketing/campaigns/11/edit',
    );
    await vi.waitFor(() => expect(page.find('[data-test="campaign-form-rejected"]').exists()).toBe(true));
    expect(page.find('[data-test="campaign-form-rejected"]').text()).toContain('文案需要法务确认');
    expect((page.find('[data-test="campaign-name"]').element as HTMLInputElement).value).toBe(
      '三月老客户回访',
    );

    await page.find('[data-test="campaign-save-draft"]').trigger('click');
    await vi.waitFor(() => expect(requestsTo(fetchMock, '/api/broadcasts/11', 'PUT')).toHaveLength(1));
    expect(requestsTo(fetchMock, '/api/broadcasts', 'POST')).toHaveLength(0);
  });

  it('asks a staff notice for its message type and sends it as an app message', async () => {
    const { page, fetchMock } = await renderForm({
      preview: preview({ audience: 30, merged: 0, recipients: 30 }),
    });
    await typeInto(page, 'campaign-name', '周会通知');
    await page.find('[data-test="campaign-kind-staff"] input').setValue(true);
    await flushPromises();
    expect(page.find('[data-test="staff-audience"]').exists()).toBe(true);
    expect(page.find('[data-test="audience-builder"]').exists()).toBe(false);

    await next(page);
    await page.find('[data-test="staff-msgtype-markdown"] input').setValue(true);
    await typeInto(page, 'staff-content', '**周会**改到周五');
    await next(page);
    await next(page);
    await vi.waitFor(() => expect(page.find('[data-test="campaign-review"]').exists()).toBe(true));
    expect(page.find('[data-test="review-audience"]').text()).toContain('匹配成员');
    expect(requestsTo(fetchMock, '/api/broadcasts', 'POST')[0]!.body).toMatchObject({
      kind: 'staff',
      staffAudience: { memberIds: [], departmentIds: [] },
      staffMessage: { msgtype: 'markdown', content: '**周会**改到周五' },
    });
  });
});
