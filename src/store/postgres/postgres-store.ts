import type pg from 'pg';
import { z } from 'zod';
import { firstPresses, type Acknowledgement, type AlertMessage, type Press, type PressOutcome } from '../../core/acknowledgement.js';
import { transactionKey, type Transaction } from '../../core/model.js';
import { noAliases, reportName, type AliasesOf } from '../../core/payment-aliases.js';
import { REQUEST_RETENTION_MS } from '../../core/payment-request.js';
import { vietnamDate } from '../../core/zoned-time.js';
import type { Logger } from '../../log/logger.js';
import { NotLeaderError } from '../errors.js';
import { MemoryStore } from '../memory-store.js';
import { DEFAULT_RETENTION_DAYS, DEFAULT_RETRY_MS, NOTHING_MORE_STORED, type Mirror, type Persistence, type PlanContext, type Step, type StoredFacts, type Written } from '../persistence.js';
import { Writability } from '../writability.js';
import { describeDatabase, openPool, refusedForContent, StateDatabaseError } from './database.js';
import { AcknowledgementRow, AlertMessageRow, parseRows, type StateRow } from './rows.js';
import { migrate } from './schema.js';
import { ensureTextIndex, foldStoredHistory } from './fold-history.js';
import { searchDatabase } from './history-queries.js';
import type { TransactionSearch } from '../../search/history-search.js';
import { entriesChanged, keysRemoved, outboxChanges } from './slice-changes.js';
import { daysBefore, DatabaseSync, readStateRow } from './sync.js';
import {
  deleteCounterLinks,
  deleteOutbox,
  deleteToldProblems,
  insertAcknowledgements,
  insertAlertMessages,
  insertBaselined,
  insertDeadLetters,
  insertHistory,
  insertOutbox,
  syncPaymentChecks,
  syncPaymentRequests,
  updateOutbox,
  upsertChatRules,
  upsertCounterLinks,
  upsertCursors,
  upsertMoved,
  upsertSummaries,
  upsertToldProblems,
} from './tables.js';
import { inTransaction } from './transaction.js';

/** How often memory is brought up to date with what other bots wrote (webhooks they took). */
const DEFAULT_REFRESH_MS = 1_000;

/**
 * The days of history memory holds: what /check looks back on (30 minutes, across midnight) and
 * what polls ask about (by default they look back 3 days, and a poll that finds every payment of
 * those days known stops at its first page). The rest is asked of the database.
 */
const HISTORY_WINDOW_DAYS = 4;

export interface PostgresStoreOptions {
  /** `postgres://user:password@host:port/database`. */
  url: string;
  retentionDays?: number;
  now?: () => Date;
  logger?: Logger;
  retryMs?: number;
  refreshMs?: number;
  aliases?: AliasesOf;
  /**
   * The leadership epoch this bot acts in, or null while it does not lead. Given, the writes
   * only a leader makes (cursors, outbox changes) commit only while the database records
   * that same epoch, and a bot that does not lead owes no alerts.
   */
  leaderEpoch?: () => number | null;
}

/** A writer's connection, inside its transaction: the state row is locked, memory current. */
type Tx = pg.PoolClient;

/** What a piece of work in a transaction came to: its result, whether it changed the state (a new version), and the history rows it wrote. */
interface Done<T> {
  result: T;
  changed: boolean;
  seqs?: readonly number[];
}

/**
 * The state in a PostgreSQL database, which several bots may share: connects, creates or
 * upgrades the tables, and loads the state. Reads are answered from memory, as with DATA_DIR.
 */
export async function openPostgresStore(options: PostgresStoreOptions): Promise<MemoryStore> {
  return MemoryStore.open(await PostgresPersistence.open(options), options).catch((error: unknown) => {
    throw databaseError(describeDatabase(options.url), error);
  });
}

/**
 * How a change is made durable in PostgreSQL: one transaction that first locks the state row
 * (so writers from all bots take turns), brings memory up to what the others committed, writes
 * what the change did to each slice, and commits; only then does memory change. A failed
 * transaction leaves memory as it was.
 */
class PostgresPersistence implements Persistence {
  readonly shared = true;
  readonly search: TransactionSearch;
  readonly historyWindowDays = HISTORY_WINDOW_DAYS;
  readonly writability: Writability;
  readonly refreshMs: number;
  private readonly sync: DatabaseSync;

