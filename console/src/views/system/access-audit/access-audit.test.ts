import { afterEach, describe, expect, it, vi } from 'vitest';
import { mount } from '@vue/test-utils';
import { AccessAction, type AccessAuditEntry, type Page } from '@keeper/shared';
import { setI18nLocale, type Locale } from '@/locales';
import { en } from '@/locales/en';
import { zhCN } from '@/locales/zh-CN';
import { createTestApp, jsonResponse, makeMe } from '@/test-utils/harness';
import AccessAuditView from './index.vue';

const actions = Object.values(AccessAction);
const page: Page<AccessAuditEntry> = {
  items: actions.map((action, index) => ({
    id: String(index + 1),
    userId: 1,
    username: 'ada',
    action,
    targetType: null,
    targetId: null,
    detail: null,
    ip: '10.0.0.1',
    requestId: null,
    at: '2025-03-01T02:00:00.000Z',
  })),
  total: actions.length,
  page: 1,
  pageSize: 20,
};

describe('the access audit page', () => {
  afterEach(() => {
    document.body.innerHTML = '';
  });

  it.each([
    ['zh-CN', zhCN.accessActions],
    ['en', en.accessActions],
  ] as const)('names every access action of the contract in %s', async (locale: Locale, labels) => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => jsonResponse(200, page)),
    );
    const app = createTestApp(makeMe(['admin']));
    setI18nLocale(locale);
    await app.router.push('/system/access-audit');

    const wrapper = mount(AccessAuditView, { global: { plugins: app.plugins } });

    await vi.waitFor(() =>
      expect(wrapper.findAll('[data-test="audit-table"] tbody tr')).toHaveLength(actions.length),
    );
    const shown = wrapper.findAll('[data-test="audit-table"] tbody tr .el-tag').map((tag) => tag.text());
    expect(shown).toEqual(actions.map((action) => labels[action]));
    for (const label of shown) expect(label).not.toMatch(/accessActions|\w+\.\w+/);
  });
});
