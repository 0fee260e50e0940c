import pino, { type Logger } from 'pino';
import type { Config } from './config/config';

export type { Logger };

/** JSON logs to stdout; pretty in development. Secrets and message bodies never reach it. */
export function createLogger(config: Pick<Config, 'logLevel' | 'env'>): Logger {
  return pino({
    level: config.logLevel,
    base: { service: 'keeper' },
    redact: {
      paths: [
        'req.headers.cookie',
        'req.headers["x-csrf-token"]',
        '*.password',
        '*.secret',
        '*.access_token',
      ],
      censor: '[redacted]',
    },
    ...(config.env === 'development'
      ? { transport: { target: 'pino-pretty', options: { translateTime: 'SYS:standard' } } }
      : {}),
  });
}
