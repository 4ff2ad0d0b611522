/**
 * `npm run bench`: the speed and memory figures the issues set targets for, measured on this
 * machine against the in-process fake providers (loopback HTTP, real clients, real store).
 * Prints one line per figure with its target; exits non-zero if a target is missed.
 */
import { execSync, spawn } from 'node:child_process';
import { request } from 'undici';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startBot } from '../src/app.js';
import { answerCommand } from '../src/commands/answer-command.js';
import { createBalanceReader } from '../src/commands/balance-reader.js';
import { searchStoredHistory } from '../src/commands/find/search-index.js';
import { parseConfig } from '../src/config/parse-config.js';
import { silentLogger } from '../src/log/logger.js';
import { Store } from '../src/store/store.js';
import { PostgresStore } from '../src/store/postgres/postgres-store.js';
import type { StateStore } from '../src/store/state-store.js';
import { POSTGRES_MISSING, startPostgres } from '../test/helpers/postgres-server.js';
import { startFakeCasso, type FakeCasso } from '../src/demo/simulated/casso-server.js';
import { startFakeSepay, type FakeSepay } from '../src/demo/simulated/sepay-server.js';
import { freePort } from '../test/helpers/free-port.js';
import { makeTransaction } from '../test/helpers/transactions.js';

interface Figure {
  name: string;
  value: number;
  unit: string;
  target: number;
  /** Whether the target is a ceiling (latency, memory) or a floor (throughput). */
  atLeast: boolean;
}
const figures: Figure[] = [];
const met = (f: Figure) => (f.atLeast ? f.value >= f.target : f.value <= f.target);

function report(name: string, value: number, unit: string, target: number, atLeast = false): void {
  const figure = { name, value, unit, target, atLeast };
  figures.push(figure);
  const bound = `${atLeast ? '≥' : '≤'} ${target} ${unit}`;
  console.log(`${name.padEnd(56)} ${value.toFixed(1).padStart(9)} ${unit.padEnd(4)} (target ${bound}) ${met(figure) ? 'ok' : 'MISSED'}`);
}