  private constructor(
    private readonly pool: pg.Pool,
    private readonly options: PostgresStoreOptions,
    readonly firstStart: boolean,
  ) {
    this.sync = new DatabaseSync(options.logger, HISTORY_WINDOW_DAYS);
    this.search = searchDatabase(pool);
    this.refreshMs = options.refreshMs ?? DEFAULT_REFRESH_MS;
    this.writability = new Writability({
      logger: options.logger,
      where: { database: describeDatabase(options.url) },
      fix:
        'check that the database server runs and takes writes (disk space, permissions, connections). Until then new payments ' +
        'are refused (webhooks get 5xx, polls retry) and alerts are held; nothing is lost, and the bot resumes by itself',
      retryMs: options.retryMs ?? DEFAULT_RETRY_MS,
    });
  }

  /** Connects, and creates or upgrades the tables. */
  static async open(options: PostgresStoreOptions): Promise<PostgresPersistence> {
    const where = describeDatabase(options.url);
    const pool = openPool(options.url, options.logger);
    try {
      const client = await pool.connect().catch((error: unknown) => {
        throw new StateDatabaseError(where, `cannot connect (${String(error)})`, 'check DATABASE_URL and that the server is running and reachable', {
          cause: error,
        });
      });
      try {
        await migrate(client);
        // Folded first: the text index is then built once over every row, not updated row by row.
        const folded = await foldStoredHistory(client);
        if (folded > 0) options.logger?.info('history.folded', { rows: folded, why: 'the search columns of payments stored before they existed' });
        await ensureTextIndex(client, options.logger);
        const inserted = await client.query(
          'INSERT INTO bankbell_state (id, created_at) VALUES (1, $1) ON CONFLICT (id) DO NOTHING RETURNING id',
          [options.now?.() ?? new Date()],
        );
        return new PostgresPersistence(pool, options, inserted.rowCount === 1);
      } finally {
        client.release();
      }
    } catch (error) {
      await pool.end();
      throw databaseError(where, error);
    }
  }

  /** Whether this bot leads now by its own clocks (always, without leadership). */
  leads(): boolean {
    return this.options.leaderEpoch?.() !== null;
  }

  load(mirror: Mirror): Promise<void> {
    return this.sync.load(this.pool, mirror);
  }

  write(mirror: Mirror, plan: (context: PlanContext) => Step | null, leaderOnly?: string, asking?: readonly Transaction[]): Promise<Written | null> {
    return this.transact(
      mirror,
      async (client, leads): Promise<Done<Written | null>> => {
        // Under the state row's lock: no bot stores a payment between this look and this write.
        const stored = asking === undefined ? NOTHING_MORE_STORED : await storedOf(client, asking);
        const step = plan({ leads, stored });
        if (step === null) return { result: null, changed: false };
        // A clock stepped back keeps writing to the newest day, as DATA_DIR's journal does.
        const day = [vietnamDate(step.now), ...mirror.buckets()].sort().at(-1) ?? vietnamDate(step.now);
        const { changed, seqs } = await this.persist(client, step, day);
        return { result: { step, bucket: day }, changed, seqs };
      },
      leaderOnly,
    );
  }

  /**
   * Reads failing means writes will too: held and retried the same way; reads working while
   * writes failed, a write is tried at once (the database may be back).
   */
  async refresh(mirror: Mirror): Promise<void> {
    try {
      await this.load(mirror);
    } catch (error) {
      this.writability.failed(error);
      return;
    }
    if (!this.writability.writable) await this.write(mirror, () => null).catch(() => undefined);
  }

  /** Deletes the history past retention (never the newest day), for every bot sharing the database; /qr requests done with go 45 days after they were made. */
  async prune(mirror: Mirror, now: Date): Promise<string[]> {
    const retentionMs = (this.options.retentionDays ?? DEFAULT_RETENTION_DAYS) * 86_400_000;
    const cutoff = vietnamDate(new Date(now.getTime() - retentionMs));
    await this.transact(mirror, async (client) => {
      await client.query('DELETE FROM bankbell_history WHERE day < $1 AND day < (SELECT max(day) FROM bankbell_history)', [cutoff]);
      await client.query('DELETE FROM bankbell_alert_messages WHERE at < $1', [now.getTime() - retentionMs]);
      await client.query('DELETE FROM bankbell_acknowledgements WHERE at < $1', [now.getTime() - retentionMs]);
      await client.query('DELETE FROM bankbell_settled_requests WHERE created_at <= $1', [now.getTime() - REQUEST_RETENTION_MS]);
      await client.query('UPDATE bankbell_state SET pruned_before = greatest(coalesce(pruned_before, $1), $1) WHERE id = 1', [cutoff]);
      return { result: undefined, changed: true };
    });
    return daysBefore(cutoff, mirror.buckets());
  }

