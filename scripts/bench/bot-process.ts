import { execSync, spawn } from 'node:child_process';
import { appendFile, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Design } from './designs.js';
import { sleep } from './environment.js';

/** A bot whose providers cannot be reached has done its first poll once it logs the failure. */
const firstPollFailed = (output: string) => output.includes('poll.failed');

/**
 * Starts the bot exactly as `npm start` does (same node flags, the built bundle) on `dataDir`
 * and reads its resident memory once it has loaded the history, polled (`ready` says when), and
 * done `exercise`. In kB.
 */
export async function botProcessRss(
  design: Design,
  dataDir: string,
  extraEnv: Record<string, string>,
  exercise: (pid: number) => Promise<void> = async () => {},
  ready: (output: string) => boolean | Promise<boolean> = firstPollFailed,
): Promise<number> {
  const pkg = JSON.parse(await readFile(path.join(design.root, 'package.json'), 'utf8')) as { scripts: { start: string } };
  const [build, run] = pkg.scripts.start.split(' && ');
  const env = { ...process.env, PATH: `${path.join(design.root, 'node_modules/.bin')}:${process.env.PATH ?? ''}` };
  execSync(build ?? '', { stdio: 'inherit', cwd: design.root, env });
  const [, ...args] = (run ?? '').replace(/^exec /, '').split(' ');
  const child = spawn(process.execPath, args, {
    cwd: design.root,
    env: {
      PATH: process.env.PATH ?? '',
      CASSO_API_KEY: 'AK_CS.bench.unused',
      CASSO_API_BASE: 'http://127.0.0.1:9',
      DATA_DIR: dataDir,
      POLL_CRON: '0 0 1 1 *',
      LOG_LEVEL: 'info',
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let exited = false;
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.on('exit', () => (exited = true));
  // History loaded, first cycle done; a bot that could not start says why instead of a hang.
  while (!(await ready(output))) {
    if (exited) throw new Error(`${design.label}: the bot exited before its first poll:\n${output.slice(-2000)}`);
    await sleep(50);
  }
  await exercise(child.pid ?? NaN);
  await sleep(500);
  const status = await readFile(`/proc/${child.pid}/status`, 'utf8');
  child.kill('SIGTERM');
  await new Promise((resolve) => child.on('exit', resolve));
  // To see why a figure is what it is: BENCH_BOT_LOG=<file> keeps what each bot printed.
  const keep = process.env.BENCH_BOT_LOG;
  if (keep !== undefined && keep !== '') await appendFile(keep, `--- ${design.label}\n${output}`);
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
}

/** A field of /proc/<pid>/status in kB (`VmRSS`, `VmHWM`). */
export async function procStatus(pid: number, field: string): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN);
}