/** A figure worth seeing that has no target. */
function info(name: string, value: number, unit: string): void {
  console.log(`${name.padEnd(56)} ${value.toFixed(1).padStart(9)} ${unit.padEnd(4)} (no target)`);
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function withTempDir<T>(run: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(tmpdir(), 'bankbell-bench-'));
  try {
    return await run(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function config(env: Record<string, string>) {
  const parsed = parseConfig({ LOG_LEVEL: 'error', ...env });
  if (!parsed.ok) throw parsed.error;
  return parsed.value;
}

/** A bot that polls both fake providers on `pollCron`, its state in `dataDir` (or `DATABASE_URL` in `extra`). */
function pollingConfig(casso: FakeCasso, sepay: FakeSepay, dataDir: string, pollCron: string, extra: Record<string, string> = {}) {
  return config({
    CASSO_API_KEY: casso.apiKey,
    CASSO_API_BASE: casso.url,
    SEPAY_API_TOKEN: 'test-sepay-token',
    SEPAY_API_BASE: sepay.url,
    DATA_DIR: dataDir,
    POLL_CRON: pollCron,
    ...extra,
  });
}

/** From a transaction appearing at a fake provider to the send call, with a 1-second schedule. */
async function alertLatency(samples: number, state: { name: string; env: Record<string, string> } = { name: '', env: {} }): Promise<void> {
  const casso = await startFakeCasso();
  const sepay = await startFakeSepay();
  const cassoAccount = casso.addAccount({ accountNumber: '1111111111' }).id;
  sepay.addBankAccount({ accountNumber: '2222222222' });
  const appearedAt = new Map<string, number>();
  const latencies: number[] = [];
  await withTempDir(async (dataDir) => {
    const bot = await startBot(
      pollingConfig(casso, sepay, dataDir, '* * * * * *', state.env),
      {
        logger: silentLogger,
        print: (text) => {
          for (const [code, at] of appearedAt) {
            if (text.includes(code)) {
              latencies.push(Date.now() - at);
              appearedAt.delete(code);
            }
          }
        },
      },
    );
    await bot.pollNow();
    for (let i = 0; i < samples; i++) {
      await sleep(300 + Math.random() * 700); // land at random points of the schedule
      const code = `LAT-${i}-X`;
      appearedAt.set(code, Date.now());
      if (i % 2 === 0) casso.addTransaction(cassoAccount, { amount: 10_000, description: code });
      else sepay.addTransaction({ accountNumber: '2222222222', amountIn: 10_000, content: code });
    }
    const deadline = Date.now() + 10_000;
    while (appearedAt.size > 0 && Date.now() < deadline) await sleep(20);
    await bot.stop();
  });
  await casso.close();
  await sepay.close();
  report(`alert latency p50 (${samples} payments, 1 s schedule${state.name})`, percentile(latencies, 50) / 1000, 's', 1.5);
  report(`alert latency p95 (${samples} payments, 1 s schedule${state.name})`, percentile(latencies, 95) / 1000, 's', 1.5);
}

/** 10 000 new transactions over 10 accounts (5 Casso, 5 SePay) until every alert is sent. */
async function catchUp(): Promise<void> {
  const casso = await startFakeCasso();
  const sepay = await startFakeSepay();
  const cassoAccounts = Array.from({ length: 5 }, (_, i) => casso.addAccount({ accountNumber: `10000000${i}` }).id);
  const sepayAccounts = Array.from({ length: 5 }, (_, i) => sepay.addBankAccount({ accountNumber: `20000000${i}` }).account_number);
  let printed = 0;
  await withTempDir(async (dataDir) => {
    const bot = await startBot(
      pollingConfig(casso, sepay, dataDir, '0 0 1 1 *'),
      { logger: silentLogger, print: () => (printed += 1) },
    );
    await bot.pollNow();
    const now = Date.now();
    for (let i = 0; i < 1000; i++) {
      const when = new Date(now - (1000 - i) * 1000); // distinct seconds: pages can be split by date
      for (const id of cassoAccounts) casso.addTransaction(id, { amount: 1_000 + i, description: `CATCHUP ${id} ${i}`, when });
      for (const acc of sepayAccounts) sepay.addTransaction({ accountNumber: acc, amountIn: 1_000 + i, content: `CATCHUP ${acc} ${i}`, date: when });
    }
    const started = performance.now();
    await bot.pollNow();
    while (bot.store.outboxSize > 0) await sleep(10);
    const elapsed = performance.now() - started;
    await bot.stop();
    report('catch-up: 10 000 new over 10 accounts, all sent', elapsed / 1000, 's', 10);
  });
  await casso.close();
  await sepay.close();
}

/** State write per cycle, and memory, with 100 000 transactions stored; then /find over them. */
async function bigHistory(): Promise<void> {
  await withTempDir(async (dataDir) => {
    let store = await Store.open({ dataDir });
    const accounts = ['0123456789', '9876543210', '5555555555'];
    const start = Date.now() - 30 * 86_400_000;
    for (let batch = 0; batch < 100; batch++) {
      const transactions = Array.from({ length: 1000 }, (_, i) => {
        const n = batch * 1000 + i;
        return {
          tx: makeTransaction({
            providerId: String(1_000_000 + n),
            accountNumber: accounts[n % 3] ?? '0',
            amount: ((n % 50) + 1) * 10_000 * (n % 7 === 0 ? -1 : 1),
            content: `NGUYEN VAN ${n % 997} chuyển tiền DH${n}`,
            occurredAt: new Date(start + n * 25_000).toISOString(),
          }),
          alert: false,
        };
      });
      await store.commit({ transactions, destinations: [] });
    }
    await store.close();

    report('RSS of `npm start` with 100 000 stored, no chat', (await botProcessRss(dataDir, {})) / 1024, 'MB', 150);
    // Telegram on (pointed nowhere): the grammY library is loaded too, as in a real deployment.
    const telegram = { TELEGRAM_BOT_TOKEN: '123456:bench-token', TELEGRAM_CHAT_IDS: '-100123', TELEGRAM_API_ROOT: 'http://127.0.0.1:9' };
    report('RSS of `npm start` with 100 000 stored, Telegram on', (await botProcessRss(dataDir, telegram)) / 1024, 'MB', 150);
    store = await Store.open({ dataDir });

    const writes: number[] = [];
    for (let cycle = 0; cycle < 50; cycle++) {
      const transactions = Array.from({ length: 3 }, () => ({ tx: makeTransaction(), alert: true }));
      const t0 = performance.now();
      await store.commit({ transactions, cursors: { 'sepay:v1': String(cycle) }, destinations: ['telegram:-100', 'slack:C1'] });
      writes.push(performance.now() - t0);
    }
    report('state write per cycle p95 (100 000 stored, 3 new)', percentile(writes, 95), 'ms', 20);

    const deps = {
      balances: createBalanceReader({ sources: [], watch: null }),
      search: searchStoredHistory(store),
      render: { timeZone: 'Asia/Ho_Chi_Minh', locale: 'vi' as const },
    };
    const queries = ['chuyen tien', '500k', 'DH4242', 'acc:3210 200k', 'nguyen van 12', 'from:2026-01-01 to:2026-12-31 1tr5'];
    const find = (args: string) => answerCommand({ command: 'find', args, chatId: '1', allowed: true, platform: 'telegram' }, deps);
    // The first search builds the index from the stored history: shown apart, as it happens once.
    const cold = performance.now();
    await find(queries[0] ?? '');
    info('/find first query (builds the index), command to answer', performance.now() - cold, 'ms');
    const times: number[] = [];
    for (let i = 0; i < 120; i++) {
      const args = queries[i % queries.length] ?? '';
      const t0 = performance.now();
      await find(args);
      times.push(performance.now() - t0);
    }
    report('/find over 100 000 stored, command to answer p95', percentile(times, 95), 'ms', 50);
    await store.close();
  });
}

/**
 * Starts the bot exactly as `npm start` does (same node flags, the built bundle) on `dataDir`
 * and reads its resident memory once it has loaded the history and polled. In kB.
 */
async function botProcessRss(dataDir: string, extraEnv: Record<string, string>): Promise<number> {
  const pkg = JSON.parse(await readFile('package.json', 'utf8')) as { scripts: { start: string } };
  const [build, run] = pkg.scripts.start.split(' && ');
  execSync(build ?? '', { stdio: 'inherit' });
  const [, ...args] = (run ?? '').replace(/^exec /, '').split(' ');
  const child = spawn(process.execPath, args, {
    env: {
      PATH: process.env.PATH ?? '',
      CASSO_API_KEY: 'AK_CS.bench.unused',
      CASSO_API_BASE: 'http://127.0.0.1:9',
      DATA_DIR: dataDir,
      POLL_CRON: '0 0 1 1 *',
      LOG_LEVEL: 'info',
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  while (!output.includes('poll.failed')) await sleep(50); // history loaded, first cycle done
  await sleep(500);
  const status = await readFile(`/proc/${child.pid}/status`, 'utf8');
  child.kill('SIGTERM');
  await new Promise((resolve) => child.on('exit', resolve));
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
}

/** SePay webhook deliveries on loopback: time to the send call, and how many per second are stored. */
async function webhooks(): Promise<void> {
  const port = await freePort();
  const key = 'bench-webhook-key';
  const sentAt = new Map<string, number>();
  await withTempDir(async (dataDir) => {
    const bot = await startBot(
      config({ SEPAY_API_TOKEN: 'unused', SEPAY_API_BASE: 'http://127.0.0.1:9', DATA_DIR: dataDir, POLL_CRON: '0 0 1 1 *', WEBHOOK_PORT: String(port), SEPAY_WEBHOOK_API_KEY: key }),
      {
        logger: silentLogger,
        print: (text) => {
          const code = /WH-(\d+)-X/.exec(text)?.[1];
          if (code !== undefined) sentAt.set(code, performance.now());
        },
      },
    );
    const url = `http://127.0.0.1:${port}/webhooks/sepay`;
    const deliver = async (n: number) => {
      const res = await request(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Apikey ${key}` },
        body: JSON.stringify({
          id: 900_000 + n,
          gateway: 'MBBank',
          transactionDate: '2026-11-21 10:40:12',
          accountNumber: '0123456789',
          content: `WH-${n}-X thanh toan`,
          transferType: 'in',
          transferAmount: 150_000,
          accumulated: 0,
          referenceCode: `FT${n}`,
        }),
      });
      await res.body.dump();
      if (res.statusCode !== 200) throw new Error(`webhook answered ${res.statusCode}`);
    };

    // Latency: one delivery at a time, from the POST leaving to the alert's send call.
    const latencies: number[] = [];
    for (let n = 0; n < 100; n++) {
      const t0 = performance.now();
      await deliver(n);
      while (!sentAt.has(String(n))) await sleep(1);
      latencies.push((sentAt.get(String(n)) ?? NaN) - t0);
    }
    report('webhook to send call p95 (100 deliveries, loopback)', percentile(latencies, 95), 'ms', 100);

    // Throughput: 2 000 deliveries, 50 at a time, each answered only once stored on disk.
    const total = 2000;
    let next = 1000;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: 50 }, async () => {
        while (next < 1000 + total) await deliver(next++);
      }),
    );
    const perSecond = total / ((performance.now() - t0) / 1000);
    report('webhook deliveries stored per second (50 concurrent)', perSecond, '/s', 500, true);
    await bot.stop();
  });
}

/** Commits per second on each store: one at a time (polls), and 50 at once (a burst of webhooks); alert latency on PostgreSQL. */
async function stores(): Promise<void> {
  const measure = async (name: string, store: StateStore) => {
    const sequential = 200;
    let t0 = performance.now();
    for (let i = 0; i < sequential; i++) {
      await store.commit({ transactions: [{ tx: makeTransaction(), alert: true }], cursors: { 'sepay:v1': String(i) }, destinations: ['telegram:-100'] });
    }
    info(`${name} commits per second, one at a time`, sequential / ((performance.now() - t0) / 1000), '/s');
    const concurrent = 1000;
    let left = concurrent;
    t0 = performance.now();
    await Promise.all(
      Array.from({ length: 50 }, async () => {
        while (left-- > 0) await store.commit({ transactions: [{ tx: makeTransaction(), alert: true }], destinations: ['telegram:-100'] });
      }),
    );
    info(`${name} commits per second, 50 at once`, concurrent / ((performance.now() - t0) / 1000), '/s');
  };
  await withTempDir(async (dataDir) => {
    const store = await Store.open({ dataDir });
    await measure('DATA_DIR', store);
    await store.close();
  });
  if (POSTGRES_MISSING !== null) {
    console.log(`PostgreSQL store: skipped (${POSTGRES_MISSING})`);
    return;
  }
  // A local server that syncs its commits, as the file store syncs its files.
  const server = await startPostgres({ durable: true });
  try {
    const store = await PostgresStore.open({ url: await server.createDatabase() });
    await measure('PostgreSQL (local)', store);
    await store.close();
    const samples = Number(process.env.BENCH_LATENCY_SAMPLES ?? 30);
    await alertLatency(samples, { name: ', PostgreSQL', env: { DATABASE_URL: await server.createDatabase() } });
  } finally {
    await server.stop();
  }
}

const only = process.argv[2];
if (!only || only === 'history') await bigHistory();
if (!only || only === 'stores') await stores();
if (!only || only === 'webhooks') await webhooks();
if (!only || only === 'catch-up') await catchUp();
if (!only || only === 'latency') await alertLatency(Number(process.env.BENCH_LATENCY_SAMPLES ?? 30));
const missed = figures.filter((f) => !met(f));
console.log(missed.length === 0 ? 'all targets met' : `${missed.length} target(s) missed`);
process.exit(missed.length === 0 ? 0 : 1);
