import pg from 'pg';
import { POSTGRES_MISSING, startPostgres, type PostgresServer } from '../../fakes/postgres-server.js';
import { startFakeTelegram, type FakeTelegram } from '../../fakes/telegram/server.js';
import { dayOf } from '../../src/core/zoned-time.js';
import { botProcessRss, procStatus } from './bot-process.js';
import type { Design } from './designs.js';
import { sleep, withTempDir } from './environment.js';
import { info, percentile, report } from './figures.js';

/* `npm run bench pg-history`: a long history in PostgreSQL, as `npm start` runs with DATABASE_URL. */

/**
 * The groups commands are asked in, one after another: a chat's send budget paces the bot's
 * answers in it (a group takes 20 a minute), and what is measured here is the answer, not that pace.
 */
const GROUPS = Array.from({ length: 80 }, (_, i) => String(-1009876543000 - i));
const ZONE = 'Asia/Ho_Chi_Minh';
/** Ten accounts, one payment in ten each: `acc:<its last four digits>` over every day exports 1/10 of the history. */
const ACCOUNTS = 10;
/** 45 days (the retention) up to about now. */
const SPAN_MS = 45 * 86_400_000;
const FIND_QUERIES = ['chuyen tien', '500k', 'DH424242', 'acc:0003 200k', 'nguyen van 12', 'tien dh77 1tr'];

/**
 * The bot with DATABASE_URL and `count` payments stored over 45 days (bulk-inserted with SQL,
 * not through a bot): its RSS after answering, /find p95, /report of one day, /export of a
 * tenth of the history (100 000 rows of 1 000 000), all through a fake Telegram with its limits
 * lifted (what is measured is the bot, not Telegram's pace). Each design gets its own database.
 */
export async function pgHistory(designs: readonly Design[]): Promise<void> {
  if (POSTGRES_MISSING !== null) {
    console.log(`pg-history: skipped (${POSTGRES_MISSING})`);
    return;
  }
  const count = Number(process.env.BENCH_PG_HISTORY ?? 1_000_000);
  const server = await startPostgres();
  try {
    for (const design of designs) {
      // The previous design reads the whole history into memory at start: where it cannot, it is measured with less.
      const sizes = design.current ? [count] : [count, count / 5, count / 10, count / 20];
      for (const [i, size] of sizes.entries()) {
        try {
          await measure(design, server, size);
          break;
        } catch (error) {
          const next = sizes[i + 1];
          if (next === undefined) throw error;
          const why = /ERROR bot\.cannot_start.*/.exec(String(error))?.[0] ?? String(error).slice(0, 300);
          console.log(`[${design.label}] cannot start with ${size.toLocaleString('en')} stored (${why}); measured with ${next.toLocaleString('en')}`);
        }
      }
    }
  } finally {
    await server.stop();
  }
}

async function measure(design: Design, server: PostgresServer, count: number): Promise<void> {
  const url = await server.createDatabase();
  const telegram = await startFakeTelegram({ groupLimitPerMinute: 1_000_000, perChatPerSecond: 1_000, perChatBurst: 1_000, perBotPerSecond: 1_000 });
  const env = { DATABASE_URL: url, TELEGRAM_BOT_TOKEN: telegram.token, TELEGRAM_CHAT_IDS: GROUPS.join(','), TELEGRAM_API_ROOT: telegram.url };
  const label = `${count.toLocaleString('en')} stored`;
  try {
    await withTempDir(async (dataDir) => {
      // A first start makes the design's own tables.
      await botProcessRss(design, dataDir, env);
      const start = Date.now() - SPAN_MS;
      const t0 = performance.now();
      await bulkInsert(url, count, start);
      info(`[${design.label}] bulk insert of ${label} (SQL, with the indexes)`, (performance.now() - t0) / 1000, 's');
      const first = dayOf(start, ZONE);
      const last = dayOf(Date.now(), ZONE);
      const middle = dayOf(start + SPAN_MS / 2, ZONE);
      const figures = { find: [] as number[], report: [] as number[], exportSeconds: NaN, exportRows: 0, peakMb: NaN, startSeconds: NaN };
      const started = performance.now();
      const rss = await botProcessRss(design, dataDir, env, async (pid) => {
        figures.startSeconds = (performance.now() - started) / 1000;
        for (let i = 0; i < 60; i++) figures.find.push(await answerTime(telegram, GROUPS[i] ?? '', `/find ${FIND_QUERIES[i % FIND_QUERIES.length] ?? ''}`));
        for (let i = 0; i < 10; i++) figures.report.push(await answerTime(telegram, GROUPS[60 + i] ?? '', `/report ${middle}`));
        const documents = telegram.documents.length;
        const e0 = performance.now();
        telegram.sendText(GROUPS[70] ?? '', `/export acc:${accountOf(3).slice(-4)} from:${first} to:${last}`);
        while (telegram.documents.length === documents) await sleep(5);
        figures.exportSeconds = (performance.now() - e0) / 1000;
        figures.exportRows = (telegram.documents[documents]?.bytes.toString('utf8').split('\r\n').length ?? 2) - 2;
        figures.peakMb = (await procStatus(pid, 'VmHWM')) / 1024;
      });
      info(`[${design.label}] start with ${label}: until its first poll`, figures.startSeconds, 's');
      report(`RSS of \`npm start\`, DATABASE_URL, ${label}, after /find, /report, /export`, rss / 1024, 'MB', 200, false, design);
      info(`[${design.label}] peak RSS of \`npm start\`, ${label}`, figures.peakMb, 'MB');
      report(`/find over ${label} in PostgreSQL, command to answer p95`, percentile(figures.find, 95), 'ms', 100, false, design);
      FIND_QUERIES.forEach((query, q) => {
        const times = figures.find.filter((_, i) => i % FIND_QUERIES.length === q);
        info(`[${design.label}] /find ${query}: median`, percentile(times, 50), 'ms');
      });
      report(`/report of one day, ${label}, command to answer p95`, percentile(figures.report, 95), 'ms', 200, false, design);
      info(`[${design.label}] /export rows in the document`, figures.exportRows, '');
      report(`/export of ${figures.exportRows.toLocaleString('en')} rows of ${label}: command to document accepted`, figures.exportSeconds, 's', 10, false, design);
    });
  } finally {
    await telegram.close();
  }
}

