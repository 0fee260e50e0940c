import type { AudienceFilter, GroupAudience, OwnerPolicy, StaffAudience, TagCondition } from '@keeper/shared';

/** An audience with no condition: everyone in the caller's departments. */
export function emptyFilter(): AudienceFilter {
  return {
    ownerIds: [],
    ownerDepartmentIds: [],
    tagConditions: [],
    excludeTagIds: [],
    groupChatIds: [],
    addedFrom: undefined,
    addedTo: undefined,
    channels: [],
    silentDays: undefined,
    genders: [],
    includeIds: [],
    excludeIds: [],
  };
}

export function emptyGroupAudience(): GroupAudience {
  return { ownerIds: [], ownerDepartmentIds: [], chatIds: [], nameContains: undefined };
}

export function emptyStaffAudience(): StaffAudience {
  return { memberIds: [], departmentIds: [] };
}

export const DEFAULT_OWNER_POLICY: OwnerPolicy = { policy: 'last_chat' };

/** A copy to edit, every list its own, so the builder never writes into a saved segment or campaign. */
export function cloneFilter(filter: AudienceFilter): AudienceFilter {
  return {
    ...emptyFilter(),
    ...filter,
    ownerIds: [...filter.ownerIds],
    ownerDepartmentIds: [...filter.ownerDepartmentIds],
    tagConditions: filter.tagConditions.map((condition) => ({ ...condition, tagIds: [...condition.tagIds] })),
    excludeTagIds: [...filter.excludeTagIds],
    groupChatIds: [...filter.groupChatIds],
    channels: [...filter.channels],
    genders: [...filter.genders],
    includeIds: [...filter.includeIds],
    excludeIds: [...filter.excludeIds],
  };
}

/**
 * The filter as the server takes it: tag conditions without tags are dropped (a half-built row must not fail
 * the count), empty optional fields left out.
 */
export function normalizeFilter(filter: AudienceFilter): AudienceFilter {
  const tagConditions: TagCondition[] = filter.tagConditions
    .filter((condition) => condition.tagIds.length > 0)
    .map((condition) => ({ mode: condition.mode, tagIds: [...condition.tagIds] }));
  const normalized: AudienceFilter = {
    ...cloneFilter(filter),
    tagConditions,
    channels: filter.channels.map((channel) => channel.trim()).filter(Boolean),
  };
  if (!normalized.addedFrom) delete normalized.addedFrom;
  if (!normalized.addedTo) delete normalized.addedTo;
  if (!normalized.silentDays) delete normalized.silentDays;
  return normalized;
}

/** Whether two filters select the same customers as written (order of ids ignored). */
export function sameFilter(a: AudienceFilter, b: AudienceFilter): boolean {
  return canonical(normalizeFilter(a)) === canonical(normalizeFilter(b));
}

function canonical(filter: AudienceFilter): string {
  const sorted = (list: readonly (string | number)[]) => [...list].map(String).sort();
  return JSON.stringify({
    ownerIds: sorted(filter.ownerIds),
    ownerDepartmentIds: sorted(filter.ownerDepartmentIds),
    tagConditions: filter.tagConditions.map((condition) => [condition.mode, sorted(condition.tagIds)]),
    excludeTagIds: sorted(filter.excludeTagIds),
    groupChatIds: sorted(filter.groupChatIds),
    addedFrom: filter.addedFrom ?? null,
    addedTo: filter.addedTo ?? null,
    channels: sorted(filter.channels),
    silentDays: filter.silentDays ?? null,
    genders: sorted(filter.genders),
    includeIds: sorted(filter.includeIds),
    excludeIds: sorted(filter.excludeIds),
  });
}

/** How many conditions a filter sets, for a segment's summary ("3 个条件"). */
export function conditionCount(filter: AudienceFilter): number {
  return [
    filter.ownerIds.length + filter.ownerDepartmentIds.length > 0,
    ...filter.tagConditions.map(() => true),
    filter.excludeTagIds.length > 0,
    filter.groupChatIds.length > 0,
    Boolean(filter.addedFrom || filter.addedTo),
    filter.channels.length > 0,
    Boolean(filter.silentDays),
    filter.genders.length > 0,
    filter.includeIds.length > 0,
    filter.excludeIds.length > 0,
  ].filter(Boolean).length;
}

/**
 * Ids pasted from a spreadsheet or a chat: split on line breaks, commas (also the Chinese ones), semicolons and
 * spaces, each kept once, in the order given.
 */
export function parseIdList(text: string): string[] {
  const ids = text
    .split(/[\s,，;；、]+/)
    .map((id) => id.trim())
    .filter(Boolean);
  return [...new Set(ids)];
}
