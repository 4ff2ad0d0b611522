import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Tests start real HTTP servers on free loopback ports; keep parallelism modest for 2-core CI.
    maxWorkers: 2,
  },
});
