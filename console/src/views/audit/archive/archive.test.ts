import { afterEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import type { ArchiveStatus, Role } from '@keeper/shared';
import { useRealtimeStore } from '@/stores/realtime.store';
import { createTestApp, jsonResponse, makeMe } from '@/test-utils/harness';
import { makeArchiveStatus } from '@/test-utils/fixtures';
import ArchiveView from './index.vue';

const parked = makeArchiveStatus({
  parked: {
    seq: '10241',
    msgid: 'CAQQmsg',
    failure: {
      code: 'archive_key_missing',
      params: { keyVersion: 4 },
      detail: 'No private key for publickey_ver 4 (configured: 1, 2, 3).',
    },
    since: '2025-03-01T02:00:00.000Z',
  },
  lastFailure: {
    code: 'archive_sdk_host',
    params: { reason: 'crashed' },
    detail: 'the Finance SDK host exited with signal SIGSEGV',
  },
});

function serve(status: ArchiveStatus) {
  const fetchMock = vi.fn(async (url: string, init?: RequestInit) => {
    const path = url.split('?')[0];
    if (path === '/api/archive/status') return jsonResponse(200, status);
    if (path === '/api/archive/resume' && init?.method === 'POST') {
      return jsonResponse(200, makeArchiveStatus({ checkpointSeq: '10241' }));
    }
    if (path === '/api/archive/retention' && init?.method === 'PUT') {
      const body = JSON.parse(String(init.body)) as { days: number | null };
      return jsonResponse(200, { ...status, retentionDays: body.days });
    }
    return jsonResponse(404, { code: 'not_found', message: 'Not found', requestId: 'r' });
  });
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

async function renderArchive(roles: Role[] = ['admin']) {
  const app = createTestApp(makeMe(roles));
  await app.router.push('/audit/archive');
  const wrapper = mount(ArchiveView, { global: { plugins: app.plugins }, attachTo: document.body });
  await vi.waitFor(() => expect(wrapper.find('[data-test="archive-status"]').exists()).toBe(true));
  return wrapper;
}

describe('the archive status page', () => {
  afterEach(() => {
    ElMessage.closeAll();
    document.body.innerHTML = '';
  });

  it('shows where the puller stands', async () => {
    serve(makeArchiveStatus());
    const wrapper = await renderArchive();

    const status = wrapper.find('[data-test="archive-status"]');
    expect(status.text()).toContain('10240');
    expect(status.text()).toContain('98,765');
    expect(status.text()).toContain('2025-03-01 10:00:00');
    expect(status.text()).toContain('37 条');
    expect(wrapper.find('[data-test="archive-parked"]').exists()).toBe(false);
  });

  it('explains a parked puller and resumes it', async () => {
    const fetchMock = serve(parked);
    const wrapper = await renderArchive();

    const alert = wrapper.find('[data-test="archive-parked"]');
    expect(alert.text()).toContain('序号 10241');
    expect(alert.text()).toContain('CAQQmsg');
    // What it means in Chinese, with the version; the server's own text only as the detail line.
    expect(alert.find('[data-test="failure-wording"]').text()).toBe(
      '这条消息用第 4 版公钥加密，客守没有该版本的私钥。',
    );
    expect(alert.find('[data-test="failure-detail"]').text()).toBe(
      '详情：No private key for publickey_ver 4 (configured: 1, 2, 3).',
    );
    expect(alert.text()).toContain('WECOM_ARCHIVE_PRIVATE_KEYS');
    expect(wrapper.find('[data-test="archive-last-error"] [data-test="failure-wording"]').text()).toBe(
      '会话存档 SDK 进程崩溃，已自动重启；下次拉取会重试。',
    );

    await wrapper.find('[data-test="archive-resume"]').trigger('click');

    await vi.waitFor(() => expect(wrapper.find('[data-test="archive-parked"]').exists()).toBe(false));
    expect(
      fetchMock.mock.calls.some(([url, init]) => url === '/api/archive/resume' && init?.method === 'POST'),
    ).toBe(true);
  });

  it('warns in plain words when WeCom announces messages that never come after the checkpoint', async () => {
    serve(makeArchiveStatus({ stalled: { since: '2025-03-01T02:00:00.000Z', notifies: 7 } }));
    const wrapper = await renderArchive();

    const alert = wrapper.find('[data-test="archive-stalled"]');
    expect(alert.text()).toContain('存档拉取停滞');
    expect(alert.text()).toContain('自 2025-03-01 10:00:00 起企业微信已发来 7 次新消息通知');
    expect(alert.text()).toContain('第 10240 条');
    expect(alert.text()).toContain('WECOM_CORP_ID');
    expect(wrapper.find('[data-test="archive-parked"]').exists()).toBe(false);
  });

  it('shows no stall warning while pulls keep up', async () => {
    serve(makeArchiveStatus());
    const wrapper = await renderArchive();
    expect(wrapper.find('[data-test="archive-stalled"]').exists()).toBe(false);
  });

  it('offers no resume or retention change without wecom.admin', async () => {
    serve(parked);
    const wrapper = await renderArchive(['auditor']);

    expect(wrapper.find('[data-test="archive-parked"]').exists()).toBe(true);
    expect(wrapper.find('[data-test="archive-resume"]').exists()).toBe(false);
    expect(wrapper.find('[data-test="retention-save"]').exists()).toBe(false);
  });

  it('saves a retention of a number of days, or forever', async () => {
    const fetchMock = serve(makeArchiveStatus());
    const wrapper = await renderArchive();

    await wrapper.find('input[value="days"]').setValue(true);
    await wrapper.find('[data-test="retention-days"] input').setValue('365');
    await wrapper.find('[data-test="retention-save"]').trigger('click');
    await flushPromises();

    const puts = fetchMock.mock.calls.filter(([url]) => url === '/api/archive/retention');
    expect(puts.map(([, init]) => JSON.parse(String(init?.body)))).toEqual([{ days: 365 }]);
  });

  it('follows the status pushed over the socket', async () => {
    serve(makeArchiveStatus());
    const wrapper = await renderArchive();

    useRealtimeStore().receiveArchiveStatus(makeArchiveStatus({ checkpointSeq: '20000', messages: 100_000 }));
    await flushPromises();

    expect(wrapper.find('[data-test="archive-checkpoint"]').text()).toBe('20000');
  });
});
