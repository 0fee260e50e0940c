import { defineConfig } from 'tsup';

/**
 * Bundles the server with the workspace's own packages (shared, bot) inlined; npm dependencies stay
 * external and load from node_modules. esbuild honours experimentalDecorators but emits no decorator
 * metadata, which is why every column states its type.
 */
export default defineConfig({
  entry: { main: 'src/main.ts', migrate: 'src/migrate.ts' },
  format: ['esm'],
  platform: 'node',
  target: 'node20',
  outDir: 'dist',
  clean: true,
  sourcemap: true,
  splitting: true,
  noExternal: [/^@keeper\//],
});
