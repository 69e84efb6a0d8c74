import { defineConfig } from 'vitest/config';
import vue from '@vitejs/plugin-vue';

export default defineConfig({
  // Component tests mount the renderer's .vue files (under happy-dom, chosen per file).
  plugins: [vue()],
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Integration tests open real sockets and SQLite files; 2 cores do best with few workers.
    maxWorkers: 2,
    reporters: ['default'],
  },
});