  /** Read from the tables inside a write, whose lock on the state row makes presses of all bots take turns; never held in memory. */
  acknowledge(mirror: Mirror, press: Press): Promise<PressOutcome> {
    return this.transact(mirror, async (client): Promise<Done<PressOutcome>> => {
      const found = parseRows(
        'bankbell_alert_messages',
        AlertMessageRow,
        (await client.query('SELECT dest, ref, keys, at FROM bankbell_alert_messages WHERE dest = $1 AND ref = $2', [press.dest, press.ref])).rows,
      );
      const message = found[0];
      if (message === undefined) return { result: { message: null }, changed: false };
      const before = await selectAcknowledgements(client, message.dest, message.keys);
      const fresh = firstPresses(message, press, before);
      await insertAcknowledgements(client, fresh);
      return { result: { message, fresh: fresh.map((a) => a.key), acks: [...before, ...fresh] }, changed: false };
    });
  }

  acknowledgements(dest: string, keys: readonly string[]): Promise<Acknowledgement[]> {
    return selectAcknowledgements(this.pool, dest, keys);
  }

  close(): Promise<void> {
    return this.pool.end();
  }

  /**
   * One piece of work as one transaction: lock the state row (writers of every bot take turns),
   * catch up with what others committed, do it, bump the version if it changed anything, commit.
   */
  private async transact<T>(mirror: Mirror, work: (client: Tx, leads: boolean) => Promise<Done<T>>, leaderOnly?: string): Promise<T> {
    const client = await this.pool.connect().catch((error: unknown) => this.failed(error));
    let done: Done<T>;
    let version: number;
    try {
      ({ done, version } = await inTransaction(client, 'BEGIN', async () => {
        const state = await readStateRow(client, 'SELECT version, epoch, leader, pruned_before FROM bankbell_state WHERE id = 1 FOR UPDATE');
        await this.sync.catchUp(client, state, mirror);
        const leads = this.leadsIn(state);
        if (leaderOnly !== undefined && !leads) throw new NotLeaderError(leaderOnly);
        const done = await work(client, leads);
        // Written even when nothing changed (then without a new version, so the other bots have
        // nothing to reload): a state row that cannot be written keeps the state unwritable.
        const bump = done.changed ? 1 : 0;
        await client.query('UPDATE bankbell_state SET version = version + $1 WHERE id = 1', [bump]);
        return { done, version: state.version + bump };
      }));
      client.release();
    } catch (error) {
      // A connection that failed mid-transaction is not handed out again.
      client.release(error instanceof Error ? error : true);
      // Refused for what it holds, by a database that works: that write fails, nothing else is held.
      if (error instanceof NotLeaderError || refusedForContent(error)) throw error;
      this.failed(error);
    }
    this.sync.committed(version, done.seqs ?? []);
    this.writability.succeeded();
    return done.result;
  }

