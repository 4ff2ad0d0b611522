import { spawn } from 'node:child_process';
import { WORDING as BALANCE_WORDING } from '../../src/commands/balance/wording.js';
import type { TerminalPart } from './terminal-page.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The vi digest header (`4 khoản tiền vào, tổng +2.149.000 ₫`, see src/render/messages.ts). */
const DIGEST_HEADER = /\d+ khoản tiền vào, tổng /;
const BALANCE_HEADER = BALANCE_WORDING.vi.header;

export interface DemoCaptureOptions {
  /** The repository root, where `npm run demo` runs. */
  cwd: string;
  /** How long to wait for the demo's first burst of payments (a digest). */
  digestTimeoutMs: number;
  log(line: string): void;
}

/**
 * Runs `npm run demo` in Vietnamese with its stdin a pipe, as a person would use it: waits for
 * alerts and a digest, types `/balance`, then `exit`. Returns what the terminal showed before
 * `exit`, typed lines included (a pipe does not echo them, a terminal would).
 */
export async function captureDemo({ cwd, digestTimeoutMs, log }: DemoCaptureOptions): Promise<TerminalPart[]> {
  const child = spawn('npm', ['run', '--silent', 'demo'], {
    cwd,
    env: { ...process.env, LOCALE: 'vi', LOG_LEVEL: 'warn' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  let shown = 0;
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', (error) => {
      log(`demo: could not run npm: ${error.message}`);
      resolve();
    });
  });
  const parts: TerminalPart[] = [{ kind: 'input', prompt: '$ ', text: 'LOCALE=vi npm run demo' }];

  async function waitFor(pattern: RegExp | string, timeoutMs: number): Promise<boolean> {
    const from = shown;
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline && child.exitCode === null) {
      const fresh = output.slice(from);
      if (typeof pattern === 'string' ? fresh.includes(pattern) : pattern.test(fresh)) return true;
      await sleep(100);
    }
    return false;
  }
  function type(line: string): void {
    parts.push({ kind: 'output', text: output.slice(shown) });
    shown = output.length;
    parts.push({ kind: 'input', prompt: '> ', text: line });
    child.stdin.write(`${line}\n`);
  }

  try {
    if (!(await waitFor(DIGEST_HEADER, digestTimeoutMs))) log(`demo: no digest within ${digestTimeoutMs / 1000} s, capturing what it printed`);
    // Let the digest's last line arrive before typing under it.
    await sleep(300);
    type('/balance');
    if (!(await waitFor(BALANCE_HEADER, 10_000))) log('demo: /balance got no answer within 10 s');
    await sleep(300);
    // The picture is the screen at this moment, with the prompt waiting for the next command.
    parts.push({ kind: 'output', text: output.slice(shown) }, { kind: 'input', prompt: '> ', text: '' });
    child.stdin.end('exit\n');
    await Promise.race([exited, sleep(15_000)]);
  } finally {
    if (child.exitCode === null && child.signalCode === null) {
      log('demo: still running after exit, interrupting it');
      child.kill('SIGINT');
      await Promise.race([exited, sleep(5_000)]);
    }
  }
  return parts;
}
