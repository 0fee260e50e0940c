import { afterEach, describe, expect, it, vi } from 'vitest';
import { mount } from '@vue/test-utils';
import type { OrgOverview, Page, User } from '@keeper/shared';
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

  it('pages with the pager: the next page asks for page 2, a new page size starts again from page 1', async () => {
    const fetchMock = vi.fn(async (_url: string) => jsonResponse(200, page));
    vi.stubGlobal('fetch', fetchMock);
    const listRequests = () =>
      fetchMock.mock.calls.map(([url]) => url).filter((url) => url.startsWith('/api/users?'));
    const app = createTestApp(makeMe(['admin']));
    await app.router.push('/system/users');
    const wrapper = mount(UsersView, { global: { plugins: app.plugins }, attachTo: document.body });
    await vi.waitFor(() => expect(wrapper.find('[data-test="users-pagination"]').text()).toContain('41'));

    await wrapper.find('[data-test="users-pagination"] .btn-next').trigger('click');
    await vi.waitFor(() => expect(listRequests()).toHaveLength(2));
    expect(listRequests()[1]).toBe('/api/users?page=2&pageSize=20');

    const pagination = wrapper.findComponent({ name: 'ElPagination' });
    pagination.vm.$emit('update:page-size', 50);
    pagination.vm.$emit('size-change', 50);
    await vi.waitFor(() => expect(listRequests()).toHaveLength(3));
    expect(listRequests()[2]).toBe('/api/users?page=1&pageSize=50');
  });

  describe('the department scope in the account form', () => {
    const overview: OrgOverview = {
      departments: [
        { id: '1', name: '客守科技', parentId: null, order: 0, memberCount: 1 },
        { id: '3', name: '销售部', parentId: '1', order: 0, memberCount: 4 },
      ],
      counts: { active: 5, disabled: 0, inactive: 0, departed: 0 },
      lastSync: null,
    };

    async function openCreateWith(overviewAnswer: Response) {
      vi.stubGlobal(
        'fetch',
        vi.fn(async (url: string) =>
          url === '/api/org/overview' ? overviewAnswer : jsonResponse(200, page),
        ),
      );
      const app = createTestApp(makeMe(['admin']));
      await app.router.push('/system/users');
      const wrapper = mount(UsersView, { global: { plugins: app.plugins }, attachTo: document.body });
      await vi.waitFor(() => expect(wrapper.find('[data-test="users-table"]').text()).toContain('周审计'));
      await wrapper.find('[data-test="users-create"]').trigger('click');
      return wrapper;
    }

    it('picks departments from the synced tree and shows their names in the scope column', async () => {
      const wrapper = await openCreateWith(jsonResponse(200, overview));

      await vi.waitFor(() =>
        expect(document.querySelector('[data-test="user-form-departments"]')).not.toBeNull(),
      );
      expect(document.querySelector('[data-test="user-form-department-ids"]')).toBeNull();
      expect(wrapper.find('[data-test="users-table"]').text()).toContain('销售部, 12');
    });

    it('falls back to typed department ids when the organisation cannot be read', async () => {
      await openCreateWith(jsonResponse(500, { code: 'internal_error', message: 'boom', requestId: 'r' }));

      await vi.waitFor(() =>
        expect(document.querySelector('[data-test="user-form-department-ids"]')).not.toBeNull(),
      );
      expect(document.querySelector('[data-test="user-form-departments"]')).toBeNull();
      expect(document.body.textContent).toContain('组织架构暂不可用');
    });
  });
});
