import { defineConfig } from 'vitest/config';

// `npm run bench`: benchmarks as plain vitest files, one worker so figures are not disturbed.
export default defineConfig({
  test: {
    include: ['bench/**/*.bench.ts'],
    environment: 'node',
    testTimeout: 300_000,
    fileParallelism: false,
    maxWorkers: 1,
  },
});
