import {
  materialPageSchema,
  materialSchema,
  type Material,
  type MaterialInput,
  type MaterialListQuery,
  type Page,
} from '@keeper/shared';
import { http, type ApiCallOptions } from './request';

export type MaterialListParams = Partial<MaterialListQuery>;

const ID = encodeURIComponent;

export function getMaterialListApi(
  query: MaterialListParams,
  options: ApiCallOptions = {},
): Promise<Page<Material>> {
  return http.get('/api/materials', { query: { ...query }, schema: materialPageSchema, ...options });
}

/**
 * A new material. With a file (an image, a video, a file, a link's cover, a mini-program's cover) it goes as
 * multipart: `meta` holds the JSON and `file` the bytes; a link without a cover goes as plain JSON.
 */
export function createMaterialApi(meta: MaterialInput, file?: File | Blob | null): Promise<Material> {
  if (!file) return http.post('/api/materials', meta, { schema: materialSchema });
  const form = new FormData();
  form.append('meta', JSON.stringify(meta));
  form.append('file', file, file instanceof File ? file.name : 'upload');
  return http.post('/api/materials', form, { schema: materialSchema });
}

/** Title, description and the link or mini-program fields; the file itself is not replaced. */
export function updateMaterialApi(id: string, body: MaterialInput): Promise<Material> {
  return http.put(`/api/materials/${ID(id)}`, body, { schema: materialSchema });
}

export function deleteMaterialApi(id: string): Promise<void> {
  return http.delete(`/api/materials/${ID(id)}`);
}

/** Where the browser loads a material's file (an image's thumbnail) with the session cookie. */
export function materialFileUrl(id: string): string {
  return http.url(`/api/materials/${ID(id)}/file`);
}
