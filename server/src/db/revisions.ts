import { In, type DataSource, type EntityManager } from 'typeorm';
import { RevisionEntity } from './revision.entity';
import { dialectOf } from './sql';

export const Revision = {
  /** Any audit rule created, edited, enabled, disabled, deleted or seeded. */
  AuditRules: 'audit_rules',
  /** The department tree (a department added, moved, renamed or deleted): rule scopes expand through it. */
  Departments: 'departments',
} as const;
export type Revision = (typeof Revision)[keyof typeof Revision];

/** Moves a revision on, inside the caller's transaction: the change and its bump commit together. */
export async function bumpRevision(manager: EntityManager, name: Revision): Promise<void> {
  const upsert =
    dialectOf(manager.connection) === 'mysql'
      ? 'INSERT INTO revisions (name, value) VALUES (?, 1) ON DUPLICATE KEY UPDATE value = value + 1'
      : 'INSERT INTO revisions (name, value) VALUES (?, 1) ON CONFLICT (name) DO UPDATE SET value = value + 1';
  await manager.query(upsert, [name]);
}

/** The current revisions as one comparable string (a revision never bumped reads 0). */
export async function readRevisions(dataSource: DataSource, names: readonly Revision[]): Promise<string> {
  const rows = await dataSource.getRepository(RevisionEntity).findBy({ name: In([...names]) });
  const value = new Map(rows.map((row) => [row.name, String(row.value)]));
  return names.map((name) => `${name}:${value.get(name) ?? '0'}`).join(',');
}