  /** Writes what a step did to each slice, and the payments it stores; says whether it changed anything. */
  private async persist(client: Tx, step: Step, day: string): Promise<{ changed: boolean; seqs: number[] }> {
    const { before, next, stored } = step;
    const seqs = await insertHistory(client, stored.map((payment) => ({ ...payment, day })), this.options.aliases ?? noAliases);
    const outbox = outboxChanges(before.outbox, next.outbox);
    await deleteOutbox(client, outbox.removed);
    await insertOutbox(client, outbox.added);
    await updateOutbox(client, outbox.changed);
    const cursors = entriesChanged(before.cursors, next.cursors);
    await upsertCursors(client, cursors);
    const baselined = entriesChanged(before.baselined, next.baselined);
    await insertBaselined(client, baselined);
    // Dead letters are only ever added.
    const dead = next.deadLetters.slice(before.deadLetters.length);
    await insertDeadLetters(client, dead);
    const moved = entriesChanged(before.moved, next.moved);
    await upsertMoved(client, moved);
    const rules = entriesChanged(before.chatRules, next.chatRules);
    await upsertChatRules(client, rules);
    const summaries = entriesChanged(before.summaries, next.summaries);
    await upsertSummaries(client, summaries);
    const told = entriesChanged(before.toldProblems, next.toldProblems);
    const untold = keysRemoved(before.toldProblems, next.toldProblems);
    await upsertToldProblems(client, told);
    await deleteToldProblems(client, untold);
    await syncPaymentRequests(client, before.paymentRequests, next.paymentRequests);
    await syncPaymentChecks(client, before.paymentChecks, next.paymentChecks);
    const links = entriesChanged(before.counterLinks, next.counterLinks);
    const revoked = keysRemoved(before.counterLinks, next.counterLinks);
    await deleteCounterLinks(client, revoked);
    await upsertCounterLinks(client, links);
    if (step.message !== undefined) await this.recordMessage(client, step.message);
    const changed =
      stored.length > 0 ||
      outbox.removed.length + outbox.added.length + outbox.changed.length + dead.length + untold.length + revoked.length > 0 ||
      [cursors, baselined, moved, rules, summaries, told, links].some((entries) => Object.keys(entries).length > 0) ||
      before.paymentRequests !== next.paymentRequests ||
      before.paymentChecks !== next.paymentChecks;
    return { changed, seqs };
  }

  /**
   * The rows go whatever becomes of the message's record: that record only serves the button, so
   * it is written in a savepoint, and a failure there costs the button (logged), never a repeat.
   */
  private async recordMessage(client: Tx, message: AlertMessage): Promise<void> {
    await client.query('SAVEPOINT alert_message');
    try {
      await insertAlertMessages(client, [message]);
      await client.query('RELEASE SAVEPOINT alert_message');
    } catch (error) {
      await client.query('ROLLBACK TO SAVEPOINT alert_message');
      this.options.logger?.error('ack.message_unrecorded', {
        dest: message.dest,
        ref: message.ref,
        error: String(error),
        effect: "a press on this alert's button changes nothing; the alert itself is not sent again",
      });
    }
  }

  /** Whether this bot leads in the epoch the database records (always, without leadership). */
  private leadsIn(state: StateRow): boolean {
    const epoch = this.options.leaderEpoch;
    return epoch === undefined || epoch() === state.epoch;
  }

  private failed(error: unknown): never {
    this.writability.failed(error);
    throw error;
  }
}

/** Any failure to open, as the one error that names the database and says what to do. */
function databaseError(where: string, error: unknown): StateDatabaseError {
  if (error instanceof StateDatabaseError) return error;
  return new StateDatabaseError(where, String(error instanceof Error ? error.message : error), 'fix the database, or restore it from a backup', {
    cause: error,
  });
}

/** What the history holds of these payments: by key, and as reports of the same transfer under any numbering stored. */
async function storedOf(client: Tx, txs: readonly Transaction[]): Promise<StoredFacts> {
  const column = async (sql: string, values?: readonly string[]) =>
    values?.length === 0
      ? new Set<string>()
      : new Set(parseRows('bankbell_history', z.object({ v: z.string() }), (await client.query(sql, values === undefined ? [] : [values])).rows).map((r) => r.v));
  const numberings = await column('SELECT numbering AS v FROM bankbell_numberings');
  const names = txs.flatMap((tx) => [...numberings].flatMap((n) => reportName(tx, n) ?? []));
  return {
    keys: await column('SELECT key AS v FROM bankbell_history WHERE key = ANY($1::text[])', txs.map(transactionKey)),
    names: await column('SELECT name AS v FROM bankbell_payment_names WHERE name = ANY($1::text[])', [...new Set(names)]),
    numberings,
  };
}

async function selectAcknowledgements(client: pg.ClientBase | pg.Pool, dest: string, keys: readonly string[]): Promise<Acknowledgement[]> {
  const { rows } = await client.query('SELECT key, dest, by_name, at FROM bankbell_acknowledgements WHERE dest = $1 AND key = ANY($2::text[])', [
    dest,
    keys,
  ]);
  return parseRows('bankbell_acknowledgements', AcknowledgementRow, rows);
}
