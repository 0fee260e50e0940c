import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { createTestApp, jsonResponse, makeMe } from '@/test-utils/harness';
import LoginView from './index.vue';

async function renderLogin() {
  const app = createTestApp(null);
  await app.router.push('/login?redirect=/system/users');
  const wrapper = mount(LoginView, { global: { plugins: app.plugins }, attachTo: document.body });
  return { app, wrapper };
}

async function signIn(wrapper: Awaited<ReturnType<typeof renderLogin>>['wrapper']) {
  await wrapper.find('input[data-test="login-username"]').setValue('ada');
  await wrapper.find('input[data-test="login-password"]').setValue('correct horse battery');
  await wrapper.find('form').trigger('submit');
  await flushPromises();
}

describe('the login page', () => {
  let fetchMock: ReturnType<typeof vi.fn>;

  beforeEach(() => {
    fetchMock = vi.fn();
    vi.stubGlobal('fetch', fetchMock);
  });

  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('shows the brand and asks for both fields before calling the server', async () => {
    const { wrapper } = await renderLogin();

    expect(wrapper.text()).toContain('客守 Keeper SCRM');
    await wrapper.find('form').trigger('submit');

    await vi.waitFor(() => {
      const errors = wrapper.findAll('.el-form-item__error').map((error) => error.text());
      expect(errors).toEqual(['请输入用户名', '请输入密码']);
    });
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('explains how long to wait after too many attempts', async () => {
    fetchMock.mockResolvedValueOnce(
      jsonResponse(
        429,
        { code: 'too_many_attempts', message: 'Too many attempts; try again in 2 minutes', requestId: 'r' },
        { 'Retry-After': '120' },
      ),
    );
    const { wrapper } = await renderLogin();

    await signIn(wrapper);

    await vi.waitFor(() =>
      expect(wrapper.find('[data-test="login-error"]').text()).toContain('尝试次数过多，请 2 分钟后再试'),
    );
  });

  it('says so when the password is wrong', async () => {
    fetchMock.mockResolvedValueOnce(
      jsonResponse(401, { code: 'invalid_credentials', message: 'Invalid credentials', requestId: 'r' }),
    );
    const { wrapper } = await renderLogin();

    await signIn(wrapper);

    await vi.waitFor(() =>
      expect(wrapper.find('[data-test="login-error"]').text()).toContain('用户名或密码错误'),
    );
  });

  it('signs in and goes on to the page that was asked for', async () => {
    fetchMock.mockResolvedValueOnce(jsonResponse(200, makeMe(['admin'])));
    const { app, wrapper } = await renderLogin();

    await signIn(wrapper);

    // Lazy route modules load on first visit, so the navigation takes a moment.
    await vi.waitFor(() => expect(app.router.currentRoute.value.fullPath).toBe('/system/users'), {
      timeout: 5000,
    });
    const [url, init] = fetchMock.mock.calls[0] as [string, RequestInit];
    expect(url).toBe('/api/auth/login');
    expect(JSON.parse(String(init.body))).toEqual({ username: 'ada', password: 'correct horse battery' });
  });
});
