import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transactionKey, type Transaction } from '../../src/core/model.js';
import type { FindResult, MatchOptions, Movement, TransactionSearch } from '../../src/search/history-search.js';
import { parseFindQuery, type FindQuery } from '../../src/search/query.js';
import { openFileStore } from '../../src/store/files/file-store.js';
import type { MemoryStore } from '../../src/store/memory-store.js';
import { FIND_COUNT_CAP } from '../../src/store/postgres/history-queries.js';
import { openPostgresStore } from '../../src/store/postgres/postgres-store.js';
import { POSTGRES_MISSING, startPostgres, type PostgresServer } from '../../fakes/postgres-server.js';
import { makeTransaction } from '../../fakes/transactions.js';
import { tempDir } from '../helpers/temp-dir.js';
import { createLogger } from '../../src/log/logger.js';

let server: PostgresServer;

async function rowsOf(url: string, text: string): Promise<unknown[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text)).rows;
  } finally {
    await client.end();
  }
}

function query(input: string): FindQuery {
  const result = parseFindQuery(input);
  if (!result.ok) throw new Error(`query ${input} did not parse`);
  return result.value;
}

/** Random payments: accented and unaccented words, LIKE's own characters, spaced accounts, equal instants, money out. */
function randomHistory(count: number): Transaction[] {
  let seed = 7;
  const random = (n: number): number => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed % n;
  };
  const pick = <T,>(items: readonly T[]): T => items[random(items.length)] as T;
  const words = ['Chuyển', 'tiền', 'CHUYEN', 'Tie\u0302\u0300n', 'ĐƠN', 'hàng', 'DH10', 'DH104', 'dh1042', 'Nguyễn', 'Văn', 'ưu', 'đãi', '50%', 'a_b', 'c\\d', 'x'];
  const accounts = ['0071000123456789', '1903 6789 0012 34', '5555555555', '12-3456-789'];
  const banks = ['Vietcombank', 'MBBank'];
  const base = Date.UTC(2025, 10, 1);
  return Array.from({ length: count }, (_, i) => {
    const amount = (1 + random(5)) * 100_000 * (random(4) === 0 ? -1 : 1);
    return makeTransaction({
      provider: pick(['sepay', 'casso']),
      providerId: `p${i}`,
      content: Array.from({ length: 1 + random(5) }, () => pick(words)).join(pick([' ', '  ', '\t'])),
      amount,
      direction: amount < 0 ? 'out' : 'in',
      accountNumber: pick(accounts),
      bank: pick(banks),
      // Minutes apart within ten days, often equal (ties go by key), in two ISO spellings.
      occurredAt: new Date(base + random(14_400) * 60_000).toISOString().replace(random(3) === 0 ? '.000Z' : '#', 'Z'),
    });
  });
}

const INPUTS = [
  'chuyen',
  'tien',
  'chuyen tien',
  '"chuyen tien"',
  'tien dh104',
  'dh1042 nguyen',
  'uu dai 200k',
  '300k 500k',
  '50%',
  'a_b',
  'c\\d',
  '%',
  'acc:6789',
  'acc:89',
  'acc:1234 chuyen',
  '05/11/2025',
  'from:03/11/2025 to:06/11/2025 don',
  'to:02/11/2025',
  'from:09/11/2025 100k',
  'nothing-here',
  // More matches than history-queries.ts sorts: met in time order instead.
  'from:01/11/2025',
  'to:30/11/2025',
];

const byKey = (a: Transaction, b: Transaction) => (transactionKey(a) < transactionKey(b) ? -1 : 1);
const sortedMovements = (movements: readonly Movement[]) =>
  [...movements].sort((a, b) => `${a.accountNumber}|${a.bank}|${a.direction}`.localeCompare(`${b.accountNumber}|${b.bank}|${b.direction}`));

async function everyPage(search: TransactionSearch, q: FindQuery, options: MatchOptions) {
  const listing = await search.list(q, options);
  const rows: Transaction[] = [];
  for await (const page of listing.pages()) rows.push(...page);
  return { total: listing.total, oldest: listing.oldest, newest: listing.newest, rows };
}

/**
 * The one place the two legitimately differ: the database counts /find's matches only up to
 * FIND_COUNT_CAP, then says there are more; the in-memory index counts them all.
 */
const countedByDatabase = (found: FindResult): FindResult => (found.total > FIND_COUNT_CAP ? { ...found, total: FIND_COUNT_CAP, more: true } : found);

