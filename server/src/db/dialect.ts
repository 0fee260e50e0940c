import { loadConfig } from '../config/config';

export type Dialect = 'mysql' | 'sqlite';

/**
 * The dialect the entities are declared for. Decorators run when entity modules load, so the column
 * helpers need it at import time; it comes from the one configuration parse like everything else.
 */
export const dialect: Dialect = loadConfig().database.dialect;
