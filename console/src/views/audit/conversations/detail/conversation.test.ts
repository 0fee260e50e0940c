import { afterEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { h, nextTick } from 'vue';
import type { ArchivedMessage, MessageWindow, Role } from '@keeper/shared';
import VirtualList from '@/components/VirtualList.vue';
import { useRealtimeStore } from '@/stores/realtime.store';
import { createTestApp, jsonResponse, makeMe } from '@/test-utils/harness';
import { makeConversation, makeMessage } from '@/test-utils/fixtures';
import ConversationView from './index.vue';

const member = { id: 'LiLei', name: '李雷', kind: 'member' as const };

const chat: ArchivedMessage[] = [
  makeMessage({ id: '101', text: '报价多少？', content: { content: '报价多少？' } }),
  makeMessage({
    id: '102',
    msgtype: 'image',
    from: member,
    text: null,
    content: { md5sum: 'abc', filesize: 1024, sdkfileid: 'f1' },
    media: { sdkFileId: 'f1', fileSize: 1024, md5: 'abc' },
  }),
  makeMessage({
    id: '103',
    msgtype: 'file',
    from: member,
    text: '报价单.pdf',
    content: { filename: '报价单.pdf', fileext: 'pdf', filesize: 2048, sdkfileid: 'f2' },
  }),
  makeMessage({
    id: '104',
    msgtype: 'redpacket',
    from: member,
    text: '合作愉快',
    // The decrypted JSON keeps the fields under the type's key; both shapes render.
    content: { redpacket: { type: 1, wish: '合作愉快', totalcnt: 1, totalamount: 8888 } },
  }),
  makeMessage({
    id: '105',
    from: member,
    text: '加我私人微信转账',
    content: { content: '加我私人微信转账' },
    recalledAt: '2025-03-01T02:01:00.000Z',
    violations: [{ id: 'v1', ruleName: '私下收款', severity: 'high', status: 'new', otherDepartment: false }],
  }),
  makeMessage({
    id: '106',
    action: 'recall',
    msgtype: 'revoke',
    from: member,
    text: null,
    content: { pre_msgid: 'msg-105' },
    recallOf: 'msg-105',
  }),
  makeMessage({
    id: '107',
    msgtype: 'sphfeed',
    text: null,
    content: { feed_type: 4, sph_name: '星河视频号' },
  }),
];

function serve(window: MessageWindow) {
  const fetchMock = vi.fn(async (url: string) => {
    const path = url.split('?')[0];
    if (path === '/api/conversations/7') return jsonResponse(200, makeConversation());
    if (path === '/api/conversations/7/messages') return jsonResponse(200, window);
    if (path === '/api/violations/counts') return jsonResponse(200, { new: 0 });
    return jsonResponse(404, { code: 'not_found', message: 'Not found', requestId: 'r' });
  });
  vi.stubGlobal('fetch', fetchMock);
  const windowQueries = () =>
    fetchMock.mock.calls
      .map(([url]) => new URL(url, 'http://console.test'))
      .filter((url) => url.pathname === '/api/conversations/7/messages')
      .map((url) => Object.fromEntries(url.searchParams));
  return { fetchMock, windowQueries };
}

async function renderConversation(path: string, roles: Role[] = ['auditor']) {
  const app = createTestApp(makeMe(roles));
  await app.router.push(path);
  const wrapper = mount(ConversationView, { global: { plugins: app.plugins }, attachTo: document.body });
  await flushPromises();
  return wrapper;
}

describe('the conversation view', () => {
  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('renders each message type like a chat, with recalls and violations marked', async () => {
    const { windowQueries } = serve({ items: chat, hasOlder: false, hasNewer: false });
    const wrapper = await renderConversation('/audit/conversations/7');

    expect(windowQueries()).toEqual([{ limit: '100' }]);
    expect(wrapper.find('[data-test="conversation-view"]').text()).toContain('李雷 ↔ 王五');
    expect(wrapper.find('[data-test="conversation-consent"]').text()).toBe('同意存档');
    expect(wrapper.find('[data-test="conversation-export"]').exists()).toBe(true);

    const text = wrapper.find('[data-test="message-101"]');
    expect(text.attributes('data-msgtype')).toBe('text');
    expect(text.classes()).toContain('left');
    expect(text.text()).toContain('报价多少？');
    expect(text.text()).toContain('2025-03-01 10:00:00');

    const image = wrapper.find('[data-test="message-102"]');
    expect(image.attributes('data-msgtype')).toBe('image');
    expect(image.classes()).toContain('right');
    expect(image.find('img').attributes('src')).toBe('/api/messages/102/media');

    const file = wrapper.find('[data-test="message-103"]');
    expect(file.text()).toContain('报价单.pdf');
    expect(file.text()).toContain('2.0 KB');
    expect(file.find('[data-test="message-file-download"]').attributes('href')).toBe(
      '/api/messages/103/media',
    );

    const redpacket = wrapper.find('[data-test="message-104"]');
    expect(redpacket.text()).toContain('合作愉快');
    expect(redpacket.text()).toContain('88.88 元');

    const recalled = wrapper.find('[data-test="message-105"]');
    expect(recalled.text()).toContain('加我私人微信转账');
    expect(recalled.find('[data-test="message-recalled"]').text()).toBe('已撤回');
    expect(recalled.text()).toContain('撤回于 2025-03-01 10:01:00');
    expect(recalled.find('.bubble').classes()).toContain('flagged');
    expect(recalled.find('[data-test="message-violation"]').text()).toContain('私下收款（高）');

    const revoke = wrapper.find('[data-test="message-106"]');
    expect(revoke.attributes('data-msgtype')).toBe('revoke');
    expect(revoke.text()).toContain('李雷 撤回了一条消息');

    const unknown = wrapper.find('[data-test="message-107"]');
    expect(unknown.find('[data-test="message-unknown"]').text()).toContain('sphfeed');
    expect(unknown.find('pre').text()).toContain('"sph_name": "星河视频号"');
  });

  it('opens a violation from its flag on the bubble', async () => {
    serve({ items: chat, hasOlder: false, hasNewer: false });
    const wrapper = await renderConversation('/audit/conversations/7');

    await wrapper.find('[data-test="message-violation"]').trigger('click');
    await flushPromises();

    const dialog = document.querySelector('[data-test="violation-detail"]');
    expect(dialog?.textContent).toContain('私下收款');
    expect(dialog?.querySelector('[data-test="violation-detail-confirm"]')).not.toBeNull();
  });

  it('offers no handling of a violation whose sender is in another department, and says who handles it', async () => {
    const elsewhere = makeMessage({
      id: '301',
      from: { id: 'WangFang', name: '王芳', kind: 'member' },
      text: '私下转账给我',
      content: { content: '私下转账给我' },
      violations: [
        { id: 'v9', ruleName: '私下收款', severity: 'high', status: 'new', otherDepartment: true },
      ],
    });
    serve({ items: [elsewhere], hasOlder: false, hasNewer: false });
    const wrapper = await renderConversation('/audit/conversations/7');

    await wrapper.find('[data-test="message-violation"]').trigger('click');
    await flushPromises();

    const dialog = document.querySelector('[data-test="violation-detail"]');
    expect(dialog?.textContent).toContain('私下收款');
    expect(dialog?.querySelector('[data-test="violation-detail-confirm"]')).toBeNull();
    expect(dialog?.querySelector('[data-test="violation-detail-dismiss"]')).toBeNull();
    expect(dialog?.querySelector('[data-test="violation-detail-elsewhere"]')?.textContent).toContain(
      '由发送人所在部门处理',
    );
  });

  it('shows message text as text, never as markup', async () => {
    serve({
      items: [makeMessage({ id: '201', content: { content: '<img src=x onerror="alert(1)">' } })],
      hasOlder: false,
      hasNewer: false,
    });
    const wrapper = await renderConversation('/audit/conversations/7');

    const bubble = wrapper.find('[data-test="message-201"]');
    expect(bubble.text()).toContain('<img src=x onerror="alert(1)">');
    expect(bubble.find('.bubble img').exists()).toBe(false);
  });

  it('jumps to ?message= by asking for the window around it, and highlights it', async () => {
    const items = Array.from({ length: 100 }, (_, index) =>
      makeMessage({
        id: String(101 + index),
        text: `第 ${101 + index} 条`,
        content: { content: `第 ${101 + index} 条` },
      }),
    );
    const { windowQueries } = serve({ items, hasOlder: true, hasNewer: true });
    const wrapper = await renderConversation('/audit/conversations/7?message=150');

    expect(windowQueries()[0]).toEqual({ around: '150', limit: '100' });
    await vi.waitFor(() =>
      expect(wrapper.find('[data-test="message-150"]').classes()).toContain('highlighted'),
    );
    // Only the rows around the target are in the DOM.
    expect(wrapper.find('[data-test="message-101"]').exists()).toBe(false);
    expect(wrapper.findAll('[data-test^="message-1"]').length).toBeLessThan(40);
  });
});

describe('the virtual list', () => {
  const items = Array.from({ length: 10_000 }, (_, index) => ({ id: String(index) }));

  function renderList() {
    return mount(VirtualList<{ id: string }>, {
      props: { items, itemKey: (item: { id: string }) => item.id, estimateSize: 50 },
      slots: {
        default: ({ item }: { item: { id: string } }) =>
          h('div', { 'data-test': `item-${item.id}` }, item.id),
      },
      attachTo: document.body,
    });
  }

  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('renders only a window of a 10,000-message conversation', async () => {
    const wrapper = renderList();
    await nextTick();

    const rendered = wrapper.findAll('[data-test^="item-"]');
    expect(rendered.length).toBeGreaterThan(0);
    expect(rendered.length).toBeLessThan(50);
    expect(wrapper.find('[data-test="item-0"]').exists()).toBe(true);
    // The spacer keeps the scrollbar of the whole list.
    expect(wrapper.find('.virtual-list-spacer').attributes('style')).toContain('height: 500000px');
  });

  it('scrolls to a row far down and renders the rows around it', async () => {
    const wrapper = renderList();
    (wrapper.vm as unknown as { scrollToKey(key: string): void }).scrollToKey('7000');
    await flushPromises();

    expect(wrapper.find('[data-test="item-7000"]').exists()).toBe(true);
    expect(wrapper.find('[data-test="item-0"]').exists()).toBe(false);
    expect(wrapper.findAll('[data-test^="item-"]').length).toBeLessThan(50);
  });

  it('keeps the rows on screen in place when older rows are prepended', async () => {
    const wrapper = renderList();
    await nextTick();
    const viewport = wrapper.find('[data-test="virtual-list"]').element as HTMLElement;
    viewport.scrollTop = 2_000;
    await wrapper.find('[data-test="virtual-list"]').trigger('scroll');

    const older = Array.from({ length: 100 }, (_, index) => ({ id: `old-${index}` }));
    await wrapper.setProps({ items: [...older, ...items] });
    await flushPromises();

    // Row 40 was at the top (40 × 50px); 100 rows of 50px were added above it.
    expect(viewport.scrollTop).toBe(2_000 + 100 * 50);
    expect(wrapper.find('[data-test="item-40"]').exists()).toBe(true);
  });

  it('asks for more when scrolled near either end', async () => {
    const wrapper = renderList();
    await nextTick();
    const viewport = wrapper.find('[data-test="virtual-list"]');

    (viewport.element as HTMLElement).scrollTop = 100;
    await viewport.trigger('scroll');
    expect(wrapper.emitted('reach-start')).toHaveLength(1);
    expect(wrapper.emitted('reach-end')).toBeUndefined(); // near the top only

    (viewport.element as HTMLElement).scrollTop = 10_000 * 50 - 700;
    await viewport.trigger('scroll');
    expect(wrapper.emitted('reach-end')).toHaveLength(1);
  });

  it('appends the new messages of the open conversation when the server says it grew', async () => {
    const newer = [
      makeMessage({ id: '201', text: '第二条', content: { content: '第二条' } }),
      makeMessage({ id: '202', text: '第三条', content: { content: '第三条' } }),
    ];
    let grown = false;
    const fetchMock = vi.fn(async (url: string) => {
      const parsed = new URL(url, 'http://console.test');
      if (parsed.pathname === '/api/conversations/7')
        return jsonResponse(200, makeConversation({ messageCount: grown ? 3 : 1 }));
      if (parsed.pathname === '/api/conversations/7/messages') {
        const after = parsed.searchParams.get('after');
        if (after === '101') return jsonResponse(200, { items: newer, hasOlder: true, hasNewer: false });
        return jsonResponse(200, { items: chat.slice(0, 1), hasOlder: false, hasNewer: false });
      }
      return jsonResponse(404, { code: 'not_found', message: 'Not found', requestId: 'r' });
    });
    vi.stubGlobal('fetch', fetchMock);
    const wrapper = await renderConversation('/audit/conversations/7');
    expect(wrapper.find('[data-test="conversation-count"]').text()).toBe('共 1 条消息');

    grown = true;
    useRealtimeStore().receiveConversationMessages('8');
    await flushPromises();
    expect(wrapper.find('[data-test="message-201"]').exists()).toBe(false);

    useRealtimeStore().receiveConversationMessages('7');
    await vi.waitFor(() => expect(wrapper.find('[data-test="message-202"]').exists()).toBe(true));
    expect(wrapper.find('[data-test="message-101"]').exists()).toBe(true);
    await vi.waitFor(() =>
      expect(wrapper.find('[data-test="conversation-count"]').text()).toBe('共 3 条消息'),
    );
  });
});
