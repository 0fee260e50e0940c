import { defineConfig } from 'vitest/config';

const serverSetup = ['server/src/test/setup-database.ts'];

/**
 * One vitest run covers every package. Unit tests sit beside the code; tests that need several parts, a real
 * database or a browser live in tests/. Server tests run on MariaDB; the storage suite runs on SQLite too.
 */
export default defineConfig({
  test: {
    globalSetup: ['server/src/test/global-setup.ts'],
    projects: [
      { test: { name: 'shared', include: ['shared/src/**/*.test.ts'] } },
      { test: { name: 'bot', include: ['bot/src/**/*.test.ts'] } },
      { test: { name: 'wecom-sim', include: ['tests/wecom-sim/src/**/*.test.ts'] } },
      {
        test: {
          name: 'server',
          include: ['server/src/**/*.test.ts'],
          setupFiles: serverSetup,
          env: { KEEPER_TEST_DIALECT: 'mysql' },
          testTimeout: 20_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'storage-sqlite',
          include: ['server/src/**/*.storage.test.ts', 'server/src/modules/**/*.test.ts'],
          setupFiles: serverSetup,
          env: { KEEPER_TEST_DIALECT: 'sqlite' },
          testTimeout: 20_000,
          hookTimeout: 60_000,
        },
      },
      'console/vitest.config.ts',
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          setupFiles: serverSetup,
          env: { KEEPER_TEST_DIALECT: 'mysql' },
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          testTimeout: 90_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
