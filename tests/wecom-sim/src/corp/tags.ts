import type { CorpTag, CorpTagGroup } from './types.js';

/** Corp tag groups and their tags. A group with no tags left is removed, as in WeCom. */
export class CorpTags {
  readonly groups: CorpTagGroup[] = [];

  group(groupId: string): CorpTagGroup | undefined {
    return this.groups.find((g) => g.group_id === groupId);
  }

  groupByName(name: string): CorpTagGroup | undefined {
    return this.groups.find((g) => g.group_name === name);
  }

  tag(tagId: string): { group: CorpTagGroup; tag: CorpTag } | undefined {
    for (const group of this.groups) {
      const tag = group.tags.find((t) => t.id === tagId);
      if (tag) return { group, tag };
    }
    return undefined;
  }

  tagCount(): number {
    return this.groups.reduce((n, g) => n + g.tags.length, 0);
  }

  allTagIds(): string[] {
    return this.groups.flatMap((g) => g.tags.map((t) => t.id));
  }

  /** Removes the tags and groups named; returns every tag id that disappeared. */
  remove(tagIds: readonly string[], groupIds: readonly string[]): Set<string> {
    const gone = new Set<string>();
    for (const groupId of groupIds) {
      const i = this.groups.findIndex((g) => g.group_id === groupId);
      if (i < 0) continue;
      for (const t of this.groups[i]?.tags ?? []) gone.add(t.id);
      this.groups.splice(i, 1);
    }
    for (const tagId of tagIds) {
      const found = this.tag(tagId);
      if (!found) continue;
      found.group.tags = found.group.tags.filter((t) => t.id !== tagId);
      gone.add(tagId);
    }
    for (let i = this.groups.length - 1; i >= 0; i--)
      if (this.groups[i]?.tags.length === 0) this.groups.splice(i, 1);
    return gone;
  }
}
