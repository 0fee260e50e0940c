import { defineConfig } from 'vitest/config';

/**
 * One vitest run covers every package. Unit tests sit beside the code; tests that need several parts, a real
 * database or a browser live in tests/. The storage suite runs twice: on MariaDB and on SQLite.
 */
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'shared', include: ['shared/src/**/*.test.ts'] } },
      { test: { name: 'bot', include: ['bot/src/**/*.test.ts'] } },
      { test: { name: 'wecom-sim', include: ['tests/wecom-sim/src/**/*.test.ts'] } },
      'server/vitest.config.ts',
      'console/vitest.config.ts',
      'tests/vitest.config.ts',
    ],
  },
});
