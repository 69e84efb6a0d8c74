import { defineConfig } from 'vitest/config';

// `npm run test:faults`: the long fault runs (20 kill -9 rounds, a relay receiver down past its
// 5-minute retry). The short versions of the same scenarios are in `npm test` (test/faults/*.test.ts).
export default defineConfig({
  test: {
    include: ['test/faults/**/*.fault.ts'],
    environment: 'node',
    testTimeout: 900_000,
    hookTimeout: 60_000,
    // Each file drives real console processes; one at a time keeps kill timings honest on 2 cores.
    fileParallelism: false,
    maxWorkers: 1,
  },
});
