import { execFileSync, spawn } from 'node:child_process';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeCasso, type FakeCasso } from '../../fakes/casso/server.js';
import { spawnBot, waitForOutput, type ChildBot } from '../helpers/child-bot.js';
import { tempDir } from '../helpers/temp-dir.js';
import { until } from '../helpers/until.js';
import { occurrences as count, repeatedMessages } from '../helpers/repeated-messages.js';

const children: ChildBot[] = [];
const fakes: FakeCasso[] = [];
afterEach(async () => {
  for (const child of children.splice(0)) child.process.kill('SIGKILL');
  await Promise.all(fakes.splice(0).map((f) => f.close()));
});

async function setup() {
  const casso = await startFakeCasso();
  fakes.push(casso);
  const account = casso.addAccount({ accountNumber: '1111111111' }).id;
  const dataDir = await tempDir();
  const env = {
    CASSO_API_KEY: casso.apiKey,
    CASSO_API_BASE: casso.url,
    DATA_DIR: dataDir,
    POLL_CRON: '* * * * * *',
    LOG_LEVEL: 'debug',
  };
  const start = () => {
    const child = spawnBot(env);
    children.push(child);
    return child;
  };
  const polls = () => casso.requests.filter((r) => r.path.endsWith('/transactions')).length;
  return { casso, account, dataDir, start, polls };
}


describe('the bot as a process', () => {
  it('loses nothing and repeats at most the message in flight across kill -9 and restart', async () => {
    const { casso, account, start, polls } = await setup();
    const first = start();
    await until(() => polls() >= 2, 20_000, 'two polls');

    const codes = Array.from({ length: 13 }, (_, i) => `KILL-TEST-${String(i).padStart(2, '0')}-X`);
    for (const code of codes.slice(0, 5)) casso.addTransaction(account, { amount: 1_000, description: code });
    for (const code of codes.slice(0, 5)) await waitForOutput(first, code);

    for (const code of codes.slice(5, 10)) casso.addTransaction(account, { amount: 2_000, description: code });
    const seen = polls();
    await until(() => polls() > seen, 5_000, 'a poll of the new batch');
    first.process.kill('SIGKILL');
    expect(await first.exited).toBe('SIGKILL');

    for (const code of codes.slice(10)) casso.addTransaction(account, { amount: 3_000, description: code });
    const second = start();
    for (const code of codes) await until(() => (first.output() + second.output()).includes(code), 20_000, code);
    second.process.kill('SIGTERM');
    expect(await second.exited).toBe(0);

    const all = first.output() + second.output();
    for (const code of codes) expect(count(all, code)).toBeGreaterThanOrEqual(1);
    // At most the message on its way at the kill: one alert, or the digest of the batch.
    const repeats = repeatedMessages(all, codes);
    expect(repeats.longest, `repeated: ${repeats.codes.join(' ')}`).toBeLessThanOrEqual(5);
    expect(repeats.messages, `repeated: ${repeats.codes.join(' ')}`).toBeLessThanOrEqual(1);
    expect(repeats.mostShown).toBeLessThanOrEqual(2);
  }, 60_000);

  it('refuses to start on a damaged state file, naming it, and exits non-zero', async () => {
    const { dataDir, start } = await setup();
    await writeFile(path.join(dataDir, 'state.json'), '{"version":1,');
    const child = start();
    expect(await child.exited).toBe(1);
    expect(child.output()).toContain(path.join(dataDir, 'state.json'));
    expect(child.output()).toMatch(/backup/);
  }, 30_000);

  it('refuses a second bot on the same data directory', async () => {
    const { start } = await setup();
    const first = start();
    await waitForOutput(first, 'bot.started');
    const second = start();
    expect(await second.exited).toBe(1);
    expect(second.output()).toMatch(/another bankbell \(pid \d+\) is running/);
    first.process.kill('SIGTERM');
    expect(await first.exited).toBe(0);
  }, 30_000);

  it('names every bad variable at once and never prints a secret', async () => {
    const child = spawnBot({ CASSO_API_KEY: 'AK_CS.secretsecretsecret', POLL_CRON: 'every minute', LOG_LEVEL: 'loud' });
    children.push(child);
    expect(await child.exited).toBe(1);
    expect(child.output()).toContain('POLL_CRON');
    expect(child.output()).toContain('LOG_LEVEL');
    expect(child.output()).not.toContain('secretsecret');
  }, 30_000);
});

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DIST = path.join(ROOT, 'dist');

/** What a code directory holds after `npm install`: a build no older than the sources. */
function buildIfStale(): void {
  execFileSync(process.execPath, ['scripts/build.mjs', '--if-stale'], { cwd: ROOT, stdio: 'ignore' });
}

describe('npm start', () => {
  it('bundles the bot, the demo, doctor and migrate-state with production dependencies only', async () => {
    buildIfStale();
    const manifest = JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    const bundles = (await readdir(DIST)).filter((name) => name.endsWith('.js'));
    expect(bundles).toEqual(expect.arrayContaining(['main.js', 'demo.js', 'doctor.js', 'migrate-state.js']));
    const imported = new Set<string>();
    for (const name of bundles) {
      const code = await readFile(path.join(DIST, name), 'utf8');
      // Static imports start a line in esbuild's output; dynamic ones are import("…").
      for (const match of code.matchAll(/^import\s[^;]*?from\s*"([^"]+)";|\bimport\(\s*"([^"]+)"\s*\)/gm)) {
        const specifier = match[1] ?? match[2] ?? '';
        if (specifier.startsWith('node:') || specifier.startsWith('.')) continue;
        const parts = specifier.split('/');
        imported.add(specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? ''));
      }
    }
    expect(imported.size).toBeGreaterThan(3);
    for (const name of imported) expect(Object.keys(manifest.dependencies), `${name} is imported at run time`).toContain(name);
  });

  it('runs the install-time build without writing to the code directory, and stops cleanly when SIGTERM reaches npm itself (systemd, docker stop)', async () => {
    const casso = await startFakeCasso();
    fakes.push(casso);
    const dataDir = await tempDir();
    buildIfStale();
    const built = (await stat(path.join(DIST, '.built'))).mtimeMs;
    const files = await readdir(DIST);
    const npm = spawn('npm', ['start'], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        CASSO_API_KEY: casso.apiKey,
        CASSO_API_BASE: casso.url,
        DATA_DIR: dataDir,
        POLL_CRON: '0 0 1 1 *',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    npm.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    npm.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => npm.on('exit', (code) => resolve(code)));
    await until(() => output.includes('bot.started'), 30_000, 'bot.started');
    // At once: a signal right after start must still stop the bot cleanly.
    npm.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output).toContain('bot.stopped');
    // The bot let go of DATA_DIR: nothing is left running on it.
    await expect(readFile(path.join(dataDir, 'bankbell.lock'), 'utf8')).rejects.toThrow();
    // Nothing was rebuilt: the code directory can be read-only (ProtectSystem=strict).
    expect((await stat(path.join(DIST, '.built'))).mtimeMs).toBe(built);
    expect(await readdir(DIST)).toEqual(files);
  }, 60_000);
});
