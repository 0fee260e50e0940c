import type { MigrationInterface } from 'typeorm';

import { Initial1795489020930 } from './1795489020930-Initial';
import { ChatArchive1795491640149 } from './1795491640149-ChatArchive';
import { RuleRevisionsAndRescanJobs1795970596272 } from './1795970596272-RuleRevisionsAndRescanJobs';

type MigrationClass = new () => MigrationInterface;

/** The mysql migrations in the order they run. Add new ones at the end, by hand. */
export const mysqlMigrations: MigrationClass[] = [
  Initial1795489020930,
  ChatArchive1795491640149,
  RuleRevisionsAndRescanJobs1795970596272,
];
