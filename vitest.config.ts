import { defineConfig } from 'vitest/config';
import vue from '@vitejs/plugin-vue';

export default defineConfig({
  // Component tests mount the renderer's .vue files (under happy-dom, chosen per file).
  plugins: [vue()],
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // Limits, not pauses: tests end at the event they wait on. A console process's cold start on a
    // loaded 2-core machine can take tens of seconds, so a test that starts one may need that long.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Integration tests open real sockets and SQLite files; 2 cores do best with few workers.
    maxWorkers: 2,
    reporters: ['default'],
  },
});
