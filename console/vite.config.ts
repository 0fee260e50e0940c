import { fileURLToPath, URL } from 'node:url';
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
import AutoImport from 'unplugin-auto-import/vite';
import Components from 'unplugin-vue-components/vite';
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers';

/** The console's own folder: set explicitly so the root vitest run (cwd = repo root) resolves the same paths. */
const root = fileURLToPath(new URL('.', import.meta.url));
const backend = 'http://127.0.0.1:3000';

export default defineConfig({
  root,
  plugins: [
    vue(),
    // Element Plus on demand: components in templates and functional APIs (ElMessage, ElMessageBox) in scripts
    // are imported together with their CSS, so only what the console uses ships.
    AutoImport({ resolvers: [ElementPlusResolver()], dts: 'auto-imports.d.ts' }),
    Components({ resolvers: [ElementPlusResolver()], dts: 'components.d.ts', dirs: [] }),
  ],
  resolve: {
    alias: [
      { find: '@', replacement: fileURLToPath(new URL('./src', import.meta.url)) },
      // The contract is TypeScript source; the alias lets Vite compile it with the console instead of a prebuild.
      {
        find: /^@keeper\/shared$/,
        replacement: fileURLToPath(new URL('../shared/src/index.ts', import.meta.url)),
      },
      {
        find: /^@keeper\/shared\/rule-pattern$/,
        replacement: fileURLToPath(new URL('../shared/src/rule-pattern.ts', import.meta.url)),
      },
    ],
  },
  define: {
    // vue-i18n runs in Composition API mode only; dropping the legacy API keeps the bundle smaller.
    __VUE_I18N_LEGACY_API__: 'false',
    __VUE_I18N_FULL_INSTALL__: 'true',
    __INTLIFY_PROD_DEVTOOLS__: 'false',
  },
  server: {
    port: 5173,
    proxy: {
      '/api': { target: backend, changeOrigin: false },
      '/healthz': { target: backend, changeOrigin: false },
      '/socket.io': { target: backend, ws: true, changeOrigin: false },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1024,
    rollupOptions: {
      // Dependencies carry /*#__PURE__*/ comments where Rollup cannot use them; the warning says nothing about
      // Keeper's code and buried real ones in every build.
      onwarn(warning, warn) {
        if (warning.code !== 'INVALID_ANNOTATION') warn(warning);
      },
    },
  },
});
