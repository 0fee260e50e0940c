import { z } from 'zod';
import { externalTagEvent } from '../callbacks/events.js';
import type { Sim } from '../sim.js';
import { type CallbackRef, ref } from './helpers.js';
import { notFound, ScenarioError } from './scenario-error.js';

export const tagChangeInput = z.object({
  action: z.enum(['create', 'update', 'delete', 'shuffle']),
  /** create: a new group (with `tags`) when group_name is given, else tags added to group_id. */
  group_id: z.string().optional(),
  group_name: z.string().max(30).optional(),
  tags: z.array(z.string().min(1).max(30)).optional(),
  /** update/delete of one tag; without it they act on group_id. */
  tag_id: z.string().optional(),
  name: z.string().min(1).max(30).optional(),
  dropCallback: z.boolean().optional(),
});

/** An admin edits corp tags in the admin console: change_external_tag (one event per tag or group touched). */
export function tagChanges(
  sim: Sim,
  raw: z.input<typeof tagChangeInput>,
): { ids: string[]; callbacks: CallbackRef[] } {
  const input = tagChangeInput.parse(raw);
  const state = sim.state;
  const now = sim.clock.nowSec();
  const emit = (
    change: 'create' | 'update' | 'delete' | 'shuffle',
    id: string,
    tagType: 'tag' | 'tag_group',
  ) =>
    ref(
      sim.emit(externalTagEvent(sim.config.corpId, now, change, { Id: id, TagType: tagType }), {
        drop: input.dropCallback === true,
      }),
    );

  if (input.action === 'create') {
    const names = input.tags ?? [];
    if (state.tags.tagCount() + names.length > 3000) throw new ScenarioError(409, 'over 3000 corp tags');
    if (input.group_name) {
      if (names.length === 0) throw new ScenarioError(400, 'a new group needs tags');
      const group = {
        group_id: state.ids.tagId(),
        group_name: input.group_name,
        create_time: now,
        order: 0,
        tags: names.map((name) => ({ id: state.ids.tagId(), name, create_time: now, order: 0 })),
      };
      state.tags.groups.push(group);
      return { ids: [group.group_id], callbacks: [emit('create', group.group_id, 'tag_group')] };
    }
    const group = input.group_id ? state.tags.group(input.group_id) : undefined;
    if (!group) throw notFound(`tag group ${input.group_id ?? ''}`);
    const created = names.map((name) => ({ id: state.ids.tagId(), name, create_time: now, order: 0 }));
    group.tags.push(...created);
    return { ids: created.map((t) => t.id), callbacks: created.map((t) => emit('create', t.id, 'tag')) };
  }

  if (input.tag_id) {
    const found = state.tags.tag(input.tag_id);
    if (!found) throw notFound(`tag ${input.tag_id}`);
    if (input.action === 'update') {
      if (input.name) found.tag.name = input.name;
      return { ids: [input.tag_id], callbacks: [emit('update', input.tag_id, 'tag')] };
    }
    if (input.action === 'delete') {
      state.customers.removeTagEverywhere(state.tags.remove([input.tag_id], []));
      return { ids: [input.tag_id], callbacks: [emit('delete', input.tag_id, 'tag')] };
    }
  }
  const group = input.group_id ? state.tags.group(input.group_id) : undefined;
  if (!group) throw notFound(`tag group ${input.group_id ?? ''}`);
  if (input.action === 'update') {
    if (input.name) group.group_name = input.name;
    return { ids: [group.group_id], callbacks: [emit('update', group.group_id, 'tag_group')] };
  }
  if (input.action === 'delete') {
    state.customers.removeTagEverywhere(state.tags.remove([], [group.group_id]));
    return { ids: [group.group_id], callbacks: [emit('delete', group.group_id, 'tag_group')] };
  }
  // shuffle: the admin reordered the group's tags.
  group.tags.reverse().forEach((t, i) => (t.order = group.tags.length - i));
  return { ids: [group.group_id], callbacks: [emit('shuffle', group.group_id, 'tag_group')] };
}
