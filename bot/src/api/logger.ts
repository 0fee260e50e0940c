/**
 * The logging the client needs, in pino's call shape (`logger.info({ path }, 'message')`), so the server can pass
 * its pino logger or a child of it. The client never passes a token, secret or request body to it.
 */
export interface WeComLogger {
  debug(fields: Record<string, unknown>, message?: string): void;
  info(fields: Record<string, unknown>, message?: string): void;
  warn(fields: Record<string, unknown>, message?: string): void;
}

export const silentLogger: WeComLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
};
