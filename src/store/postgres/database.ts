import pg from 'pg';
import type { Logger } from '../../log/logger.js';

/** The database cannot be used as it is (unreachable, refused, or holding what bankbell cannot read). */
export class StateDatabaseError extends Error {
  constructor(where: string, problem: string, fix: string, options?: { cause?: unknown }) {
    super(`${where}: ${problem}. ${fix}`, options);
    this.name = 'StateDatabaseError';
  }
}

/** The database URL without its password, to name it in messages. */
export function describeDatabase(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.password = '';
    return parsed.toString();
  } catch {
    return 'DATABASE_URL';
  }
}

/**
 * The connections a store uses. A database that stops answering fails the write (alerts held,
 * polls retried), never hangs it; a bot paused inside a transaction would hold the state row's
 * lock, and with it every other bot's writes and the takeover, so the server ends such a
 * transaction after 5 s.
 */
export function openPool(url: string, logger: Logger | undefined): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    max: 3,
    connectionTimeoutMillis: 10_000,
    query_timeout: 15_000,
    idle_in_transaction_session_timeout: 5_000,
    application_name: 'bankbell',
  });
  // A connection the server drops must not crash the bot. Idle, the pool reports it here and
  // the next query reconnects; in use, the query in progress fails with it and is handled there,
  // so its own listener has nothing to add.
  pool.on('error', (error) => logger?.warn('database.connection_lost', { database: describeDatabase(url), error: error.message }));
  pool.on('connect', (client) => client.on('error', () => undefined));
  return pool;
}

/**
 * Whether the server refused the statement for the data in it (SQLSTATE class 22, data
 * exception, e.g. text no column takes; class 23, a constraint), rather than because it cannot
 * write at all: the first is that one write's failure, the second makes the state unwritable.
 */
export function refusedForContent(error: unknown): boolean {
  const code = error instanceof pg.DatabaseError ? error.code : undefined;
  return code !== undefined && (code.startsWith('22') || code.startsWith('23'));
}
