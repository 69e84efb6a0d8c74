import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import vue from '@vitejs/plugin-vue';

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        // Two entries: the Electron shell, and the same core under plain Node (headless); and the
        // core's worker threads, built beside them (ConsoleOptions.workerDir).
        input: {
          index: resolve(__dirname, 'electron/main/index.ts'),
          headless: resolve(__dirname, 'electron/main/headless.ts'),
          'pusher-worker': resolve(__dirname, 'electron/core/sources/opentrack/pusher-worker.ts'),
          'checkpoint-worker': resolve(__dirname, 'electron/core/store/checkpoint-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: resolve(__dirname, 'electron/preload/index.ts') },
        // Sandboxed preloads must be CommonJS.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'renderer'),
    plugins: [vue()],
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      emptyOutDir: true,
      rollupOptions: {
        input: { index: resolve(__dirname, 'renderer/index.html'), output: resolve(__dirname, 'renderer/output.html') },
      },
    },
  },
});
