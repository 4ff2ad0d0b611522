import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readdir, readFile, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { StateLockedError } from '../../src/store/errors.js';
import { lockDataDir } from '../../src/store/files/lock.js';
import { tempDir } from '../helpers/temp-dir.js';
import { until } from '../helpers/until.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** A child process that contends for `lockFile` whenever told (test/helpers/lock-racer.ts); its answers, in order. */
function racer(lockFile: string): { child: ChildProcessWithoutNullStreams; lines: string[]; tell(line: string): void } {
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/helpers/lock-racer.ts', lockFile], { cwd: ROOT, stdio: 'pipe' });
  children.push(child);
  const lines: string[] = [];
  createInterface({ input: child.stdout }).on('line', (line) => lines.push(line));
  return { child, lines, tell: (line) => child.stdin.write(`${line}\n`) };
}

const startTime = async (pid: number) => {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
};

const children: { kill(signal: NodeJS.Signals): boolean }[] = [];
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
    // `sleep 5` never reaps the `sleep 0.3` it inherited: that child stays a zombie. (A child
    // that ended before the shell's exec could be reaped by the shell itself on a busy machine.)
    const parent = spawn('sh', ['-c', 'sleep 0.3 & echo $!; exec sleep 5'], { stdio: ['ignore', 'pipe', 'ignore'] });
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

  it('refuses while a lock file is still empty (another starter between creating and writing it), takes it over once it is old', async () => {
    const lockFile = path.join(await tempDir(), 'bankbell.lock');
    await writeFile(lockFile, '');
    expect(await lockDataDir(lockFile).catch((e: unknown) => e)).toBeInstanceOf(StateLockedError);
    // Left empty for a minute: its starter died before it could write; nobody is writing it.
    const aMinuteAgo = new Date(Date.now() - 60_000);
    await utimes(lockFile, aMinuteAgo, aMinuteAgo);
    const lock = await lockDataDir(lockFile);
    expect(await readFile(lockFile, 'utf8')).toBe(`${process.pid} ${await startTime(process.pid)}`);
    await lock.release();
  });

  it('lets exactly one of several processes racing for a stale lock win, round after round', async () => {
    const dir = await tempDir();
    const lockFile = path.join(dir, 'bankbell.lock');
    const racers = Array.from({ length: 4 }, () => racer(lockFile));
    await until(() => racers.every((r) => r.lines.includes('ready')), 20_000, 'the racers to start');
    for (let round = 0; round < 40; round++) {
      // A lock left by a process that is gone (kill -9), or none at all.
      if (round % 4 !== 3) await writeFile(lockFile, round % 2 === 0 ? '999999999 1' : '999999999');
      const seen = racers.map((r) => r.lines.length);
      for (const r of racers) r.tell('go');
      await until(() => racers.every((r, i) => r.lines.length > (seen[i] ?? 0)), 10_000, `round ${round}'s answers`);
      const answers = racers.map((r, i) => r.lines[seen[i] ?? 0] ?? '');
      expect(answers.filter((a) => a === 'won'), `round ${round}: ${answers.join(', ')}`).toHaveLength(1);
      expect(answers.filter((a) => a !== 'won').every((a) => a === 'refused StateLockedError'), `round ${round}: ${answers.join(', ')}`).toBe(true);
      const winner = racers[answers.indexOf('won')]!;
      const before = winner.lines.length;
      winner.tell('release');
      await until(() => winner.lines.length > before, 10_000, 'the release');
    }
    // No claim or half-made lock is left behind.
    expect(await readdir(dir)).toEqual([]);
  }, 60_000);
});
