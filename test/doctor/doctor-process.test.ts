import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { startFakeCasso } from '../../fakes/casso/server.js';
import { startFakeTelegram } from '../../fakes/telegram/server.js';
import { expectNoSecretIn, SECRETS } from '../config/secrets.js';
import { tempDir } from '../helpers/temp-dir.js';
import { closedAfterEach } from '../helpers/closers.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

const closers = closedAfterEach();

/** `npm run doctor` as an operator runs it: its own process, in a directory that may hold a .env. */
function runDoctorProcess(cwd: string, env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, ['--import', TSX, path.join(ROOT, 'src/doctor/main.ts')], {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, output })));
}

describe('npm run doctor as a process', () => {
  it('exits 0 when every check passes and 1 when one fails, reading .env, printing no secret', async () => {
    const casso = await startFakeCasso({ apiKey: SECRETS.CASSO_API_KEY });
    const telegram = await startFakeTelegram({ token: SECRETS.TELEGRAM_BOT_TOKEN });
    closers.push(casso, telegram);
    casso.addAccount({ accountNumber: '0123456789' });
    telegram.addChat(-1001234, { title: 'Shop' });
    const cwd = await tempDir();
    await writeFile(
      path.join(cwd, '.env'),
      [
        `CASSO_API_KEY=${SECRETS.CASSO_API_KEY}`,
        `CASSO_API_BASE=${casso.url}`,
        `TELEGRAM_BOT_TOKEN=${SECRETS.TELEGRAM_BOT_TOKEN}`,
        `TELEGRAM_API_ROOT=${telegram.url}`,
        'TELEGRAM_CHAT_IDS=-1001234',
        'DATA_DIR=./data',
      ].join('\n'),
    );

    const good = await runDoctorProcess(cwd, {});
    expect(good.output).toMatch(/^CHECK\s+STATUS\s+DETAIL$/m);
    expect(good.output).toMatch(/^casso\s+OK\s+CASSO_API_KEY accepted; sees 1 account/m);
    expect(good.output).toContain(`${path.join(cwd, 'data')} does not exist yet`);
    expect(good.output).toMatch(/All \d+ checks passed\./);
    expect(good.code).toBe(0);

    // The environment wins over .env, as for the bot.
    const bad = await runDoctorProcess(cwd, { TELEGRAM_CHAT_IDS: '-999' });
    expect(bad.output).toMatch(/^telegram chat -999\s+FAIL\s+.*chat not found/m);
    expect(bad.output).toMatch(/1 of \d+ checks FAILED/);
    expect(bad.code).toBe(1);
    expectNoSecretIn(good.output + bad.output);
  }, 30_000);

  it('prints the configuration problems and exits 1 when the configuration is invalid', async () => {
    const cwd = await tempDir();
    const { code, output } = await runDoctorProcess(cwd, { SEPAY_API_TOKEN: SECRETS.SEPAY_API_TOKEN, LOCALE: 'fr' });
    expect(output).toMatch(/Invalid configuration \(1 problem\):\n {2}- LOCALE: "fr" is not one of vi, en/);
    expect(code).toBe(1);
    expectNoSecretIn(output);
  }, 30_000);
});
