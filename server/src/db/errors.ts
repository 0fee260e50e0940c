import { QueryFailedError } from 'typeorm';

const UNIQUE_VIOLATION_CODES = new Set([
  'ER_DUP_ENTRY',
  'SQLITE_CONSTRAINT_UNIQUE',
  'SQLITE_CONSTRAINT_PRIMARYKEY',
]);

/**
 * What mysql2 reports when the database does not answer or the connection to it broke: a query past its
 * time limit, a connection that could not be opened in time or was lost, a command on a dropped connection.
 */
const UNAVAILABLE_CODES = new Set([
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'ETIMEDOUT',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'PROTOCOL_CONNECTION_LOST',
  'SQLITE_BUSY',
]);

/** True when the database could not be reached or did not answer in time (not a fault of the request). */
export function isDatabaseUnavailable(error: unknown): boolean {
  const cause = error instanceof QueryFailedError ? (error.driverError as unknown) : error;
  if (!(cause instanceof Error)) return false;
  const { code, fatal } = cause as Error & { code?: string; fatal?: boolean };
  // mysql2 marks errors that ended the connection as fatal (e.g. a command sent on a connection it closed).
  return (code !== undefined && UNAVAILABLE_CODES.has(code)) || fatal === true;
}

/** True for an insert that hit a unique key, on either dialect. */
export function isUniqueViolation(error: unknown): boolean {
  if (!(error instanceof QueryFailedError)) return false;
  const code = (error.driverError as { code?: string } | undefined)?.code;
  return code !== undefined && UNIQUE_VIOLATION_CODES.has(code);
}
