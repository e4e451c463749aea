import { defineConfig } from 'vitest/config';
import { resolveFromSource } from './vitest.config.js';

/**
 * `npm run test:reliability`: crash, Redis outage, redelivery, fuzzing, Redis Cluster and shutdown
 * tests (tests/reliability/). One file at a time: they spawn processes and Redis servers, and a 2-core
 * CI machine shared by several of them at once would turn their bounded waits into failures.
 */
export default defineConfig({
  ...resolveFromSource,
  test: {
    include: ['tests/reliability/**/*.test.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 90_000,
  },
});
