import type pg from 'pg';
import { z } from 'zod';
import { Direction, Transaction } from '../../core/model.js';
import {
  accountEndsWith,
  LISTING_PAGE,
  timeBounds,
  type FindResult,
  type Listing,
  type MatchOptions,
  type Movement,
  type TransactionSearch,
} from '../../search/history-search.js';
import type { FindQuery } from '../../search/query.js';
import { foldStoredHistory } from './fold-history.js';
import { parseRows } from './rows.js';

const TxRow = z.object({ tx: Transaction });
const PageRow = z.object({ tx: Transaction, occurred_ms: z.coerce.number(), key: z.string() });
const CountRow = z.object({ n: z.coerce.number().int(), top: z.coerce.number().int().nullable() });
const AccountRow = z.object({ account: z.string() });
const MovementRow = z
  .object({ account: z.string(), bank: z.string(), direction: Direction, n: z.coerce.number().int(), total: z.coerce.number() })
  .transform((r): Movement => ({ accountNumber: r.account, bank: r.bank, direction: r.direction, count: r.n, total: r.total }));

/**
 * Newest first as the in-memory index orders: by instant, then by key compared as JavaScript
 * compares strings. `few`: the matches are few, and are better found through the filters' own
 * indexes and sorted than by walking the whole history in time order for them (`+ 0` keeps the
 * planner from taking the time index for the order).
 */
const newestFirst = (few: boolean) => `ORDER BY occurred_ms${few ? ' + 0' : ''} DESC, key COLLATE "C" DESC`;
const oldestFirst = (few: boolean) => `ORDER BY occurred_ms${few ? ' + 0' : ''}, key COLLATE "C"`;
/** Up to this many matches, a listing sorts them rather than meeting them in time order (see `newestFirst`). */
const FEW = 5_000;
/**
 * /find counts its matches up to this many; past it, its answer says "more than" this. An exact
 * count reads every matching row, and no index helps when a search matches much of the history:
 * a million matches take the server about a second, a count that stops here a few milliseconds.
 * Past a thousand the number tells the person no more than that (narrow the search, or /export).
 */
export const FIND_COUNT_CAP = 1_000;

/** A query's filters as SQL conditions over bankbell_history, with their parameters. */
class Conditions {
  readonly params: unknown[] = [];
  private readonly conditions: string[] = [];

  /** Adds a condition; `$` in it stands for the value's parameter. */
  add(condition: string, value?: unknown): this {
    if (value === undefined) {
      this.conditions.push(condition);
    } else {
      this.params.push(value);
      this.conditions.push(condition.replace('$', `$${this.params.length}`));
    }
    return this;
  }

  get sql(): string {
    return this.conditions.length === 0 ? 'TRUE' : this.conditions.join(' AND ');
  }
}

