import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises } from '@vue/test-utils';
import { createTestApp, jsonResponse, makeMe } from '@/test-utils/harness';
import { useAuthStore } from '@/stores/auth.store';
import { installRequestInterceptors } from './interceptors';
import { ApiRequestError, createHttpClient, type HttpClient } from './request';

function sentHeaders(fetchMock: ReturnType<typeof vi.fn>, call = 0): Headers {
  const init = fetchMock.mock.calls[call]?.[1] as RequestInit | undefined;
  return new Headers(init?.headers);
}

describe('the request client', () => {
  let client: HttpClient;
  let fetchMock: ReturnType<typeof vi.fn>;
  let app: ReturnType<typeof createTestApp>;

  beforeEach(async () => {
    app = createTestApp(makeMe(['admin']));
    await app.router.push('/home');
    client = createHttpClient();
    installRequestInterceptors(client, app.router);
    fetchMock = vi.fn(async () => jsonResponse(200, { ok: true }));
    vi.stubGlobal('fetch', fetchMock);
  });

  afterEach(() => {
    ElMessage.closeAll();
    document.body.innerHTML = '';
  });

  it('sends the CSRF token on a write, with the session cookie and a JSON body', async () => {
    await client.post('/api/users', { username: 'bob' });

    const [url, init] = fetchMock.mock.calls[0] as [string, RequestInit];
    expect(url).toBe('/api/users');
    expect(init.credentials).toBe('same-origin');
    expect(init.body).toBe('{"username":"bob"}');
    expect(sentHeaders(fetchMock).get('X-CSRF-Token')).toBe('csrf-token-123');
    expect(sentHeaders(fetchMock).get('Content-Type')).toBe('application/json');
  });

  it('sends a form as multipart, leaving its Content-Type (with the boundary) to the browser', async () => {
    const form = new FormData();
    form.append('meta', JSON.stringify({ kind: 'image', title: '海报' }));
    form.append('file', new Blob(['png-bytes'], { type: 'image/png' }), 'poster.png');

    await client.post('/api/materials', form);

    const [, init] = fetchMock.mock.calls[0] as [string, RequestInit];
    expect(init.body).toBe(form);
    expect(sentHeaders(fetchMock).has('Content-Type')).toBe(false);
    expect(sentHeaders(fetchMock).get('X-CSRF-Token')).toBe('csrf-token-123');
  });

  it('does not send the CSRF token on a read, and leaves empty filters out of the query', async () => {
    await client.get('/api/users', { query: { page: 2, q: '', role: undefined, status: 'active' } });

    expect(fetchMock.mock.calls[0]?.[0]).toBe('/api/users?page=2&status=active');
    expect(sentHeaders(fetchMock).has('X-CSRF-Token')).toBe(false);
  });

  it('rejects with the server error and shows its code translated', async () => {
    fetchMock.mockResolvedValueOnce(
      jsonResponse(409, { code: 'conflict', message: 'username already taken', requestId: 'req-1' }),
    );

    const error = await client.post('/api/users', {}).catch((caught: unknown) => caught);
    await flushPromises();

    expect(error).toBeInstanceOf(ApiRequestError);
    expect(error).toMatchObject({ status: 409, code: 'conflict', requestId: 'req-1' });
    expect(document.body.textContent).toContain('数据冲突：记录已存在或已被他人修改');
  });

  it('shows what WeCom refused: its errcode, and what the code means when the console knows it', async () => {
    fetchMock.mockResolvedValueOnce(
      jsonResponse(422, {
        code: 'wecom_rejected',
        message: 'WeCom refused the request (errcode 40068)',
        requestId: 'req-3',
        wecom: { errcode: 40068, errmsg: 'invalid tagid, hint: [1], from ip: 192.0.2.1' },
      }),
    );
    const error = await client.delete('/api/tags/et1').catch((caught: unknown) => caught);
    await flushPromises();
    expect(error).toMatchObject({ status: 422, code: 'wecom_rejected', wecom: { errcode: 40068 } });
    expect(document.body.textContent).toContain(
      '企业微信拒绝了此操作（企业微信错误码 40068）：标签或标签组在企业微信中已不存在',
    );

    fetchMock.mockResolvedValueOnce(
      jsonResponse(502, {
        code: 'wecom_setup',
        message: 'WeCom refused the credentials (errcode 40999)',
        requestId: 'req-4',
        wecom: { errcode: 40999, errmsg: 'something new' },
      }),
    );
    await client.get('/api/tags').catch(() => undefined);
    await flushPromises();
    expect(document.body.textContent).toContain(
      '企业微信拒绝了客守的调用，需要管理员检查企业微信中的配置（企业微信错误码 40999）',
    );
  });

  it('falls back to the server message for a code this console does not know', async () => {
    fetchMock.mockResolvedValueOnce(
      jsonResponse(422, { code: 'quota_exceeded', message: 'Broadcast quota exceeded', requestId: 'req-2' }),
    );

    await client.get('/api/anything').catch(() => undefined);
    await flushPromises();

    expect(document.body.textContent).toContain('Broadcast quota exceeded');
  });

  it('on 401 forgets the session and sends the user to the login page, remembering where they were', async () => {
    fetchMock.mockResolvedValueOnce(
      jsonResponse(401, { code: 'unauthenticated', message: 'Sign in first', requestId: 'req-3' }),
    );

    await client.get('/api/system/status').catch(() => undefined);

    expect(useAuthStore().isSignedIn).toBe(false);
    // Lazy route modules load on first visit, so the navigation takes a moment.
    await vi.waitFor(() => expect(app.router.currentRoute.value.name).toBe('login'), { timeout: 5000 });
    expect(app.router.currentRoute.value.query.redirect).toBe('/home');
    expect(document.body.textContent).toContain('登录已失效，请重新登录');
  });

  it('stays quiet for a silent request: the caller shows the error', async () => {
    fetchMock.mockResolvedValueOnce(
      jsonResponse(401, { code: 'invalid_credentials', message: 'Wrong password', requestId: 'req-4' }),
    );

    await client.post('/api/auth/login', {}, { silent: true }).catch(() => undefined);
    await flushPromises();

    expect(document.body.textContent).not.toContain('用户名或密码错误');
    expect(app.router.currentRoute.value.name).toBe('home');
  });

  it('reports an unreachable server as a network error', async () => {
    fetchMock.mockRejectedValueOnce(new TypeError('Failed to fetch'));

    const error = await client.get('/api/auth/me').catch((caught: unknown) => caught);

    expect(error).toMatchObject({ status: 0, code: 'network_error' });
  });
});
