import type { CorpTag, CorpTagGroup } from '../../corp/types.js';
import { WecomError } from '../errors.js';
import { customerOr, followOr, memberOr } from '../lookups.js';
import { Params } from '../params.js';
import type { ApiRoute } from '../route.js';

export const MAX_CORP_TAGS = 3000;

function tagView(t: CorpTag): Record<string, unknown> {
  return { id: t.id, name: t.name, create_time: t.create_time, order: t.order };
}

function groupView(g: CorpTagGroup, tags: readonly CorpTag[] = g.tags): Record<string, unknown> {
  return {
    group_id: g.group_id,
    group_name: g.group_name,
    create_time: g.create_time,
    order: g.order,
    tag: tags.map(tagView),
  };
}

export const tagRoutes: ApiRoute[] = [
  {
    method: 'POST',
    path: 'externalcontact/get_corp_tag_list',
    scope: 'contact',
    handle({ sim, body }) {
      const tags = sim.state.tags;
      const tagIds = new Set(body.strList('tag_id'));
      const groupIds = new Set(body.strList('group_id'));
      // tag_id wins over group_id when both are given, as documented.
      if (tagIds.size > 0) {
        return {
          tag_group: tags.groups
            .map((g) => ({ g, hits: g.tags.filter((t) => tagIds.has(t.id)) }))
            .filter(({ hits }) => hits.length > 0)
            .map(({ g, hits }) => groupView(g, hits)),
        };
      }
      const groups = groupIds.size > 0 ? tags.groups.filter((g) => groupIds.has(g.group_id)) : tags.groups;
      return { tag_group: groups.map((g) => groupView(g)) };
    },
  },
  {
    method: 'POST',
    path: 'externalcontact/add_corp_tag',
    scope: 'contact',
    handle({ sim, body }) {
      const state = sim.state;
      const now = sim.clock.nowSec();
      const items = body.list('tag').map((t) => {
        if (typeof t !== 'object' || t === null || Array.isArray(t))
          throw new WecomError(40058, 'tag items must be objects');
        const p = new Params(t as Record<string, unknown>);
        return { name: p.str('name'), order: p.int('order', 0), p };
      });
      if (items.length === 0) throw new WecomError(40058, 'missing tag');
      for (const item of items) item.p.optStr('name', 30);
      if (state.tags.tagCount() + items.length > MAX_CORP_TAGS)
        throw new WecomError(40126, `at most ${MAX_CORP_TAGS} corp tags`);
      const groupId = body.optStr('group_id');
      let group: CorpTagGroup | undefined;
      if (groupId) {
        group = state.tags.group(groupId);
        if (!group) throw new WecomError(40068, `group_id ${groupId}`);
      } else {
        const name = body.str('group_name');
        body.optStr('group_name', 30);
        group = state.tags.groupByName(name);
        if (!group) {
          group = {
            group_id: state.ids.tagId(),
            group_name: name,
            create_time: now,
            order: body.int('order', 0),
            tags: [],
          };
          state.tags.groups.push(group);
        }
      }
      const target = group;
      for (const item of items) {
        if (target.tags.some((t) => t.name === item.name)) throw new WecomError(40071, `tag ${item.name}`);
      }
      const created = items.map((item) => ({
        id: state.ids.tagId(),
        name: item.name,
        create_time: now,
        order: item.order,
      }));
      target.tags.push(...created);
      return { tag_group: groupView(target, created) };
    },
  },
  {
    method: 'POST',
    path: 'externalcontact/edit_corp_tag',
    scope: 'contact',
    handle({ sim, body }) {
      const tags = sim.state.tags;
      const id = body.str('id');
      const name = body.optStr('name', 30);
      const order = body.has('order') ? body.int('order') : undefined;
      const group = tags.group(id);
      const found = group ? undefined : tags.tag(id);
      if (!group && !found) throw new WecomError(40068, `id ${id}`);
      if (group) {
        if (name !== undefined) {
          if (tags.groups.some((g) => g !== group && g.group_name === name)) throw new WecomError(40071);
          group.group_name = name;
        }
        if (order !== undefined) group.order = order;
      } else if (found) {
        if (name !== undefined) {
          if (found.group.tags.some((t) => t !== found.tag && t.name === name)) throw new WecomError(40071);
          found.tag.name = name;
        }
        if (order !== undefined) found.tag.order = order;
      }
      return {};
    },
  },
  {
    method: 'POST',
    path: 'externalcontact/del_corp_tag',
    scope: 'contact',
    handle({ sim, body }) {
      const state = sim.state;
      const tagIds = body.strList('tag_id');
      const groupIds = body.strList('group_id');
      if (tagIds.length === 0 && groupIds.length === 0)
        throw new WecomError(40058, 'tag_id or group_id required');
      for (const id of tagIds) if (!state.tags.tag(id)) throw new WecomError(40068, `tag_id ${id}`);
      for (const id of groupIds) if (!state.tags.group(id)) throw new WecomError(40068, `group_id ${id}`);
      state.customers.removeTagEverywhere(state.tags.remove(tagIds, groupIds));
      return {};
    },
  },
  {
    method: 'POST',
    path: 'externalcontact/mark_tag',
    scope: 'contact',
    handle({ sim, body }) {
      const state = sim.state;
      const userid = body.str('userid', 41009);
      const ext = body.str('external_userid', 41035);
      const add = body.strList('add_tag');
      const remove = body.strList('remove_tag');
      if (add.length === 0 && remove.length === 0)
        throw new WecomError(40058, 'add_tag or remove_tag required');
      memberOr(state, userid);
      customerOr(state, ext);
      const follow = followOr(state, userid, ext);
      for (const id of [...add, ...remove]) if (!state.tags.tag(id)) throw new WecomError(40068, `tag ${id}`);
      const next = new Set(follow.tagIds);
      for (const id of add) next.add(id);
      for (const id of remove) next.delete(id);
      follow.tagIds = [...next];
      return {};
    },
  },
];
