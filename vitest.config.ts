import { defineConfig } from 'vitest/config';

export default defineConfig({
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
