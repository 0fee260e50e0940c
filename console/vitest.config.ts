import { defineConfig, mergeConfig } from 'vitest/config';
import viteConfig from './vite.config';

export default mergeConfig(
  viteConfig,
  defineConfig({
    test: {
      name: 'console',
      environment: 'happy-dom',
      include: ['src/**/*.test.ts'],
      // Element Plus ships ESM that imports CSS; Node cannot load that, so Vite must process it.
      server: { deps: { inline: ['element-plus'] } },
      restoreMocks: true,
      unstubGlobals: true,
      // A page mounted with Element Plus takes 1–4 s on a busy 2-core machine; 5 s left no room.
      testTimeout: 20_000,
    },
  }),
);
