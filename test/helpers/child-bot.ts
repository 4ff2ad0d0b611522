import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { until } from './until.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface ChildBot {
  process: ChildProcess;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  /** Resolves with the exit code (or the signal name) once it has exited. */
  exited: Promise<number | string>;
}

/**
 * Runs the bot from its sources (`src/main.ts` through tsx, so a test needs no build) as its own
 * process, with `env` only. `npm start` runs the same entry point bundled; a test in
 * test/process builds and runs it that way too.
 */
export function spawnBot(env: Record<string, string>): ChildBot {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<number | string>((resolve) => {
    child.on('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'));
  });
  return { process: child, output: () => output, exited };
}

export async function waitForOutput(bot: ChildBot, text: string | RegExp, timeoutMs = 15_000): Promise<void> {
  const matches = () => (typeof text === 'string' ? bot.output().includes(text) : text.test(bot.output()));
  await until(matches, timeoutMs, `child output ${String(text)}`);
}
