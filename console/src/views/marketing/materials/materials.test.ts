import { afterEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import type { MaterialInput } from '@keeper/shared';
import { makeMaterial } from '@/test-utils/fixtures';
import { createTestApp, makeMe } from '@/test-utils/harness';
import { requestsTo, serveMarketing } from '@/test-utils/marketing-server';
import MaterialsView from './index.vue';

const library = [
  makeMaterial(),
  makeMaterial({
    id: 'm2',
    kind: 'link',
    title: '会员日活动页',
    url: 'https://example.com/day',
    previewUrl: null,
    fileName: null,
    fileSize: null,
  }),
  makeMaterial({
    id: 'm3',
    kind: 'file',
    title: '价目表',
    fileName: '价目表.pdf',
    fileSize: 3_145_728,
    previewUrl: null,
  }),
];

async function renderLibrary() {
  const fetchMock = serveMarketing({ materials: library });
  const app = createTestApp(makeMe(['marketer']));
  await app.router.push('/marketing/materials');
  const page = mount(MaterialsView, { global: { plugins: app.plugins }, attachTo: document.body });
  await vi.waitFor(() => expect(page.find('[data-test="material-m1"]').exists()).toBe(true));
  await flushPromises();
  return { page, fetchMock };
}

/** Picks a file in the form's file input, as the browser would. */
async function chooseFile(file: File): Promise<void> {
  const input = document.querySelector('input[data-test="material-file"]') as HTMLInputElement;
  Object.defineProperty(input, 'files', { value: [file], configurable: true });
  input.dispatchEvent(new Event('change'));
  await flushPromises();
}

async function openAdd(page: Awaited<ReturnType<typeof renderLibrary>>['page'], kind: string): Promise<void> {
  await page.find('[data-test="materials-add-button"]').trigger('click');
  await vi.waitFor(() =>
    expect(document.querySelector(`[data-test="materials-add-${kind}"]`)).not.toBeNull(),
  );
  (document.querySelector(`[data-test="materials-add-${kind}"]`) as HTMLElement).click();
  await vi.waitFor(() => expect(document.querySelector('[data-test="material-form"]')).not.toBeNull());
  await flushPromises();
}

function fill(testId: string, value: string): void {
  const field = document.querySelector(`[data-test="${testId}"]`) as HTMLInputElement;
  field.value = value;
  field.dispatchEvent(new Event('input'));
}

describe('the materials library', () => {
  afterEach(() => {
    ElMessage.closeAll();
    document.body.innerHTML = '';
  });

  it('shows each material with its thumbnail, kind in words and size', async () => {
    const { page } = await renderLibrary();

    expect(page.find('[data-test="material-m1"] img').attributes('src')).toBe('/api/materials/m1/file');
    expect(page.find('[data-test="material-m1"]').text()).toContain('会员日海报');
    expect(page.find('[data-test="material-m1"]').text()).toContain('图片');
    expect(page.find('[data-test="material-m1"]').text()).toContain('200.0 KB');
    expect(page.find('[data-test="material-m2"]').text()).toContain('https://example.com/day');
    expect(page.find('[data-test="material-m3"]').text()).toContain('3.0 MB');
    expect(page.find('[data-test="material-m3"]').text()).toContain('文件');
  });

  it('asks the server by kind and by title', async () => {
    const { page, fetchMock } = await renderLibrary();
    const lists = () => requestsTo(fetchMock, '/api/materials', 'GET');

    await page.findComponent({ name: 'ElTabs' }).vm.$emit('update:modelValue', 'video');
    await vi.waitFor(() => expect(lists().at(-1)!.query).toMatchObject({ kind: 'video', page: '1' }));

    await page.find('[data-test="materials-search"]').setValue('海报');
    await vi.waitFor(() => expect(lists().at(-1)!.query).toMatchObject({ kind: 'video', q: '海报' }));
  });

  it('uploads an image as multipart: the JSON in `meta`, the bytes in `file`', async () => {
    const { page, fetchMock } = await renderLibrary();
    await openAdd(page, 'image');

    await chooseFile(new File(['png-bytes-here'], '春季海报.png', { type: 'image/png' }));
    // Named after its file.
    expect((document.querySelector('[data-test="material-title"]') as HTMLInputElement).value).toBe(
      '春季海报',
    );
    (document.querySelector('[data-test="material-submit"]') as HTMLElement).click();

    await vi.waitFor(() => expect(requestsTo(fetchMock, '/api/materials', 'POST')).toHaveLength(1));
    const form = requestsTo(fetchMock, '/api/materials', 'POST')[0]!.body as FormData;
    expect(form).toBeInstanceOf(FormData);
    expect(JSON.parse(String(form.get('meta')))).toEqual({
      kind: 'image',
      title: '春季海报',
      description: null,
      url: null,
      appId: null,
      page: null,
    } satisfies MaterialInput);
    expect((form.get('file') as File).name).toBe('春季海报.png');
  });

  it('refuses a file WeCom would refuse, before uploading it', async () => {
    const { page, fetchMock } = await renderLibrary();
    await openAdd(page, 'video');

    await chooseFile(new File(['gif'], 'clip.gif', { type: 'image/gif' }));
    expect(document.body.textContent).toContain('请选择 MP4 视频');
    fill('material-title', '开箱视频');
    await flushPromises();
    (document.querySelector('[data-test="material-submit"]') as HTMLElement).click();
    await flushPromises();
    expect(document.body.textContent).toContain('请选择视频');
    expect(requestsTo(fetchMock, '/api/materials', 'POST')).toHaveLength(0);
  });

  it('adds a link without a cover as plain JSON', async () => {
    const { page, fetchMock } = await renderLibrary();
    await openAdd(page, 'link');

    fill('material-title', '会员日活动页');
    fill('material-url', 'https://example.com/day');
    fill('material-description', '三月八日全场八折');
    await flushPromises();
    (document.querySelector('[data-test="material-submit"]') as HTMLElement).click();

    await vi.waitFor(() => expect(requestsTo(fetchMock, '/api/materials', 'POST')).toHaveLength(1));
    expect(requestsTo(fetchMock, '/api/materials', 'POST')[0]!.body).toEqual({
      kind: 'link',
      title: '会员日活动页',
      description: '三月八日全场八折',
      url: 'https://example.com/day',
      appId: null,
      page: null,
    });
  });

  it('edits the texts only, and deletes after a confirmation', async () => {
    const { page, fetchMock } = await renderLibrary();

    await page.find('[data-test="material-edit-m2"]').trigger('click');
    await vi.waitFor(() => expect(document.querySelector('[data-test="material-form"]')).not.toBeNull());
    await flushPromises();
    expect(document.querySelector('input[data-test="material-file"]')).toBeNull();
    fill('material-title', '会员日活动页（新）');
    await flushPromises();
    (document.querySelector('[data-test="material-submit"]') as HTMLElement).click();
    await vi.waitFor(() => expect(requestsTo(fetchMock, '/api/materials/m2', 'PUT')).toHaveLength(1));
    expect(requestsTo(fetchMock, '/api/materials/m2', 'PUT')[0]!.body).toMatchObject({
      kind: 'link',
      title: '会员日活动页（新）',
      url: 'https://example.com/day',
    });

    await page.find('[data-test="material-delete-m3"]').trigger('click');
    await vi.waitFor(() => expect(document.body.textContent).toContain('删除素材「价目表」吗？'));
    (document.querySelector('.el-message-box__btns .el-button--primary') as HTMLElement).click();
    await vi.waitFor(() => expect(requestsTo(fetchMock, '/api/materials/m3', 'DELETE')).toHaveLength(1));
  });
});