/** `%`, `_` and the escape itself match themselves in a LIKE pattern. */
function likeContaining(term: string): string {
  return `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * The stored history as the database answers it: every filter of a /find query is a condition
 * on an indexed column (folded content with pg_trgm where the server has it, instant, account,
 * amount), so that nothing of the history need be in memory. Gives what the in-memory index
 * gives for the same rows (test/store/history-queries.test.ts runs both).
 */
export function searchDatabase(pool: pg.Pool): TransactionSearch {
  /** The conditions of a query; null when no stored account can match it. */
  async function conditionsOf(query: FindQuery, options: MatchOptions): Promise<Conditions | null> {
    await foldStoredHistory(pool);
    const where = new Conditions();
    for (const term of query.text) where.add('folded LIKE $', likeContaining(term));
    if (query.amounts.length > 0) where.add('amount_abs = ANY($::bigint[])', query.amounts);
    const { lower, upper } = timeBounds(query, options.timeZone);
    if (lower !== -Infinity) where.add('occurred_ms >= $', lower);
    if (upper !== Infinity) where.add('occurred_ms < $', upper);
    const { accountSuffix: suffix } = query;
    const followed = options.account;
    if (suffix !== null || followed !== undefined) {
      // A chat's accounts are a rule on account numbers: applied to the few accounts stored.
      const accepted = (await storedAccounts(pool)).filter((a) => (suffix === null || accountEndsWith(a, suffix)) && (followed?.(a) ?? true));
      if (accepted.length === 0) return null;
      where.add('account = ANY($::text[])', accepted);
    }
    return where;
  }

  async function page(where: Conditions, order: string, limit: number): Promise<Transaction[]> {
    if (limit <= 0) return [];
    const { rows } = await pool.query(`SELECT tx FROM bankbell_history WHERE ${where.sql} ${order} LIMIT ${limit}`, where.params);
    return parseRows('bankbell_history', TxRow, rows).map((row) => row.tx);
  }

  /** How many match, counted no further than `cap` + 1 (the scan stops there). */
  async function countedUpTo(where: Conditions, cap: number): Promise<number> {
    const { rows } = await pool.query(`SELECT count(*) AS n FROM (SELECT 1 FROM bankbell_history WHERE ${where.sql} LIMIT ${cap + 1}) AS matches`, where.params);
    return parseRows('bankbell_history', CountRow.pick({ n: true }), rows)[0]?.n ?? 0;
  }

  /** How many match (from the filters' indexes alone where they suffice), and, asked for, the newest row among them. */
  async function counted(where: Conditions, withTop = false): Promise<z.infer<typeof CountRow>> {
    const { rows } = await pool.query(`SELECT count(*) AS n, ${withTop ? 'max(seq)' : 'NULL'} AS top FROM bankbell_history WHERE ${where.sql}`, where.params);
    return parseRows('bankbell_history', CountRow, rows)[0] ?? { n: 0, top: null };
  }

  return {
    async find(query, options): Promise<FindResult> {
      const where = await conditionsOf(query, options);
      if (where === null) return { total: 0, more: false, shown: [] };
      const requested = options.limit ?? 10;
      const limit = Number.isNaN(requested) ? 10 : Math.max(0, Math.floor(requested));
      const n = await countedUpTo(where, FIND_COUNT_CAP);
      const more = n > FIND_COUNT_CAP;
      // Past the cap the matches are many: the newest are met soonest walking the time index.
      return { total: Math.min(n, FIND_COUNT_CAP), more, shown: n === 0 ? [] : await page(where, newestFirst(!more), limit) };
    },

    async tally(query, options) {
      const where = await conditionsOf(query, options);
      if (where === null) return [];
      if (options.before !== undefined) where.add('occurred_ms < $', options.before);
      const { rows } = await pool.query(
        `SELECT account, tx->>'bank' AS bank, tx->>'direction' AS direction, count(*) AS n, sum(amount_abs) AS total
         FROM bankbell_history WHERE ${where.sql} GROUP BY 1, 2, 3`,
        where.params,
      );
      return parseRows('bankbell_history', MovementRow, rows);
    },

    async list(query, options): Promise<Listing> {
      const where = await conditionsOf(query, options);
      if (where === null) return { total: 0, oldest: null, newest: null, pages: async function* () {} };
      const { n, top } = await counted(where, true);
      if (n === 0 || top === null) return { total: 0, oldest: null, newest: null, pages: async function* () {} };
      // What is stored later has later rows: the listing stays what was stored when asked.
      where.add('seq <= $', top);
      const few = n <= FEW;
      const [[oldest], [newest]] = await Promise.all([page(where, oldestFirst(few), 1), page(where, newestFirst(few), 1)]);
      return {
        total: n,
        oldest: oldest ?? null,
        newest: newest ?? null,
        async *pages() {
          let after: { ms: number; key: string } | null = null;
          for (;;) {
            const params: unknown[] = [...where.params, after?.ms ?? null, after?.key ?? null];
            const at = where.params.length;
            const { rows }: pg.QueryResult = await pool.query(
              `SELECT tx, occurred_ms, key FROM bankbell_history
               WHERE ${where.sql} AND ($${at + 1}::bigint IS NULL OR (occurred_ms, key COLLATE "C") > ($${at + 1}::bigint, $${at + 2}::text COLLATE "C"))
               ${oldestFirst(few)} LIMIT ${LISTING_PAGE}`,
              params,
            );
            const found: z.infer<typeof PageRow>[] = parseRows('bankbell_history', PageRow, rows);
            if (found.length > 0) yield found.map((row) => row.tx);
            const last = found.at(-1);
            if (last === undefined || found.length < LISTING_PAGE) return;
            after = { ms: last.occurred_ms, key: last.key };
          }
        },
      };
    },

    async stored(keys) {
      if (keys.length === 0) return [];
      const { rows } = await pool.query('SELECT tx FROM bankbell_history WHERE key = ANY($1::text[])', [keys]);
      return parseRows('bankbell_history', TxRow, rows).map((row) => row.tx);
    },
  };
}

/** The accounts of the stored history, one index probe each (a skip scan over bankbell_history_account). */
async function storedAccounts(pool: pg.Pool): Promise<string[]> {
  const { rows } = await pool.query(
    `WITH RECURSIVE a(account) AS (
       (SELECT account FROM bankbell_history WHERE account IS NOT NULL ORDER BY account LIMIT 1)
       UNION ALL
       SELECT (SELECT h.account FROM bankbell_history h WHERE h.account > a.account ORDER BY h.account LIMIT 1) FROM a WHERE a.account IS NOT NULL
     )
     SELECT account FROM a WHERE account IS NOT NULL`,
  );
  return parseRows('bankbell_history', AccountRow, rows).map((row) => row.account);
}
