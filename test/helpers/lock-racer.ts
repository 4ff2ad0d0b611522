import { createInterface } from 'node:readline';
import { lockDataDir, type DataDirLock } from '../../src/store/files/lock.js';

/*
 * A process that contends for a DATA_DIR lock on command, for test/store/lock.test.ts:
 * `go` → it calls lockDataDir(argv[2]) and prints `won` or `refused`; `release` → it releases
 * what it holds and prints `released`. Several of these race for one lock at the same instant.
 */
const lockFile = process.argv[2] ?? '';
let held: DataDirLock | null = null;
const say = (line: string) => process.stdout.write(`${line}\n`);

createInterface({ input: process.stdin }).on('line', (line) => {
  if (line === 'go') {
    lockDataDir(lockFile).then(
      (lock) => {
        held = lock;
        say('won');
      },
      (error: unknown) => say(`refused ${error instanceof Error ? error.name : String(error)}`),
    );
  } else if (line === 'release') {
    const lock = held;
    held = null;
    void (lock?.release() ?? Promise.resolve()).then(() => say('released'));
  }
});
say('ready');
