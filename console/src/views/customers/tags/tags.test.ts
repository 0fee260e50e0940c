import { afterEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import type { Role } from '@keeper/shared';
import { createTestApp, jsonResponse, makeMe } from '@/test-utils/harness';
import { tagGroups } from '@/test-utils/fixtures';
import { installRequestInterceptors } from '@/api/interceptors';
import { http } from '@/api/request';
import TagsView from './index.vue';

let ejectInterceptors: (() => void) | undefined;

function serve() {
  const fetchMock = vi.fn(async (_url: string, _init?: RequestInit) => jsonResponse(200, tagGroups));
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

/** `toasts`: failed requests toast as in the running console. */
async function renderTags(roles: Role[] = ['admin'], options: { toasts?: boolean } = {}) {
  const app = createTestApp(makeMe(roles));
  if (options.toasts) ejectInterceptors = installRequestInterceptors(http, app.router);
  await app.router.push('/customers/tags');
  const wrapper = mount(TagsView, { global: { plugins: app.plugins }, attachTo: document.body });
  await vi.waitFor(() => expect(wrapper.find('[data-test="tag-group-g1"]').exists()).toBe(true));
  return wrapper;
}

describe('the tags page', () => {
  afterEach(() => {
    ejectInterceptors?.();
    ejectInterceptors = undefined;
    ElMessage.closeAll();
    document.body.innerHTML = '';
  });

  it('lists the groups in WeCom order with each tag and its customer count', async () => {
    serve();
    const wrapper = await renderTags();

    const groups = wrapper
      .findAll('[data-test^="tag-group-g"]')
      .map((group) => group.attributes('data-test'));
    expect(groups).toEqual(['tag-group-g1', 'tag-group-g2']);
    expect(wrapper.find('[data-test="tag-et1"]').text()).toContain('高意向');
    expect(wrapper.find('[data-test="tag-et1"]').text()).toContain('12 位客户');
  });

  it('creates a group with its tags', async () => {
    const fetchMock = serve();
    const wrapper = await renderTags();

    await wrapper.find('[data-test="tags-create-group"]').trigger('click');
    await flushPromises();
    await wrapper.find('input[data-test="tags-form-group-name"]').setValue('来源');
    const names = wrapper
      .findAllComponents({ name: 'ElSelect' })
      .find((component) => component.attributes('data-test') === 'tags-form-names');
    names?.vm.$emit('update:modelValue', ['展会', ' 官网 ']);
    await flushPromises();
    await wrapper.find('[data-test="tags-form-submit"]').trigger('click');

    await vi.waitFor(() =>
      expect(fetchMock.mock.calls.some(([, init]) => init?.method === 'POST')).toBe(true),
    );
    const [url, init] = fetchMock.mock.calls.find(([, request]) => request?.method === 'POST') ?? [];
    expect(url).toBe('/api/tags');
    expect(JSON.parse(String(init?.body))).toEqual({
      groupName: '来源',
      tags: [{ name: '展会' }, { name: '官网' }],
    });
  });

  it('deletes a tag only after confirmation', async () => {
    const fetchMock = serve();
    const wrapper = await renderTags();

    await wrapper.find('[data-test="tag-delete-et6"]').trigger('click');
    await vi.waitFor(() => expect(document.body.textContent).toContain('确定删除标签“低意向”'));
    expect(fetchMock.mock.calls.some(([, init]) => init?.method === 'DELETE')).toBe(false);

    (document.querySelector('.el-message-box__btns .el-button--primary') as HTMLElement).click();

    await vi.waitFor(() =>
      expect(fetchMock.mock.calls.find(([, init]) => init?.method === 'DELETE')?.[0]).toBe('/api/tags/et6'),
    );
  });

  it('says why WeCom refused a delete, and shows the tags as WeCom has them now', async () => {
    let deleted = false;
    const withoutEt6 = tagGroups.map((group) => ({
      ...group,
      tags: group.tags.filter((tag) => tag.id !== 'et6'),
    }));
    vi.stubGlobal(
      'fetch',
      vi.fn(async (_url: string, init?: RequestInit) => {
        if (init?.method !== 'DELETE') return jsonResponse(200, deleted ? withoutEt6 : tagGroups);
        deleted = true;
        return jsonResponse(422, {
          code: 'wecom_rejected',
          message: 'WeCom refused the request (errcode 40068)',
          requestId: 'req-1',
          wecom: { errcode: 40068, errmsg: 'invalid tagid' },
        });
      }),
    );
    // Corp tags are changed by an account that sees the whole corp; WeCom's refusal is what is tested here.
    const wrapper = await renderTags(['admin'], { toasts: true });

    await wrapper.find('[data-test="tag-delete-et6"]').trigger('click');
    await vi.waitFor(() => expect(document.querySelector('.el-message-box__btns')).not.toBeNull());
    (document.querySelector('.el-message-box__btns .el-button--primary') as HTMLElement).click();

    await vi.waitFor(() => expect(document.body.textContent).toContain('企业微信错误码 40068'));
    expect(document.body.textContent).toContain('标签或标签组在企业微信中已不存在');
    await vi.waitFor(() => expect(wrapper.find('[data-test="tag-et6"]').exists()).toBe(false));
  });

  it('is read-only without customers.write', async () => {
    serve();
    const wrapper = await renderTags(['auditor']);

    expect(wrapper.find('[data-test="tags-create-group"]').exists()).toBe(false);
    expect(wrapper.find('[data-test="tag-delete-et1"]').exists()).toBe(false);
  });

  it('is read-only for a manager limited to departments, since corp tags belong to the whole corp', async () => {
    serve();
    const wrapper = await renderTags(['manager']);
    await vi.waitFor(() => expect(wrapper.text()).toContain('高意向'));

    expect(wrapper.find('[data-test="tags-create-group"]').exists()).toBe(false);
    expect(wrapper.find('[data-test="tag-delete-et1"]').exists()).toBe(false);
  });
});
