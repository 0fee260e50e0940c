import { afterEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import type { ArchivedMessage } from '@keeper/shared';
import { createTestApp, jsonResponse, makeMe } from '@/test-utils/harness';
import { makeMessage, pageOf } from '@/test-utils/fixtures';
import { shanghaiDay } from '@/utils/datetime';
import SearchView from './index.vue';

function serve(items: ArchivedMessage[]) {
  const fetchMock = vi.fn(async (url: string) => {
    const path = url.split('?')[0];
    if (path === '/api/messages/search') return jsonResponse(200, pageOf(items));
    if (path === '/api/org/members' || path === '/api/customers') return jsonResponse(200, pageOf([]));
    return jsonResponse(404, { code: 'not_found', message: 'Not found', requestId: 'r' });
  });
  vi.stubGlobal('fetch', fetchMock);
  const searches = () =>
    fetchMock.mock.calls
      .map(([url]) => new URL(url, 'http://console.test'))
      .filter((url) => url.pathname === '/api/messages/search')
      .map((url) => Object.fromEntries(url.searchParams));
  return { searches };
}

async function renderSearch() {
  const app = createTestApp(makeMe(['auditor']));
  await app.router.push('/audit/search');
  const wrapper = mount(SearchView, { global: { plugins: app.plugins }, attachTo: document.body });
  await flushPromises();
  return { wrapper, router: app.router };
}

describe('message search', () => {
  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('searches the last 30 days of China time by default', async () => {
    const { searches } = serve([]);
    await renderSearch();

    expect(searches()).toEqual([
      {
        page: '1',
        pageSize: '20',
        from: `${shanghaiDay(29)}T00:00:00.000+08:00`,
        to: `${shanghaiDay(0)}T23:59:59.999+08:00`,
      },
    ]);
  });

  it('highlights the keyword without reading the message as HTML, and opens the message in context', async () => {
    const { searches } = serve([
      makeMessage({ id: '301', conversationId: '9', text: '<b>转账</b>给我，转账更快' }),
    ]);
    const { wrapper, router } = await renderSearch();

    await wrapper.find('input[data-test="search-keyword"]').setValue('转账');
    await wrapper.find('form').trigger('submit');
    await flushPromises();

    expect(searches()[1]).toMatchObject({ q: '转账' });
    const content = wrapper.find('[data-test="search-content"]');
    expect(content.text()).toBe('<b>转账</b>给我，转账更快');
    expect(content.findAll('mark').map((mark) => mark.text())).toEqual(['转账', '转账']);
    expect(content.find('b').exists()).toBe(false);

    await wrapper.find('[data-test="search-row-301"]').trigger('click');
    // The conversation view is a lazy chunk: the first navigation waits for it to load.
    await vi.waitFor(
      () => expect(router.currentRoute.value.fullPath).toBe('/audit/conversations/9?message=301'),
      { timeout: 10_000 },
    );
  });
});
