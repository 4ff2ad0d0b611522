import { defineConfig } from 'vitest/config';

/** Files that replace a module with `vi.mock`: they need a module cache of their own. */
const MOCKING = ['test/pipeline/third-chat-summary.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Most tests wait on real servers, timers, chats' paces and child processes, not the CPU: on 2
    // cores, 4 workers took 3 min 27 s with the CPU half used, 6 take 2 min 30 s (70 % used), 8 left
    // the CPU so busy that heavy tests ran out of time.
    maxWorkers: 6,
    projects: [
      { extends: true, test: { name: 'mocking', include: MOCKING } },
      // Every other file shares its worker's modules with the files run before it: importing the bot
      // anew for each of ~120 files was most of the suite's CPU time on 2 cores. Tests keep no state
      // in modules (fakes and bots are started per test), so sharing them changes no outcome.
      { extends: true, test: { name: 'shared', include: ['test/**/*.test.ts'], exclude: MOCKING, isolate: false } },
    ],
  },
});
