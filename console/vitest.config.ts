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
    },
  }),
);
