import { defineConfig } from 'tsup';

/**
 * Bundles the server with the workspace's own packages (shared, bot) inlined; npm dependencies stay
 * external and load from node_modules. esbuild honours experimentalDecorators but emits no decorator
 * metadata, which is why every column states its type.
 */
export default defineConfig({
  entry: {
    main: 'src/main.ts',
    migrate: 'src/migrate.ts',
    // The Finance SDK runs in a child process with worker threads of its own: they need files to start from.
    'finance-sdk-host': '../bot/src/archive/finance-sdk-host.ts',
    'finance-sdk-worker': '../bot/src/archive/finance-sdk-worker.ts',
  },
  format: ['esm'],
  platform: 'node',
  target: 'node20',
  outDir: 'dist',
  clean: true,
  sourcemap: true,
  splitting: true,
  noExternal: [/^@keeper\//],
});
