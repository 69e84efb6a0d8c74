import { defineConfig } from 'vitest/config';
import vue from '@vitejs/plugin-vue';

/**
 * One config, four projects (as NodeCG keeps one test config):
 * - unit: core, renderer components, shell, CLI and integration tests on real sockets and SQLite;
 * - browser: the dashboard and overlays in headless Chromium;
 * - faults: the long fault runs (20 kill -9 rounds, a relay receiver down past its retry);
 * - bench: benchmarks as plain test files, one at a time so figures are not disturbed.
 * `npm test` runs unit + browser; `npm run test:faults` and `npm run bench` the other two.
 */
export default defineConfig({
  // Component tests mount the renderer's .vue files (under happy-dom, chosen per file).
  plugins: [vue()],
  test: {
    environment: 'node',
    // Limits, not pauses: tests end at the event they wait on. A console process's cold start on a
    // loaded 2-core machine can take tens of seconds, so a test that starts one may need that long.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // expect.poll waits on what the page or the console does next; 1 s (vitest's default) is not
    // enough on a loaded 2-core machine.
    expect: { poll: { timeout: 15_000 } },
    // Integration tests open real sockets and SQLite files; 2 cores do best with few workers.
    maxWorkers: 2,
    reporters: ['default'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/browser/**'],
        },
      },
      {
        extends: true,
        test: { name: 'browser', include: ['test/browser/**/*.test.ts'] },
      },
      {
        extends: true,
        test: {
          name: 'faults',
          include: ['test/faults/**/*.fault.ts'],
          testTimeout: 900_000,
          hookTimeout: 60_000,
          // Each file drives real console processes; one at a time keeps kill timings honest on 2 cores.
          fileParallelism: false,
        },
      },
      {
        extends: true,
        test: { name: 'bench', include: ['bench/**/*.bench.ts'], testTimeout: 300_000, fileParallelism: false },
      },
    ],
  },
});
