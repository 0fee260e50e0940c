import { defineProject } from 'vitest/config';

/** End-to-end tests: the built server as a real process, the simulator, and Chromium. */
export default defineProject({
  test: {
    name: 'e2e',
    include: ['e2e/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
