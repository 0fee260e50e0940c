import type { Scope } from '@keeper/shared';
import { forbidden } from '../../http/app-error';

/**
 * The departments a scope covers: each listed department with its whole sub-tree. `all` for admins.
 * Department trees are small (thousands at most), so this runs in memory over the full list.
 */
export function departmentsInScope(
  scope: Scope,
  departments: readonly { id: string; parentId: string | null }[],
): 'all' | string[] {
  if (scope.all) return 'all';
  const children = new Map<string, string[]>();
  for (const department of departments) {
    if (department.parentId === null) continue;
    const siblings = children.get(department.parentId) ?? [];
    siblings.push(department.id);
    children.set(department.parentId, siblings);
  }
  const covered = new Set<string>();
  const pending = [...scope.departmentIds];
  while (pending.length > 0) {
    const id = pending.pop()!;
    if (covered.has(id)) continue;
    covered.add(id);
    pending.push(...(children.get(id) ?? []));
  }
  return [...covered].sort();
}

/**
 * Refuses viewers limited to departments. What the whole corp shares (corp tags, rules for the whole corp, the
 * reconciliation of everyone's records) changes only at the hand of someone who sees the whole corp.
 */
export function requireCorpWide(viewer: { scope: Scope }, what: string): void {
  if (!viewer.scope.all) {
    throw forbidden(`${what} affects the whole corp; an account limited to departments cannot change it`);
  }
}
