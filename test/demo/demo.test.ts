import { spawn, type ChildProcess } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { WORDING as BALANCE_WORDING } from '../../src/commands/balance/wording.js';
import { messagesFor } from '../../src/render/messages.js';
import { DEMO_ACCOUNTS } from '../../src/demo/scenario.js';
import { parseExport } from '../helpers/parse-csv.js';
import { tempDir } from '../helpers/temp-dir.js';
import { until } from '../helpers/until.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

interface Demo {
  child: ChildProcess;
  output(): string;
  /** The exit code or signal, once it has exited. */
  exitedWith(): number | string | null;
  exited: Promise<number | string>;
  type(line: string): void;
}

const running: Demo[] = [];
afterEach(() => {
  for (const demo of running.splice(0)) demo.child.kill('SIGKILL');
});

/**
 * `npm run demo` as its own process. TMPDIR is the test's, so the demo's temporary data dir
 * can be watched; stdin is a pipe to type into, or /dev/null as under a service manager.
 */
function startDemo(tmp: string, options: { env?: Record<string, string>; stdin: 'pipe' | 'ignore' }): Demo {
  const child = spawn(process.execPath, ['--import', TSX, 'src/demo/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', TMPDIR: tmp, ...options.env },
    stdio: [options.stdin, 'pipe', 'pipe'],
  });
  let output = '';
  let exit: number | string | null = null;
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<number | string>((resolve) =>
    child.on('exit', (code, signal) => {
      exit = code ?? signal ?? 'unknown';
      resolve(exit);
    }),
  );
  const demo: Demo = {
    child,
    output: () => output,
    exitedWith: () => exit,
    exited,
    type: (line) => child.stdin?.write(`${line}\n`),
  };
  running.push(demo);
  return demo;
}

/** Waits for `pattern` in what the demo printed after `from`; returns that part. Fails at once if the demo exited. */
async function printed(demo: Demo, pattern: RegExp, from: number, timeoutMs = 10_000): Promise<string> {
  await until(() => pattern.test(demo.output().slice(from)) || demo.exitedWith() !== null, timeoutMs, `demo output ${String(pattern)}`);
  const text = demo.output().slice(from);
  if (!pattern.test(text)) throw new Error(`the demo exited (${String(demo.exitedWith())}) without printing ${String(pattern)}:\n${demo.output()}`);
  return text;
}

/** The demo's own entries in TMPDIR (tsx keeps a cache there too). */
async function demoDirs(tmp: string): Promise<string[]> {
  return (await readdir(tmp)).filter((name) => name.startsWith('bankbell-demo-'));
}

const vi = messagesFor('vi');

describe('npm run demo', () => {
  it(
    'prints an alert within seconds, answers /balance and /find typed at the prompt, and stops cleanly on Ctrl-C',
    async () => {
      const tmp = await tempDir();
      const demo = startDemo(tmp, { stdin: 'pipe' });

      // The issue asks for an alert within 30 s; the first payment comes right after start.
      const alert = await printed(demo, new RegExp(`${vi.alert.titleIn}[\\s\\S]*${vi.alert.provider}:\\s(Casso|SePay)\\n`), 0, 30_000);
      expect(alert).toMatch(/\+[\d.]+ ₫/);
      expect(alert).toMatch(/DH10\d\d/);
      const dataDirs = await demoDirs(tmp);
      expect(dataDirs).toHaveLength(1);
      expect(demo.output()).toContain(path.join(tmp, dataDirs[0] ?? ''));

      let from = demo.output().length;
      demo.type('/balance');
      const balance = await printed(demo, new RegExp(`${BALANCE_WORDING.vi.header}[\\s\\S]*Tổng 3 tài khoản: [\\d.]+ ₫`), from);
      for (const account of DEMO_ACCOUNTS) expect(balance).toContain(`${account.bank} ${account.accountNumber}`);

      from = demo.output().length;
      demo.type('/find DH');
      // ~20 seeded payments and bills before the bot started: /find has history.
      const found = await printed(demo, /Tìm thấy (\d+) giao dịch, hiển thị 10 giao dịch mới nhất:(?:[\s\S]*?Nguồn:\s(?:Casso|SePay)\n){10}/, from);
      expect(Number(/Tìm thấy (\d+)/.exec(found)?.[1])).toBeGreaterThanOrEqual(12);

      // /export writes its CSV into the demo's data dir and prints the path; it goes at exit with the rest.
      from = demo.output().length;
      demo.type('/export DH');
      const exported = await printed(demo, /(\d+) giao dịch, .*cũ trước mới sau\.\n(\S+\.csv)\n/, from);
      const [, rows = '', file = ''] = /(\d+) giao dịch, .*cũ trước mới sau\.\n(\S+\.csv)\n/.exec(exported) ?? [];
      expect(file.startsWith(path.join(tmp, dataDirs[0] ?? ''))).toBe(true);
      const csv = parseExport(await readFile(file));
      expect(csv.rows).toHaveLength(Number(rows));
      expect(csv.rows.length).toBeGreaterThanOrEqual(Number(/Tìm thấy (\d+)/.exec(found)?.[1]));

      demo.child.kill('SIGINT');
      expect(await demo.exited).toBe(0);
      expect(await demoDirs(tmp)).toEqual([]);
    },
    30_000,
  );

  it(
    'answers /qr with the request and its code drawn in the terminal, and the simulated customer pays it',
    async () => {
      const demo = startDemo(await tempDir(), { stdin: 'pipe' });
      // Ready once the first alert is printed.
      await printed(demo, new RegExp(`${vi.alert.titleIn}[\\s\\S]*${vi.alert.provider}:\\s(Casso|SePay)\\n`), 0, 30_000);
      const from = demo.output().length;
      demo.type('/qr 250k bàn 5');
      const request = await printed(demo, /Mã thanh toán:\s([A-Z0-9]{8})[\s\S]*[▀▄█]{8}/, from, 15_000);
      const code = /Mã thanh toán:\s([A-Z0-9]{8})/.exec(request)?.[1] ?? '';
      expect(request).toContain('250.000 ₫');
      expect(request).toContain('bàn 5');
      await printed(demo, /✅ Đã nhận 250\.000 ₫ từ TRAN THI MAI/, from, 20_000);
      // The payment's own alert (or its line in a digest, under load) names the request; it may print before or after the ✅.
      await printed(demo, new RegExp(`Yêu cầu QR:\\s${code} · bàn 5|· QR ${code} ·`), from, 10_000);
      demo.child.kill('SIGINT');
      expect(await demo.exited).toBe(0);
    },
    45_000,
  );

  it(
    'runs with stdin on /dev/null (a service) until SIGTERM, in the LOCALE asked for, without telling the visitor to set up a chat',
    async () => {
      const tmp = await tempDir();
      // At warn, the level at which the real bot says "no chat configured".
      const demo = startDemo(tmp, { stdin: 'ignore', env: { LOCALE: 'en', LOG_LEVEL: 'warn' } });
      await printed(demo, /Money in[\s\S]*Provider:\s(Casso|SePay)\n/, 0, 30_000);
      expect(await demoDirs(tmp)).toHaveLength(1);
      expect(demo.output()).toContain('Stop it with Ctrl-C (SIGINT) or SIGTERM.');
      expect(demo.output()).not.toMatch(/chat\.none|TELEGRAM_\*|SLACK_\*/);
      demo.child.kill('SIGTERM');
      expect(await demo.exited).toBe(0);
      expect(await demoDirs(tmp)).toEqual([]);
    },
    30_000,
  );
});
