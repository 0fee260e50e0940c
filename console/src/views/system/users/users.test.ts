import { afterEach, describe, expect, it, vi } from 'vitest';
import { mount } from '@vue/test-utils';
import type { Page, User } from '@keeper/shared';
import { createTestApp, jsonResponse, makeMe } from '@/test-utils/harness';
import UsersView from './index.vue';

const page: Page<User> = {
  items: [
    {
      id: 7,
      username: 'zhou',
      displayName: '周审计',
      roles: ['auditor', 'marketer'],
      scope: { all: false, departmentIds: ['3', '12'] },
      wecomUserId: 'ZhouWei',
      status: 'disabled',
      lastLoginAt: null,
      createdAt: '2025-03-01T02:00:00.000Z',
    },
  ],
  total: 41,
  page: 1,
  pageSize: 20,
};

describe('the accounts page', () => {
  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('lists accounts with translated roles and status, in China time', async () => {
    const fetchMock = vi.fn(async (_url: string) => jsonResponse(200, page));
    vi.stubGlobal('fetch', fetchMock);
    const app = createTestApp(makeMe(['admin']));
    await app.router.push('/system/users');

    const wrapper = mount(UsersView, { global: { plugins: app.plugins } });

    await vi.waitFor(() => expect(wrapper.find('[data-test="users-table"]').text()).toContain('周审计'));
    const table = wrapper.find('[data-test="users-table"]').text();
    expect(table).toContain('审计员');
    expect(table).toContain('营销');
    expect(table).toContain('3, 12');
    expect(table).toContain('已停用');
    expect(table).toContain('从未登录');
    expect(table).toContain('2025-03-01 10:00:00');
    expect(wrapper.find('[data-test="users-pagination"]').text()).toContain('41');
    expect(fetchMock.mock.calls[0]?.[0]).toBe('/api/users?page=1&pageSize=20');
  });
});
