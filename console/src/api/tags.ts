import { tagGroupSchema, type CreateTagsRequest, type EditTagRequest, type TagGroup } from '@keeper/shared';
import { http, type ApiCallOptions, type ResponseSchema } from './request';

/** Every tag endpoint answers with the whole, fresh list of groups. */
const tagGroupListSchema: ResponseSchema<TagGroup[]> = {
  parse(data) {
    if (!Array.isArray(data)) throw new Error('expected an array of tag groups');
    return data.map((group) => tagGroupSchema.parse(group));
  },
};

const ID = encodeURIComponent;

export function getTagGroupsApi(options: ApiCallOptions = {}): Promise<TagGroup[]> {
  return http.get('/api/tags', { schema: tagGroupListSchema, ...options });
}

export function createTagsApi(body: CreateTagsRequest): Promise<TagGroup[]> {
  return http.post('/api/tags', body, { schema: tagGroupListSchema });
}

export function editTagApi(tagId: string, body: EditTagRequest): Promise<TagGroup[]> {
  return http.patch(`/api/tags/${ID(tagId)}`, body, { schema: tagGroupListSchema });
}

export function deleteTagApi(tagId: string): Promise<TagGroup[]> {
  return http.delete(`/api/tags/${ID(tagId)}`, { schema: tagGroupListSchema });
}

export function deleteTagGroupApi(groupId: string): Promise<TagGroup[]> {
  return http.delete(`/api/tag-groups/${ID(groupId)}`, { schema: tagGroupListSchema });
}
