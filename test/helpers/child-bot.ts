import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
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
 * test/process builds and runs it that way too. With `logFile`, what it prints goes there, and
 * `output()` reads it without the event loop (for a test that holds its own thread still).
 */
export function spawnBot(env: Record<string, string>, options: { logFile?: string } = {}): ChildBot {
  const file = options.logFile === undefined ? undefined : openSync(options.logFile, 'w');
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: file === undefined ? ['ignore', 'pipe', 'pipe'] : ['ignore', file, file],
  });
  if (file !== undefined) closeSync(file);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<number | string>((resolve) => {
    child.on('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'));
  });
  const logFile = options.logFile;
  return { process: child, output: () => (logFile === undefined ? output : readFileSync(logFile, 'utf8')), exited };
}

export async function waitForOutput(bot: ChildBot, text: string | RegExp, timeoutMs = 15_000): Promise<void> {
  const matches = () => (typeof text === 'string' ? bot.output().includes(text) : text.test(bot.output()));
  await until(matches, timeoutMs, `child output ${String(text)}`);
}
