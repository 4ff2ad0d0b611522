import { spawn } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { StateLockedError } from '../../src/store/errors.js';
import { lockDataDir } from '../../src/store/lock.js';
import { tempDir } from '../helpers/temp-dir.js';

const startTime = async (pid: number) => {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
};

const children: ReturnType<typeof spawn>[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

describe.runIf(process.platform === 'linux')('the data directory lock', () => {
  it('refuses while the recorded process runs, with the start time it had', async () => {
    const lockFile = path.join(await tempDir(), 'bankbell.lock');
    await writeFile(lockFile, `${process.ppid} ${await startTime(process.ppid)}`);
    const error = await lockDataDir(lockFile).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StateLockedError);
  });

  it('takes over a lock whose pid now belongs to another process (another start time)', async () => {
    const lockFile = path.join(await tempDir(), 'bankbell.lock');
    await writeFile(lockFile, `${process.ppid} 1`);
    const lock = await lockDataDir(lockFile);
    expect(await readFile(lockFile, 'utf8')).toBe(`${process.pid} ${await startTime(process.pid)}`);
    await lock.release();
  });

  it('takes over a lock held by a zombie (killed, not yet reaped)', async () => {
    // `sleep 5` never reaps the `sleep 0` it inherited: that child stays a zombie.
    const parent = spawn('sh', ['-c', 'sleep 0 & echo $!; exec sleep 5'], { stdio: ['ignore', 'pipe', 'ignore'] });
    children.push(parent);
    const zombie = Number(await new Promise<string>((resolve) => parent.stdout.once('data', (d: Buffer) => resolve(d.toString()))));
    let state = '';
    for (let i = 0; i < 200 && state !== 'Z'; i++) {
      const stat = await readFile(`/proc/${zombie}/stat`, 'utf8');
      state = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0] ?? '';
      if (state !== 'Z') await new Promise((r) => setTimeout(r, 10));
    }
    expect(state).toBe('Z');
    const lockFile = path.join(await tempDir(), 'bankbell.lock');
    await writeFile(lockFile, `${zombie} ${await startTime(zombie)}`);
    const lock = await lockDataDir(lockFile);
    await lock.release();
  });

  it('takes over a lock written by an older bankbell (pid only) whose process is gone', async () => {
    const lockFile = path.join(await tempDir(), 'bankbell.lock');
    await writeFile(lockFile, '999999999');
    const lock = await lockDataDir(lockFile);
    await lock.release();
  });
});