/** Every answer of both searches to the same question, side by side; how many /find counts matched past the cap. */
async function expectSameAnswers(memory: TransactionSearch, database: TransactionSearch, history: readonly Transaction[]): Promise<{ capped: number; exact: number }> {
  const followed = (account: string) => account !== '5555555555';
  const counts = { capped: 0, exact: 0 };
  for (const input of INPUTS) {
    const q = query(input);
    for (const timeZone of ['Asia/Ho_Chi_Minh', 'UTC']) {
      for (const account of [undefined, followed]) {
        const what = `${input} ${timeZone} ${account ? 'followed' : 'all'}`;
        for (const limit of [0, 3, 10]) {
          const expected = await memory.find(q, { timeZone, limit, account });
          counts[expected.total > FIND_COUNT_CAP ? 'capped' : 'exact']++;
          expect(await database.find(q, { timeZone, limit, account }), `find ${what} ${limit}`).toEqual(countedByDatabase(expected));
        }
        const before = Date.UTC(2025, 10, 4, 12);
        for (const options of [{ timeZone, account }, { timeZone, account, before }]) {
          expect(sortedMovements(await database.tally(q, options)), `tally ${what}`).toEqual(sortedMovements(await memory.tally(q, options)));
        }
        expect(await everyPage(database, q, { timeZone, account }), `list ${what}`).toEqual(await everyPage(memory, q, { timeZone, account }));
      }
    }
  }
  const keys = [...history.slice(0, 50).map(transactionKey), 'sepay:not-stored'];
  expect((await database.stored(keys)).sort(byKey)).toEqual((await memory.stored(keys)).sort(byKey));
  return counts;
}

describe.skipIf(POSTGRES_MISSING !== null)(`History queries in PostgreSQL${POSTGRES_MISSING === null ? '' : ` (skipped: ${POSTGRES_MISSING})`}`, () => {
  beforeAll(async () => {
    server = await startPostgres();
  });
  afterAll(() => server?.stop());

  async function bothStores(
    history: readonly Transaction[],
    options: { before?: (url: string) => Promise<void>; logs?: string[] } = {},
  ): Promise<{ files: MemoryStore; postgres: MemoryStore; url: string }> {
    const url = await server.createDatabase();
    await options.before?.(url);
    const now = () => new Date('2025-11-12T05:00:00Z');
    const logger = createLogger({ level: 'info', write: (line) => options.logs?.push(line) });
    const [files, postgres] = [await openFileStore({ dataDir: await tempDir(), now }), await openPostgresStore({ url, now, refreshMs: 60_000, logger })];
    for (let from = 0; from < history.length; from += 500) {
      const change = { transactions: history.slice(from, from + 500).map((tx) => ({ tx, alert: false })), destinations: [] };
      await files.commit(change);
      await postgres.commit(change);
    }
    return { files, postgres, url };
  }

  it('answers /find, /report, /export and /qr keys exactly as the in-memory index does over the same payments, but counts /find matches only up to its cap', async () => {
    const history = randomHistory(6000);
    const { files, postgres, url } = await bothStores(history);
    const counts = await expectSameAnswers(files.search, postgres.search, history);
    // Both sides of /find's count cap were compared.
    expect(counts.capped).toBeGreaterThan(0);
    expect(counts.exact).toBeGreaterThan(0);
    expect(await rowsOf(url, "SELECT indexdef FROM pg_indexes WHERE indexname = 'bankbell_history_folded'")).toEqual([
      { indexdef: expect.stringContaining('gin (folded gin_trgm_ops)') },
    ]);
    await Promise.all([files.close(), postgres.close()]);
  });

  it('without pg_trgm (here, a function in the way of its install), says so once and answers the same, only slower', async () => {
    const history = randomHistory(300);
    const logs: string[] = [];
    const { files, postgres, url } = await bothStores(history, {
      logs,
      before: (url) => server.sql(url, 'CREATE FUNCTION public.similarity(text, text) RETURNS real LANGUAGE sql AS $$ SELECT 0::real $$'),
    });
    expect(logs.filter((line) => line.includes('history.no_text_index'))).toHaveLength(1);
    expect(await rowsOf(url, "SELECT indexname FROM pg_indexes WHERE indexname = 'bankbell_history_folded'")).toEqual([]);
    await expectSameAnswers(files.search, postgres.search, history);
    await Promise.all([files.close(), postgres.close()]);
  });

  it('fills the search columns of payments stored without them (before they existed, or by an older bankbell) before it answers', async () => {
    const history = randomHistory(600);
    const { files, postgres, url } = await bothStores(history);
    await server.sql(url, 'UPDATE bankbell_history SET account = NULL, occurred_ms = NULL, amount_abs = NULL, folded = NULL WHERE seq % 3 = 0');
    await expectSameAnswers(files.search, postgres.search, history);
    await server.sql(url, 'UPDATE bankbell_history SET account = NULL, occurred_ms = NULL, amount_abs = NULL, folded = NULL');
    await postgres.close();
    const reopened = await openPostgresStore({ url, now: () => new Date('2025-11-12T05:00:00Z'), refreshMs: 60_000 });
    await expectSameAnswers(files.search, reopened.search, history);
    await Promise.all([files.close(), reopened.close()]);
  });
});
