import type { MigrationInterface } from 'typeorm';
import { Initial1795489020930 } from './1795489020930-Initial';
import { WeComInboxAndOrganisation1795489509360 } from './1795489509360-WeComInboxAndOrganisation';
import { CustomerBook1795490411640 } from './1795490411640-CustomerBook';

type MigrationClass = new () => MigrationInterface;

/** The sqlite migrations in the order they run. Add new ones at the end, by hand. */
export const sqliteMigrations: MigrationClass[] = [
  Initial1795489020930,
  WeComInboxAndOrganisation1795489509360,
  CustomerBook1795490411640,
];
