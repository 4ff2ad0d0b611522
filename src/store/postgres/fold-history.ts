import type pg from 'pg';
import { z } from 'zod';
import { Transaction } from '../../core/model.js';
import type { Logger } from '../../log/logger.js';
import { parseRows } from './rows.js';
import { MIGRATION_LOCK } from './schema.js';
import { searchColumns } from './tables.js';
import { inTransaction } from './transaction.js';

/** Rows filled per statement: a short write, however many wait. */
const FOLD_BATCH = 2000;

const UnfoldedRow = z.object({ seq: z.coerce.number().int(), tx: Transaction });

/**
 * Fills the search columns (see `searchColumns`) of the history rows stored without them: those
 * stored before they existed, and any an older bankbell sharing the database still writes. A
 * partial index finds them, so that with none left this is one quick query. Returns how many.
 */
export async function foldStoredHistory(db: pg.Pool | pg.ClientBase): Promise<number> {
  let filled = 0;
  for (;;) {
    const rows = parseRows(
      'bankbell_history',
      UnfoldedRow,
      (await db.query('SELECT seq, tx FROM bankbell_history WHERE folded IS NULL ORDER BY seq LIMIT $1', [FOLD_BATCH])).rows,
    );
    if (rows.length === 0) return filled;
    const columns = rows.map((row) => searchColumns(row.tx));
    await db.query(
      `UPDATE bankbell_history h SET account = r.c, occurred_ms = r.o, amount_abs = r.m, folded = r.f
       FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::bigint[], $5::text[]) AS r(s, c, o, m, f) WHERE h.seq = r.s`,
      [rows.map((row) => row.seq), columns.map((c) => c.account), columns.map((c) => c.occurredMs), columns.map((c) => c.amountAbs), columns.map((c) => c.folded)],
    );
    filled += rows.length;
  }
}

/** How long building the text index over an existing history may take. */
const INDEX_BUILD_TIMEOUT_MS = 30 * 60_000;

/**
 * Makes the index that lets /find's words skip the rows without them (pg_trgm's trigrams over the
 * folded content), where the server has the extension and lets this role create it (it is a
 * trusted extension from PostgreSQL 13: a database's owner may). Without it every word is
 * still found, by reading the rows the other filters leave: slower over a long history. Says
 * whether the index is there.
 */
export async function ensureTextIndex(client: pg.ClientBase, logger: Logger | undefined): Promise<boolean> {
  return inTransaction(client, 'BEGIN', async () => {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query('SAVEPOINT text_index');
    try {
      await client.query('CREATE EXTENSION IF NOT EXISTS pg_trgm');
      // Made once, over the whole history (about a minute per million payments): more than a query may usually take.
      const build: pg.QueryConfig & { query_timeout: number } = {
        text: 'CREATE INDEX IF NOT EXISTS bankbell_history_folded ON bankbell_history USING gin (folded gin_trgm_ops)',
        query_timeout: INDEX_BUILD_TIMEOUT_MS,
      };
      await client.query(build);
      await client.query('RELEASE SAVEPOINT text_index');
      return true;
    } catch (error) {
      await client.query('ROLLBACK TO SAVEPOINT text_index');
      logger?.warn('history.no_text_index', {
        error: String(error),
        effect: '/find reads every row its other filters leave to look for words: slower as the history grows',
        fix: 'install PostgreSQL\'s contrib extensions (pg_trgm) on the server, or have the database owner run CREATE EXTENSION pg_trgm; bankbell makes the index at its next start',
      });
      return false;
    }
  });
}
