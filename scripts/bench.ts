/**
 * `npm run bench`: the speed and memory figures the issues set targets for, measured on this
 * machine against the in-process fake providers (loopback HTTP, real clients, real store).
 * Prints one line per figure with its target; exits non-zero if a target is missed.
 */
import { execSync, spawn } from 'node:child_process';
import { request } from 'undici';
import { mkdtemp, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { startBot } from '../src/app/start-bot.js';
import { PLUGINS } from '../src/app/plugins.js';
import { answerCommand } from '../src/commands/answer-command.js';
import { createBalanceReader } from '../src/commands/balance-reader.js';
import { searchStoredHistory } from '../src/commands/find/search-index.js';
import { storedRuleBook } from '../src/commands/rules/rule-book.js';
import { parseConfig } from '../src/config/parse-config.js';
import { silentLogger } from '../src/log/logger.js';
import { PostgresStore } from '../src/store/postgres/postgres-store.js';
import type { StateStore } from '../src/store/state-store.js';
import { Store } from '../src/store/store.js';
import { POSTGRES_MISSING, startPostgres } from '../test/helpers/postgres-server.js';
import { startFakeCasso, type FakeCasso } from '../src/demo/simulated/casso-server.js';
import { startFakeSepay, type FakeSepay } from '../src/demo/simulated/sepay-server.js';
import { startFakeSlack, type FakeSlack } from '../test/fakes/slack-server.js';
import { startFakeTelegram, type FakeTelegram } from '../test/fakes/telegram-server.js';
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

/**
 * The code measured: this tree, and with BENCH_BASELINE=<git revision> also that revision's
 * `src` (extracted to a temporary directory), so both designs are measured in one run on the
 * same machine. Only this tree's figures decide the exit code.
 */
interface Design {
  label: string;
  root: string;
  startBot: typeof startBot;
  /** The design's own reading of the environment: the shape of its configuration is its own. */
  parseConfig: typeof parseConfig;
}

function report(name: string, value: number, unit: string, target: number, atLeast = false, design?: Design): void {
  const figure = { name, value, unit, target, atLeast };
  const counted = design === undefined || design.root === process.cwd();
  if (counted) figures.push(figure);
  const bound = `${atLeast ? '≥' : '≤'} ${target} ${unit}`;
  const label = design ? `[${design.label}] ${name}` : name;
  const verdict = met(figure) ? 'ok' : counted ? 'MISSED' : 'missed';
  console.log(`${label.padEnd(76)} ${value.toFixed(1).padStart(9)} ${unit.padEnd(4)} (target ${bound}) ${verdict}`);
}

/** A figure worth seeing that has no target. */
function info(name: string, value: number, unit: string, design?: Design): void {
  const label = design ? `[${design.label}] ${name}` : name;
  console.log(`${label.padEnd(76)} ${value.toFixed(1).padStart(9)} ${unit.padEnd(4)} (no target)`);
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

function config(env: Record<string, string>, parse: typeof parseConfig = parseConfig) {
  const parsed = parse({ LOG_LEVEL: 'error', ...env }, PLUGINS);
  if (!parsed.ok) throw parsed.error;
  return parsed.value;
}

/** A bot that polls both fake providers on `pollCron`, its state in `dataDir`. */
function pollingConfig(casso: FakeCasso, sepay: FakeSepay, dataDir: string, pollCron: string) {
  return config(pollingEnv(casso, sepay, dataDir, pollCron));
}

function pollingEnv(casso: FakeCasso, sepay: FakeSepay, dataDir: string, pollCron: string): Record<string, string> {
  return {
    CASSO_API_KEY: casso.apiKey,
    CASSO_API_BASE: casso.url,
    SEPAY_API_TOKEN: 'test-sepay-token',
    SEPAY_API_BASE: sepay.url,
    DATA_DIR: dataDir,
    POLL_CRON: pollCron,
  };
}

const GROUP = '-1001234567890';
const CHANNEL = 'C0BENCH';
const SLACK_TOKEN = 'xoxb-bench-token';

/**
 * A fake Telegram and a fake Slack with their real limits on (Telegram: ~1 message/s per chat
 * after a burst of 3, 20 a minute per group, 30/s per bot; Slack: ~1/s per channel after a
 * burst of 3), one group and one channel, and what each shows: when every payment code
 * (`BB<n>Z`, at the start of the content) first became visible.
 */
interface Chats {
  env: Record<string, string>;
  telegram: FakeTelegram;
  slack: FakeSlack;
  /** Code → when the chat accepted the first message showing it. */
  seen: { telegram: Map<string, number>; slack: Map<string, number> };
  scan(): void;
  rateLimited(): { telegram: number; slack: number };
  close(): Promise<void>;
}

async function startChats(): Promise<Chats> {
  const telegram = await startFakeTelegram();
  const slack = await startFakeSlack({ botToken: SLACK_TOKEN });
  slack.invite(CHANNEL);
  const seen = { telegram: new Map<string, number>(), slack: new Map<string, number>() };
  const note = (where: Map<string, number>, text: string, at: number) => {
    for (const [code] of text.matchAll(/BB\d+Z/g)) if (!where.has(code)) where.set(code, at);
  };
  let telegramScanned = 0;
  let slackScanned = 0;
  return {
    env: {
      TELEGRAM_BOT_TOKEN: telegram.token,
      TELEGRAM_CHAT_IDS: GROUP,
      TELEGRAM_API_ROOT: telegram.url,
      SLACK_BOT_TOKEN: SLACK_TOKEN,
      SLACK_SIGNING_SECRET: 'bench-signing-secret',
      SLACK_PORT: String(await freePort()),
      SLACK_API_URL: slack.apiUrl,
      SLACK_CHANNEL_IDS: CHANNEL,
    },
    telegram,
    slack,
    seen,
    scan() {
      for (; telegramScanned < telegram.sent.length; telegramScanned++) {
        const m = telegram.sent[telegramScanned];
        if (m) note(seen.telegram, m.visible, m.at);
      }
      for (; slackScanned < slack.posts.length; slackScanned++) {
        const p = slack.posts[slackScanned];
        if (p) note(seen.slack, `${p.text} ${JSON.stringify(p.blocks)}`, p.at);
      }
    },
    rateLimited: () => ({
      telegram: telegram.errors.filter((e) => e.errorCode === 429).length,
      slack: slack.refusedPosts.filter((r) => r.error === 'rate_limited').length,
    }),
    async close() {
      await telegram.close();
      await slack.close();
    },
  };
}

/** Waits until both chats show every code in `codes` (or `timeoutMs` passed). */
async function untilVisible(chats: Chats, codes: readonly string[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    chats.scan();
    if (codes.every((c) => chats.seen.telegram.has(c) && chats.seen.slack.has(c))) return;
    if (Date.now() > deadline) return;
    await sleep(5);
  }
}

/** When each code became visible in each chat, minus when it appeared (missing: never). */
function delays(chats: Chats, appeared: ReadonlyMap<string, number>) {
  const of = (where: Map<string, number>) => [...appeared].map(([code, at]) => ((where.get(code) ?? Infinity) - at) / 1000);
  return { telegram: of(chats.seen.telegram), slack: of(chats.seen.slack) };
}

/** The bot of `design` polling both fake providers on `pollCron`, posting to both fake chats. */
async function withChatBot(
  design: Design,
  pollCron: string,
  run: (ctx: { casso: FakeCasso; sepay: FakeSepay; chats: Chats; cassoAccount: number; env: Record<string, string> }) => Promise<void>,
  extraEnv: Record<string, string> = {},
): Promise<void> {
  const casso = await startFakeCasso();
  const sepay = await startFakeSepay();
  const chats = await startChats();
  const cassoAccount = casso.addAccount({ accountNumber: '1111111111' }).id;
  sepay.addBankAccount({ accountNumber: '2222222222' });
  await withTempDir(async (dataDir) => {
    const env = { ...pollingEnv(casso, sepay, dataDir, pollCron), ...chats.env, ...extraEnv };
    const bot = await design.startBot(config(env, design.parseConfig), { logger: silentLogger });
    try {
      await bot.pollNow(); // first start: what exists is history
      await run({ casso, sepay, chats, cassoAccount, env });
    } finally {
      await bot.stop();
    }
  });
  await chats.close();
  await casso.close();
  await sepay.close();
}

let codeCounter = 0;
const nextCode = () => `BB${++codeCounter}Z`;

function addPayment(ctx: { casso: FakeCasso; sepay: FakeSepay; cassoAccount: number }, code: string, i: number, when?: Date): void {
  const content = `${code} NGUYEN VAN AN chuyen tien thanh toan don hang ${i}`;
  if (i % 2 === 0) ctx.casso.addTransaction(ctx.cassoAccount, { amount: 10_000 + i, description: content, ...(when ? { when } : {}) });
  else ctx.sepay.addTransaction({ accountNumber: '2222222222', amountIn: 10_000 + i, content, ...(when ? { date: when } : {}) });
}

/** One payment at a time at random points of a 1-second schedule, a few seconds apart. */
async function onePayment(design: Design, samples: number, extraEnv: Record<string, string> = {}): Promise<void> {
  const appeared = new Map<string, number>();
  let chats: Chats | undefined;
  await withChatBot(
    design,
    '* * * * * *',
    async (ctx) => {
      chats = ctx.chats;
      for (let i = 0; i < samples; i++) {
        await sleep(3000 + Math.random() * 1000);
        const code = nextCode();
        appeared.set(code, Date.now());
        addPayment(ctx, code, i);
      }
      await untilVisible(ctx.chats, [...appeared.keys()], 30_000);
    },
    extraEnv,
  );
  if (!chats) return;
  const d = delays(chats, appeared);
  report(`one payment, 1 s schedule: Telegram group p95 (${samples})`, percentile(d.telegram, 95), 's', 1.5, false, design);
  report(`one payment, 1 s schedule: Slack channel p95 (${samples})`, percentile(d.slack, 95), 's', 1.5, false, design);
}

/** Four payments appearing in the same second, three times: the slowest to show in each chat. */
async function fourAtOnce(design: Design): Promise<void> {
  const appeared = new Map<string, number>();
  let chats: Chats | undefined;
  await withChatBot(design, '* * * * * *', async (ctx) => {
    chats = ctx.chats;
    for (let round = 0; round < 3; round++) {
      await sleep(2000 + Math.random() * 1000);
      const now = Date.now();
      const codes = Array.from({ length: 4 }, (_, i) => {
        const code = nextCode();
        appeared.set(code, now);
        addPayment(ctx, code, i);
        return code;
      });
      await untilVisible(ctx.chats, codes, 30_000);
    }
  });
  if (!chats) return;
  const d = delays(chats, appeared);
  report('4 payments in one second: all in the Telegram group (worst of 3)', Math.max(...d.telegram), 's', 2, false, design);
  report('4 payments in one second: all in the Slack channel (worst of 3)', Math.max(...d.slack), 's', 2, false, design);
}

/** Three SePay webhook deliveries 1 s apart: each one's time from delivery to the chat. */
async function webhookBurst(design: Design): Promise<void> {
  const port = await freePort();
  const key = 'bench-webhook-key';
  const appeared = new Map<string, number>();
  let chats: Chats | undefined;
  await withChatBot(
    design,
    '0 0 1 1 *',
    async (ctx) => {
      chats = ctx.chats;
      for (let n = 0; n < 3; n++) {
        if (n > 0) await sleep(1000);
        const code = nextCode();
        appeared.set(code, Date.now());
        const res = await request(`http://127.0.0.1:${port}/webhooks/sepay`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Apikey ${key}` },
          body: JSON.stringify({
            id: 800_000 + codeCounter,
            gateway: 'MBBank',
            transactionDate: '2026-11-21 10:40:12',
            accountNumber: '2222222222',
            content: `${code} thanh toan`,
            transferType: 'in',
            transferAmount: 150_000,
            accumulated: 0,
            referenceCode: `FT${codeCounter}`,
          }),
        });
        await res.body.dump();
      }
      await untilVisible(ctx.chats, [...appeared.keys()], 30_000);
    },
    { WEBHOOK_PORT: String(port), SEPAY_WEBHOOK_API_KEY: key },
  );
  if (!chats) return;
  const d = delays(chats, appeared);
  report('3 webhooks 1 s apart: each in the Telegram group, worst', Math.max(...d.telegram), 's', 1, false, design);
  report('3 webhooks 1 s apart: each in the Slack channel, worst', Math.max(...d.slack), 's', 1, false, design);
}

/** 250 Casso and 250 SePay payments appearing at once, on a 1-second schedule. */
async function fiveHundred(design: Design): Promise<void> {
  const appeared = new Map<string, number>();
  let chats: Chats | undefined;
  await withChatBot(design, '* * * * * *', async (ctx) => {
    chats = ctx.chats;
    const now = Date.now();
    for (let i = 0; i < 500; i++) {
      const code = nextCode();
      appeared.set(code, now);
      addPayment(ctx, code, i, new Date(now - (500 - i) * 1000)); // distinct seconds: pages can split by date
    }
    await untilVisible(ctx.chats, [...appeared.keys()], 120_000);
  });
  if (!chats) return;
  const d = delays(chats, appeared);
  const limited = chats.rateLimited();
  report('500 at once: all in the Telegram group', Math.max(...d.telegram), 's', 15, false, design);
  report('500 at once: all in the Slack channel', Math.max(...d.slack), 's', 15, false, design);
  report('500 at once: 429 answers (Telegram + Slack)', limited.telegram + limited.slack, '', 0, false, design);
  info('500 at once: 429 answers from Telegram', limited.telegram, '', design);
  info('500 at once: messages in the Telegram group', chats.telegram.sentTo(GROUP).length, '', design);
  info('500 at once: messages in the Slack channel', chats.slack.posts.length, '', design);
}

async function chatScenarios(designs: readonly Design[]): Promise<void> {
  const samples = Number(process.env.BENCH_LATENCY_SAMPLES ?? 12);
  for (const design of designs) await onePayment(design, samples);
  for (const design of designs) await fourAtOnce(design);
  for (const design of designs) await webhookBurst(design);
  for (const design of designs) await fiveHundred(design);
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

/** When the 100 000 stored transactions begin: they run from 30 days ago to about now. */
const HISTORY_START = Date.now() - 30 * 86_400_000;

/** Stores 100 000 transactions over three accounts, 25 s apart, into `dataDir`. */
async function storeBigHistory(dataDir: string): Promise<void> {
  const store = await Store.open({ dataDir });
  const accounts = ['0123456789', '9876543210', '5555555555'];
  const start = HISTORY_START;
  for (let batch = 0; batch < 100; batch++) {
    const transactions = Array.from({ length: 1000 }, (_, i) => {
      const n = batch * 1000 + i;
      const tx = makeTransaction({
        providerId: String(1_000_000 + n),
        accountNumber: accounts[n % 3] ?? '0',
        amount: ((n % 50) + 1) * 10_000 * (n % 7 === 0 ? -1 : 1),
        content: `NGUYEN VAN ${n % 997} chuyển tiền DH${n}`,
        occurredAt: new Date(start + n * 25_000).toISOString(),
      });
      // Stored as well (this tree ignores it): the previous design required it to read the history.
      return { tx: Object.assign(tx, { rawTime: tx.occurredAt }), alert: false };
    });
    await store.commit({ transactions, destinations: [] });
  }
  await store.close();
}

/** The p95 of 50 poll cycles' commits of 3 new payments each, alerted to two chats. */
async function stateWriteP95(store: Store): Promise<number> {
  const writes: number[] = [];
  for (let cycle = 0; cycle < 50; cycle++) {
    const transactions = Array.from({ length: 3 }, () => ({ tx: makeTransaction(), alert: true }));
    const t0 = performance.now();
    await store.commit({ transactions, cursors: { 'sepay:v1': String(cycle) }, destinations: ['telegram:-100', 'slack:C1'] });
    writes.push(performance.now() - t0);
  }
  return percentile(writes, 95);
}

/** State write per cycle, and memory, with 100 000 transactions stored; then /find over them. */
async function bigHistory(designs: readonly Design[]): Promise<void> {
  await withTempDir(async (dataDir) => {
    await storeBigHistory(dataDir);
    for (const design of designs) {
      report('RSS of `npm start` with 100 000 stored, no chat', (await botProcessRss(design, dataDir, {})) / 1024, 'MB', 150, false, design);
      // Both chats on, as in a real deployment (both libraries loaded), and one /find answered.
      // The median of three starts: when the garbage collector runs varies by tens of MB.
      const samples: number[] = [];
      for (let run = 0; run < 3; run++) {
        const chats = await startChats();
        samples.push(
          await botProcessRss(design, dataDir, chats.env, async () => {
            chats.telegram.sendText(GROUP, '/find chuyen tien');
            while (chats.telegram.sentTo(GROUP).length === 0) await sleep(50);
          }),
        );
        await chats.close();
      }
      report('RSS of `npm start`, 100 000 stored, Telegram + Slack, after /find (median of 3)', percentile(samples, 50) / 1024, 'MB', 150, false, design);
    }
    const store = await Store.open({ dataDir });
    report('state write per cycle p95 (100 000 stored, 3 new)', await stateWriteP95(store), 'ms', 20);

    const deps = {
      balances: createBalanceReader({ sources: [], watch: null, logger: silentLogger }),
      search: searchStoredHistory(store),
      render: { timeZone: 'Asia/Ho_Chi_Minh', locale: 'vi' as const },
      rules: storedRuleBook(store, () => [{ id: 'telegram:1', platform: 'telegram', target: '1' }]),
      logger: silentLogger,
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
 * and reads its resident memory once it has loaded the history, polled, and done `exercise`. In kB.
 */
async function botProcessRss(
  design: Design,
  dataDir: string,
  extraEnv: Record<string, string>,
  exercise: (pid: number) => Promise<void> = async () => {},
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
  while (!output.includes('poll.failed')) {
    if (exited) throw new Error(`${design.label}: the bot exited before its first poll:\n${output.slice(-2000)}`);
    await sleep(50);
  }
  await exercise(child.pid ?? NaN);
  await sleep(500);
  const status = await readFile(`/proc/${child.pid}/status`, 'utf8');
  child.kill('SIGTERM');
  await new Promise((resolve) => child.on('exit', resolve));
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
}

/** A field of /proc/<pid>/status in kB (`VmRSS`, `VmHWM`). */
async function procStatus(pid: number, field: string): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN);
}

/**
 * `/export` of all 100 000 stored transactions, asked in the Telegram group of the bot as
 * `npm start` runs it (Telegram and Slack on), until the fake Telegram has accepted the whole
 * document: time, and the process's peak RSS while exporting (VmHWM, reset just before). Twice:
 * the first export builds the search index, as the first search after a start does.
 */
async function exportBench(designs: readonly Design[]): Promise<void> {
  for (const design of designs.filter((d) => d.root !== process.cwd())) {
    console.log(`[${design.label}] /export of 100 000 rows: that design has no /export, nothing to measure`);
  }
  if (designs.length === 1) console.log('/export is new: the previous design had no /export, so there is no earlier figure to compare with');
  const design = designs.find((d) => d.root === process.cwd());
  if (!design) return;
  await withTempDir(async (dataDir) => {
    await storeBigHistory(dataDir);
    const chats = await startChats();
    const vn = (epoch: number) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(epoch);
    const query = `/export from:${vn(HISTORY_START)} to:${vn(Date.now())}`;
    const runs: { seconds: number; peakMb: number; beforeMb: number; rows: number; megabytes: number }[] = [];
    try {
      await botProcessRss(design, dataDir, chats.env, async (pid) => {
        for (let run = 0; run < 2; run++) {
          const beforeMb = (await procStatus(pid, 'VmRSS')) / 1024;
          // Writing 5 resets the peak (VmHWM) to the current RSS.
          await writeFile(`/proc/${pid}/clear_refs`, '5');
          const count = chats.telegram.documents.length;
          const t0 = performance.now();
          chats.telegram.sendText(GROUP, query);
          while (chats.telegram.documents.length === count) {
            if (chats.telegram.errors.length > 0) throw new Error(`Telegram refused: ${JSON.stringify(chats.telegram.errors)}`);
            if (chats.telegram.sentTo(GROUP).length > 0) throw new Error(`answered with a message: ${chats.telegram.sentTo(GROUP)[0]?.visible ?? ''}`);
            await sleep(5);
          }
          const seconds = (performance.now() - t0) / 1000;
          const peakMb = (await procStatus(pid, 'VmHWM')) / 1024;
          const bytes = chats.telegram.documents[count]?.bytes ?? Buffer.alloc(0);
          const rows = bytes.toString('utf8').split('\r\n').length - 2;
          runs.push({ seconds, peakMb, beforeMb, rows, megabytes: bytes.length / 1024 / 1024 });
        }
      });
    } finally {
      await chats.close();
    }
    const [cold, warm] = runs;
    if (!cold || !warm) return;
    info(`/export rows in the document (${cold.megabytes.toFixed(1)} MB)`, cold.rows, '');
    report('/export 100 000 rows, first (builds the index): command to document accepted', cold.seconds, 's', 10);
    report('/export 100 000 rows, again: command to document accepted', warm.seconds, 's', 5);
    info('RSS of `npm start` before the first /export', cold.beforeMb, 'MB');
    report('peak RSS of `npm start` during the first /export', cold.peakMb, 'MB', 200);
    report('peak RSS of `npm start` during the second /export', warm.peakMb, 'MB', 200);
  });
}

/** This tree, and the baseline revision's tree when BENCH_BASELINE names one. */
async function loadDesigns(): Promise<Design[]> {
  const current: Design = { label: 'this tree', root: process.cwd(), startBot, parseConfig };
  const baseline = process.env.BENCH_BASELINE;
  if (!baseline) return [current];
  const root = await mkdtemp(path.join(tmpdir(), 'bankbell-baseline-'));
  // Whatever of the build the revision had: its `npm start` may bundle with scripts/build.mjs first.
  const parts = ['src', 'scripts', 'package.json', 'package-lock.json'].filter((part) =>
    execSync(`git ls-tree --name-only ${baseline} ${part}`).toString().trim() !== '',
  );
  execSync(`git archive ${baseline} ${parts.join(' ')} | tar -x -C ${root}`);
  await symlink(path.resolve('node_modules'), path.join(root, 'node_modules'));
  const app = (await import(pathToFileURL(path.join(root, 'src/app.ts')).href)) as { startBot: typeof startBot };
  const configModule = (await import(pathToFileURL(path.join(root, 'src/config/parse-config.ts')).href)) as {
    parseConfig: typeof parseConfig;
  };
  const label = execSync(`git rev-parse --short ${baseline}`).toString().trim();
  return [{ label: `previous ${label}`, root, startBot: app.startBot, parseConfig: configModule.parseConfig }, current];
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
async function stores(design: Design): Promise<void> {
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
    const samples = Number(process.env.BENCH_LATENCY_SAMPLES ?? 10);
    await onePayment({ ...design, label: `${design.label}, PostgreSQL` }, samples, { DATABASE_URL: await server.createDatabase() });
  } finally {
    await server.stop();
  }
}

/**
 * State write per cycle with 10 000 /qr requests made (each paid or expired, as a shop's weeks
 * of them are), against the same write with none: requests kept apart from the state cost it nothing.
 */
async function manyRequests(): Promise<void> {
  await withTempDir(async (dataDir) => {
    const start = Date.now() - 20 * 86_400_000;
    let now = new Date(start);
    const store = await Store.open({ dataDir, now: () => now });
    info('state write per cycle p95 (no /qr request made, 3 new)', await stateWriteP95(store), 'ms');
    const stateSize = async () => (await stat(path.join(dataDir, 'state.json'))).size / 1024;
    const before = await stateSize();
    for (let i = 0; i < 10_000; i++) {
      now = new Date(start + i * 60_000);
      await store.addPaymentRequest({
        code: `QR${String(i).padStart(6, '0')}`,
        accountNumber: '0123456789',
        bank: 'MBBank',
        bin: '970422',
        amount: 250_000,
        note: `ban ${i % 30}`,
        received: 0,
        payments: [],
        status: 'open',
        dest: `telegram:-${i % 20}`,
        messageRef: String(i),
        createdAt: now.toISOString(),
        expiresAt: new Date(now.getTime() + 15 * 60_000).toISOString(),
        revision: 0,
        shown: 0,
      });
      // Every so often what is due expires, its message is edited, and what is done with leaves (as the editor does).
      if (i % 40 === 39) {
        await store.expirePaymentRequests();
        for (const r of store.paymentRequests()) await store.paymentRequestShown(r.code, r.revision);
        now = new Date(now.getTime() + 3 * 3_600_000);
        await store.expirePaymentRequests();
      }
    }
    // Steadier than a time on a busy machine: what they add to each write.
    report('state file growth from 10 000 /qr requests made', (await stateSize()) - before, 'kB', 16);
    report('state write per cycle p95 (10 000 /qr requests made, 3 new)', await stateWriteP95(store), 'ms', 20);
    await store.close();
  });
}

const only = process.argv[2];
const designs = await loadDesigns();
if (!only || only === 'chats') await chatScenarios(designs);
if (!only || only === 'history') await bigHistory(designs);
if (!only || only === 'webhooks') await webhooks();
if (!only || only === 'catch-up') await catchUp();
if (!only || only === 'export') await exportBench(designs);
if (!only || only === 'requests') await manyRequests();
const current = designs.find((design) => design.root === process.cwd());
if (current && (!only || only === 'stores')) await stores(current);
for (const design of designs) if (design.root !== process.cwd()) await rm(design.root, { recursive: true, force: true });
const missed = figures.filter((f) => !met(f));
console.log(missed.length === 0 ? 'all targets met' : `${missed.length} target(s) missed`);
process.exit(missed.length === 0 ? 0 : 1);