/** Milliseconds from a command typed in the group to the bot's answer accepted by Telegram. */
async function answerTime(telegram: FakeTelegram, group: string, text: string): Promise<number> {
  const t0 = performance.now();
  telegram.sendText(group, text);
  while (telegram.sentTo(group).length === 0) await sleep(1);
  const ms = performance.now() - t0;
  // Well within the bot's 30 messages a second, and any further part of a long answer arrives first.
  await sleep(50);
  return ms;
}

function accountOf(i: number): string {
  return `0071000${String(i).padStart(6, '0')}`;
}

/**
 * `count` payments, evenly spread from `start` to now, written straight into bankbell_history in
 * batches of SQL (the columns the design's tables have: the search columns where they exist).
 * Contents read like real ones, accented as banks send them; the folded column is what
 * src/search/fold.ts makes of them.
 */
async function bulkInsert(url: string, count: number, start: number): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const columns = new Set(
      (await client.query<{ column_name: string }>("SELECT column_name FROM information_schema.columns WHERE table_name = 'bankbell_history'")).rows.map((r) => r.column_name),
    );
    const step = (Date.now() - start) / count;
    const search = columns.has('folded');
    const batch = 100_000;
    for (let from = 0; from < count; from += batch) {
      await client.query(
        `INSERT INTO bankbell_history (key, tx, alert, stored_at, day${columns.has('answered') ? ', answered' : ''}${search ? ', account, occurred_ms, amount_abs, folded' : ''})
         SELECT 'sepay:' || (2000000 + n), jsonb_build_object(
             'provider', 'sepay', 'providerId', (2000000 + n)::text, 'accountNumber', acc, 'bank', 'MBBank',
             'amount', amount, 'direction', CASE WHEN amount < 0 THEN 'out' ELSE 'in' END,
             'content', 'NGUYEN VAN ' || (n % 997) || ' chuyển tiền DH' || n, 'reference', NULL,
             'occurredAt', to_char(to_timestamp(at / 1000.0) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
             'rawTime', to_char(to_timestamp(at / 1000.0) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
             'balanceAfter', NULL, 'counterparty', NULL, 'code', NULL, 'virtualAccount', NULL),
           false, at, to_char(to_timestamp(at / 1000.0) AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD')
           ${columns.has('answered') ? ', NULL' : ''}
           ${search ? `, acc, at, abs(amount), 'nguyen van ' || (n % 997) || ' chuyen tien dh' || n` : ''}
         FROM (
           SELECT n, '0071000' || lpad((n % ${ACCOUNTS})::text, 6, '0') AS acc,
             ((n % 50) + 1) * 10000 * (CASE WHEN n % 7 = 0 THEN -1 ELSE 1 END) AS amount,
             ($1::bigint + floor(n * $2::float8))::bigint AS at
           FROM generate_series($3::int, $4::int) AS n
         ) AS s`,
        [start, step, from, Math.min(count, from + batch) - 1],
      );
    }
    await client.query('VACUUM ANALYZE bankbell_history');
  } finally {
    await client.end();
  }
}
