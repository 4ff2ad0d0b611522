import pg from 'pg';
import { MemoryView, type PendingCommit, type RequestChange } from '../memory-store.js';
import { firstPresses, type Acknowledgement, type AlertMessage, type Press, type PressOutcome } from '../../core/acknowledgement.js';
import { DEFAULT_RULES, type ChatRules } from '../../core/chat-rules.js';
import type { Transaction } from '../../core/model.js';
import { REQUEST_RETENTION_MS, settledOf, type PaymentRequest } from '../../core/payment-request.js';
import { leftRequests } from '../payment-requests.js';
import { noAliases, type AliasesOf } from '../../core/payment-aliases.js';
import { vietnamDate } from '../../core/vietnam-time.js';
import type { Logger } from '../../log/logger.js';
import { deadLettersOf, oldestCreatedAt, owedRows, rescheduled, withoutRows } from '../outbox.js';
import type { DeadLetter, OutboxRow } from '../state-schema.js';
import type { Commit, StateStore } from '../state-store.js';
import { DEFAULT_RETENTION_DAYS } from '../files/file-store.js';
import {
  AcknowledgementRow,
  AlertMessageRow,
  BaselinedRow,
  ChatRulesRow,
  CursorRow,
  DeadLetterRow,
  HistoryRow,
  MigrationRow,
  OutboxTableRow,
  parseRows,
  PaymentRequestRow,
  SettledRequestRow,
  StateRow,
  SummaryRow,
  ToldProblemRow,
} from './rows.js';
import type { ToldProblem } from '../../core/service-notice.js';
import { withToldProblem } from '../told-problems.js';
import { newInCommits } from '../new-in-commits.js';
import { Writability } from '../writability.js';
import { logUnreadableRules, readableRules, writableRules } from '../stored-rules.js';
import { describeDatabase, StateDatabaseError } from './database.js';
import { migrate } from './schema.js';
import {
  insertAcknowledgements,
  insertAlertMessages,
  insertBaselined,
  insertDeadLetters,
  insertHistory,
  insertOutbox,
  syncPaymentRequests,
  upsertChatMigrations,
  upsertChatRules,
  upsertCursors,
  upsertSummaries,
  upsertToldProblems,
} from './tables.js';
import { inTransaction } from './transaction.js';

const DEFAULT_RETRY_MS = 5_000;
/** How often the view is brought up to date with what other bots wrote (webhooks they took). */
const DEFAULT_REFRESH_MS = 1_000;

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

/** The part of the state small enough to hold whole: everything but the history. */
interface View {
  cursors: Record<string, string>;
  baselined: Record<string, string>;
  outbox: OutboxRow[];
  deadLetters: DeadLetter[];
  chatMigrations: Record<string, string>;
  chatRules: Record<string, ChatRules>;
  summaries: Record<string, string>;
  toldProblems: Record<string, ToldProblem>;
  paymentRequests: PaymentRequest[];
}

/**
 * What a write did, applied to memory only once its transaction committed; null when it changed
 * nothing the view holds, so the other bots have nothing to reload (the version stays).
 */
type Applied = (() => void) | null;

/** A writer's connection, inside its transaction: the state row is locked, the view current. */
type Tx = pg.PoolClient;

/** A write only the leader may make, refused because this bot does not lead (any more). */
export class NotLeaderError extends Error {
  constructor(what: string) {
    super(`${what} refused: this bot does not lead (another bot took over)`);
    this.name = 'NotLeaderError';
  }
}

/**
 * The state in a PostgreSQL database, which several bots may share. Reads are answered from
 * memory, as the file store does; every change is one transaction that first locks the state
 * row (so writers from all bots take turns), brings this bot's view up to what the others
 * committed, writes, and only once COMMIT succeeded changes memory. A failed transaction
 * leaves memory as it was, and the same payments are stored when the provider retries.
 */
export class PostgresStore extends MemoryView implements StateStore {
  private view: View = {
    cursors: {},
    baselined: {},
    outbox: [],
    deadLetters: [],
    chatMigrations: {},
    chatRules: {},
    summaries: {},
    toldProblems: {},
    paymentRequests: [],
  };
  /** Vietnam days that hold stored history, oldest first once sorted: what retention drops. */
  private readonly days = new Set<string>();
  /** The chats whose stored rules could not be read at the last catch-up, as logged. */
  private unreadableRules = '';
  /** The state row's version this view shows, and the last history row and settled request it holds. */
  private version = -1;
  private lastSeq = 0;
  private lastSettledSeq = 0;
  private readonly writability: Writability;
  private readonly refreshTimer: NodeJS.Timeout;
  /** The refresh waiting for its turn, if one does. */
  private refreshing: Promise<void> | null = null;
  private prunedDay: string;
  private readonly where: string;

  private constructor(
    private readonly pool: pg.Pool,
    private readonly options: PostgresStoreOptions & { now: () => Date },
    readonly firstStart: boolean,
  ) {
    super(options.aliases);
    this.prunedDay = vietnamDate(options.now());
    this.where = describeDatabase(options.url);
    this.writability = new Writability({
      logger: options.logger,
      where: { database: this.where },
      fix:
        'check that the database server runs and takes writes (disk space, permissions, connections). Until then new payments ' +
        'are refused (webhooks get 5xx, polls retry) and alerts are held; nothing is lost, and the bot resumes by itself',
      retryMs: options.retryMs ?? DEFAULT_RETRY_MS,
      retry: () => void this.serial(() => this.write(async () => null)).catch(() => undefined),
      onBack: () => this.notify(),
    });
    this.refreshTimer = setInterval(() => void this.refresh(), options.refreshMs ?? DEFAULT_REFRESH_MS);
    this.refreshTimer.unref();
  }

  /** Connects, creates or upgrades the tables, and loads the state. */
  static async open(options: PostgresStoreOptions): Promise<PostgresStore> {
    const now = options.now ?? (() => new Date());
    const where = describeDatabase(options.url);
    const pool = new pg.Pool({
      connectionString: options.url,
      max: 3,
      connectionTimeoutMillis: 10_000,
      // A database that stops answering fails the write (alerts held, polls retried), never hangs it.
      query_timeout: 15_000,
      // A bot paused inside a transaction would hold the state row's lock, and with it every
      // other bot's writes and the takeover; the server ends such a transaction after 5 s.
      idle_in_transaction_session_timeout: 5_000,
      application_name: 'bankbell',
    });
    // A connection the server drops must not crash the bot. Idle, the pool reports it here and
    // the next query reconnects; in use, the query in progress fails with it and is handled there,
    // so its own listener has nothing to add.
    pool.on('error', (error) => options.logger?.warn('database.connection_lost', { database: where, error: error.message }));
    pool.on('connect', (client) => client.on('error', () => undefined));
    try {
      const client = await pool.connect().catch((error: unknown) => {
        throw new StateDatabaseError(where, `cannot connect (${String(error)})`, 'check DATABASE_URL and that the server is running and reachable', {
          cause: error,
        });
      });
      let created: boolean;
      try {
        await migrate(client);
        const inserted = await client.query(
          'INSERT INTO bankbell_state (id, created_at) VALUES (1, $1) ON CONFLICT (id) DO NOTHING RETURNING id',
          [now()],
        );
        created = inserted.rowCount === 1;
      } finally {
        client.release();
      }
      const store = new PostgresStore(pool, { ...options, now }, created);
      await store.serial(() => store.load()).catch(async (error: unknown) => {
        clearInterval(store.refreshTimer);
        throw error;
      });
      // What aged out while the bot was down goes now; later days, at the first commit of each.
      await store.serial(() => store.prune(now()));
      return store;
    } catch (error) {
      await pool.end();
      if (error instanceof StateDatabaseError) throw error;
      throw new StateDatabaseError(where, String(error instanceof Error ? error.message : error), 'fix the database, or restore it from a backup', {
        cause: error,
      });
    }
  }

  get writable(): boolean {
    return this.writability.writable;
  }







  cursor(name: string): string | undefined {
    return this.view.cursors[name];
  }

  isBaselined(accountKey: string): boolean {
    return accountKey in this.view.baselined;
  }

  /** A group of commits in one transaction. */
  protected async writeCommits(waiting: PendingCommit[]): Promise<void> {
    let group = waiting;
    let newPerCommit: Transaction[][] = [];
    try {
      await this.write(async (client, state) => {
        // A poll's commit (cursors, baselines) is the leader's; a webhook's any bot may make.
        if (!this.leadsIn(state)) group = waiting.filter(({ change }) => !pollCommit(change));
        const now = this.options.now();
        const { fresh, perCommit } = newInCommits(
          group.map(({ change }) => change),
          this.history,
        );
        newPerCommit = perCommit;
        const moved = Object.assign({}, ...group.map(({ change }) => change.cursors ?? {})) as Record<string, string>;
        const cursors = Object.fromEntries(Object.entries(moved).filter(([name, value]) => this.view.cursors[name] !== value));
        const baselined = [...new Set(group.flatMap(({ change }) => change.baselined ?? []))].filter((a) => !(a in this.view.baselined));
        const alerted = [...fresh].filter(([, item]) => item.alert).map(([key, { destinations }]) => ({ key, destinations }));
        const owed = owedRows(alerted, now.getTime());
        // A clock stepped back keeps writing to the newest day, as the file store does.
        const day = [vietnamDate(now), ...this.days].sort().at(-1) ?? vietnamDate(now);
        const txs = [...fresh.values()];
        const seqs = await insertHistory(
          client,
          txs.map(({ tx, alert }) => ({ tx, alert, storedAt: now.getTime(), day })),
          this.options.aliases ?? noAliases,
        );
        await insertOutbox(client, owed);
        await upsertCursors(client, cursors);
        const baselinedAt = Object.fromEntries(baselined.map((account) => [account, now.toISOString()]));
        await insertBaselined(client, baselinedAt);
        // A payment answering a /qr request counts in the same transaction that stores it.
        const requests = this.withPaymentsCounted(this.view.paymentRequests, txs.map(({ tx }) => tx), now);
        await syncPaymentRequests(client, this.view.paymentRequests, requests);
        const changed =
          txs.length > 0 || Object.keys(cursors).length > 0 || baselined.length > 0 || requests !== this.view.paymentRequests;
        // A poll that found nothing new: the other bots have nothing to reload.
        if (!changed) return null;
        return () => {
          this.view = {
            ...this.view,
            cursors: { ...this.view.cursors, ...cursors },
            baselined: { ...this.view.baselined, ...baselinedAt },
            outbox: [...this.view.outbox, ...owed],
            paymentRequests: requests,
          };
          if (txs.length > 0) {
            this.addHistory(day, txs.map(({ tx }) => tx));
            this.lastSeq = Math.max(this.lastSeq, ...seqs);
          }
          if (owed.length > 0 || requests !== this.view.paymentRequests) this.notify();
        };
      });
      group.forEach(({ resolve }, i) => resolve(newPerCommit[i] ?? []));
      for (const { reject } of waiting.filter((item) => !group.includes(item))) reject(new NotLeaderError('moving polling cursors'));
    } catch (error) {
      for (const { reject } of waiting) reject(error);
      return;
    }
    this.pruneDaily();
  }

  /** Alerts owed to `dest` by this bot: none while another bot leads. */
  pending(dest: string): OutboxRow[] {
    if (this.options.leaderEpoch?.() === null) return [];
    return this.view.outbox.filter((row) => row.dest === dest);
  }

  get outboxSize(): number {
    return this.view.outbox.length;
  }

  oldestWaitingSince(): number | null {
    return oldestCreatedAt(this.view.outbox);
  }

  /**
   * The rows go whatever becomes of the message's record: that record only serves the button, so
   * it is written in a savepoint, and a failure there costs the button (logged), never a repeat.
   */
  delivered(rows: readonly OutboxRow[], message?: AlertMessage): Promise<void> {
    return this.serial(() =>
      this.write(async (client) => {
        await deleteOutbox(client, rows);
        if (message !== undefined) await this.recordMessage(client, message);
        return () => (this.view = { ...this.view, outbox: withoutRows(this.view.outbox, rows) });
      }, 'recording alerts as sent'),
    );
  }

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

  reschedule(rows: readonly OutboxRow[], nextAt: number, error: string): Promise<void> {
    return this.serial(() =>
      this.write(async (client) => {
        await client.query(
          `UPDATE bankbell_outbox o SET attempts = o.attempts + 1, next_at = $3, last_error = $4
           FROM unnest($1::text[], $2::text[]) AS r(key, dest) WHERE o.key = r.key AND o.dest = r.dest`,
          [rows.map((r) => r.key), rows.map((r) => r.dest), nextAt, error],
        );
        return () => (this.view = { ...this.view, outbox: rescheduled(this.view.outbox, rows, nextAt, error) });
      }, 'rescheduling alerts'),
    );
  }

  deadLetter(rows: readonly { row: OutboxRow; tx: Transaction }[], error: string): Promise<void> {
    const dead = deadLettersOf(rows, error, this.options.now().getTime());
    return this.serial(() =>
      this.write(async (client) => {
        await deleteOutbox(client, rows.map(({ row }) => row));
        await insertDeadLetters(client, dead);
        return () => {
          this.view = {
            ...this.view,
            outbox: withoutRows(this.view.outbox, rows.map(({ row }) => row)),
            deadLetters: [...this.view.deadLetters, ...dead],
          };
        };
      }, 'setting alerts aside'),
    );
  }

  get deadLetters(): readonly DeadLetter[] {
    return this.view.deadLetters;
  }

  /**
   * Drops only the alerts for other destinations that no bot can send any more: their payment
   * left the history. The others stay: another bot sharing the database may be configured
   * for their chat (its configuration newer than this one's, during an update).
   */
  async dropDestinationsExcept(destinations: readonly string[]): Promise<number> {
    return this.serial(async () => {
      let dropped: OutboxRow[] = [];
      await this.write(async (client) => {
        const result = await client.query<{ key: string; dest: string }>(
          `DELETE FROM bankbell_outbox o WHERE NOT (o.dest = ANY($1::text[]))
           AND NOT EXISTS (SELECT 1 FROM bankbell_history h WHERE h.key = o.key) RETURNING o.key, o.dest`,
          [destinations],
        );
        const gone = new Set(result.rows.map((row) => `${row.key}\n${row.dest}`));
        dropped = this.view.outbox.filter((row) => gone.has(`${row.key}\n${row.dest}`));
        if (dropped.length === 0) return null;
        return () => (this.view = { ...this.view, outbox: withoutRows(this.view.outbox, dropped) });
      });
      return dropped.length;
    });
  }

  chatMigration(chatId: string): string | undefined {
    return this.view.chatMigrations[chatId];
  }

  recordChatMigration(from: string, to: string): Promise<void> {
    return this.serial(() =>
      this.write(async (client) => {
        await upsertChatMigrations(client, { [from]: to });
        return () => (this.view = { ...this.view, chatMigrations: { ...this.view.chatMigrations, [from]: to } });
      }, 'recording a chat migration'),
    );
  }

  chatRules(dest: string): ChatRules {
    return this.view.chatRules[dest] ?? DEFAULT_RULES;
  }

  /** Any bot may change a chat's rules (commands reach standbys too); the leader's dispatcher sees it at its next refresh. */
  async setChatRules(dest: string, rules: ChatRules): Promise<void> {
    const checked = writableRules(dest, rules);
    await this.serial(() =>
      this.write(async (client) => {
        await upsertChatRules(client, { [dest]: checked });
        return () => (this.view = { ...this.view, chatRules: { ...this.view.chatRules, [dest]: checked } });
      }),
    );
    this.notify();
  }

  paymentRequests(): readonly PaymentRequest[] {
    return this.view.paymentRequests;
  }

  /** One change to the requests in one transaction, made on the view brought up to date inside it. */
  protected async changeRequests(change: RequestChange, leaderOnly?: string): Promise<void> {
    let changed = false;
    await this.serial(() =>
      this.write(async (client) => {
        const before = this.view.paymentRequests;
        const next = change(before, this.options.now());
        if (next === null) return null;
        await syncPaymentRequests(client, before, next);
        changed = true;
        return () => {
          this.view = { ...this.view, paymentRequests: next };
          this.settled.add(leftRequests(before, next).map(settledOf));
        };
      }, leaderOnly),
    );
    if (changed) this.notify();
  }


  summaryPostedOn(dest: string): string | undefined {
    return this.view.summaries[dest];
  }

  recordSummaryPosted(dest: string, day: string): Promise<void> {
    return this.serial(() =>
      this.write(async (client) => {
        await upsertSummaries(client, { [dest]: day });
        return () => (this.view = { ...this.view, summaries: { ...this.view.summaries, [dest]: day } });
      }, 'recording a daily summary as posted'),
    );
  }

  toldProblems(): Readonly<Record<string, ToldProblem>> {
    return this.view.toldProblems;
  }

  recordToldProblem(key: string, told: ToldProblem | null): Promise<void> {
    return this.serial(() =>
      this.write(async (client) => {
        if (told === null) await client.query('DELETE FROM bankbell_told_problems WHERE key = $1', [key]);
        else await upsertToldProblems(client, { [key]: told });
        return () => (this.view = { ...this.view, toldProblems: withToldProblem(this.view.toldProblems, key, told) });
      }, 'recording a service notice'),
    );
  }


  /**
   * Any bot may record a press (Slack's reach standbys too). Read from the tables inside the
   * write, whose lock on the state row makes presses of all bots take turns.
   */
  acknowledge(press: Press): Promise<PressOutcome> {
    let outcome: PressOutcome = { message: null };
    return this.serial(async () => {
      await this.write(async (client) => {
        const found = parseRows(
          'bankbell_alert_messages',
          AlertMessageRow,
          (await client.query('SELECT dest, ref, keys, at FROM bankbell_alert_messages WHERE dest = $1 AND ref = $2', [press.dest, press.ref])).rows,
        );
        const message = found[0];
        if (message === undefined) return null;
        const before = await selectAcknowledgements(client, message.dest, message.keys);
        const fresh = firstPresses(message, press, before);
        await insertAcknowledgements(client, fresh);
        outcome = { message, fresh: fresh.map((a) => a.key), acks: [...before, ...fresh] };
        // Read from their table when asked, never held in the view.
        return null;
      });
      return outcome;
    });
  }

  acknowledgements(dest: string, keys: readonly string[]): Promise<Acknowledgement[]> {
    return selectAcknowledgements(this.pool, dest, keys);
  }

  /** Waits for pending writes, then closes the connections. */
  async close(): Promise<void> {
    clearInterval(this.refreshTimer);
    await this.serial(async () => undefined);
    this.writability.stop();
    await this.pool.end();
  }

  /**
   * One change as one transaction: lock the state row (writers of every bot take turns),
   * catch up with what others committed, write, bump the version, commit, and only then
   * apply the change to memory.
   */
  private async write(change: (client: Tx, state: StateRow) => Promise<Applied>, leaderOnly?: string): Promise<void> {
    const client = await this.pool.connect().catch((error: unknown) => this.failed(error));
    let apply: Applied;
    let version: number;
    try {
      ({ apply, version } = await inTransaction(client, 'BEGIN', async () => {
        const [state] = parseRows(
          'bankbell_state',
          StateRow,
          (await client.query('SELECT version, epoch, leader, pruned_before FROM bankbell_state WHERE id = 1 FOR UPDATE')).rows,
        );
        if (state === undefined) throw new Error('bankbell_state: the state row is missing');
        await this.catchUp(client, state);
        if (leaderOnly !== undefined && !this.leadsIn(state)) throw new NotLeaderError(leaderOnly);
        const applied = await change(client, state);
        // Written even when nothing changed (then without a new version): a state row that cannot be written keeps the state unwritable.
        const bump = applied === null ? 0 : 1;
        await client.query('UPDATE bankbell_state SET version = version + $1 WHERE id = 1', [bump]);
        return { apply: applied, version: state.version + bump };
      }));
      client.release();
    } catch (error) {
      // A connection that failed mid-transaction is not handed out again.
      client.release(error instanceof Error ? error : true);
      // Refused for what it holds, by a database that works: that write fails, nothing else is held.
      if (error instanceof NotLeaderError || refusedForContent(error)) throw error;
      this.failed(error);
    }
    this.version = version;
    apply?.();
    this.writability.succeeded();
  }

  /** Whether this bot leads in the epoch the database records (always, without leadership). */
  private leadsIn(state: StateRow): boolean {
    const epoch = this.options.leaderEpoch;
    return epoch === undefined || epoch() === state.epoch;
  }

  /**
   * Brings memory up to what other bots committed, after the writes queued before it. Reads
   * failing means writes will too: held and retried the same way; reads working while writes
   * failed, a write is tried at once (the database may be back). At most one refresh waits:
   * ticks during a stall join it rather than queue up.
   */
  refresh(): Promise<void> {
    this.refreshing ??= this.serial(async () => {
      this.refreshing = null;
      try {
        await this.load();
      } catch (error) {
        this.writability.failed(error);
        return;
      }
      if (!this.writable) await this.write(async () => null).catch(() => undefined);
    });
    return this.refreshing;
  }

  /** Reads what changed since this view, from one consistent snapshot. */
  private async load(): Promise<void> {
    const client = await this.pool.connect();
    try {
      await inTransaction(client, 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY', async () => {
        const [state] = parseRows('bankbell_state', StateRow, (await client.query('SELECT version, epoch, leader, pruned_before FROM bankbell_state')).rows);
        if (state === undefined) throw new Error('bankbell_state: the state row is missing');
        await this.catchUp(client, state);
      });
      client.release();
    } catch (error) {
      client.release(error instanceof Error ? error : true);
      throw error;
    }
  }

  /** Loads what changed since this view's version; applied at once, since it is already committed. */
  private async catchUp(client: Tx, state: StateRow): Promise<void> {
    if (state.version === this.version) return;
    // One after another: a connection runs one query at a time.
    const cursors = await client.query('SELECT name, value FROM bankbell_cursors');
    const baselined = await client.query('SELECT account, at FROM bankbell_baselined');
    const outbox = await client.query('SELECT key, dest, attempts, next_at, last_error, created_at FROM bankbell_outbox ORDER BY seq');
    const deadLetters = await client.query('SELECT dest, tx, error, at FROM bankbell_dead_letters ORDER BY seq');
    const migrations = await client.query('SELECT from_chat, to_chat FROM bankbell_chat_migrations');
    const rules = await client.query('SELECT dest, rules FROM bankbell_chat_rules');
    const summaries = await client.query('SELECT dest, day FROM bankbell_summaries');
    const told = await client.query('SELECT key, told FROM bankbell_told_problems');
    const requests = await client.query('SELECT code, request FROM bankbell_payment_requests');
    const history = await client.query('SELECT seq, tx, day FROM bankbell_history WHERE seq > $1 ORDER BY seq', [this.lastSeq]);
    const settled = parseRows(
      'bankbell_settled_requests',
      SettledRequestRow,
      (await client.query('SELECT seq, request FROM bankbell_settled_requests WHERE seq > $1 ORDER BY seq', [this.lastSettledSeq])).rows,
    );
    const next: View = {
      cursors: Object.fromEntries(parseRows('bankbell_cursors', CursorRow, cursors.rows).map((r) => [r.name, r.value])),
      baselined: Object.fromEntries(parseRows('bankbell_baselined', BaselinedRow, baselined.rows).map((r) => [r.account, r.at.toISOString()])),
      outbox: parseRows('bankbell_outbox', OutboxTableRow, outbox.rows),
      deadLetters: parseRows('bankbell_dead_letters', DeadLetterRow, deadLetters.rows),
      chatMigrations: Object.fromEntries(parseRows('bankbell_chat_migrations', MigrationRow, migrations.rows).map((r) => [r.from_chat, r.to_chat])),
      chatRules: this.readRules(parseRows('bankbell_chat_rules', ChatRulesRow, rules.rows)),
      summaries: Object.fromEntries(parseRows('bankbell_summaries', SummaryRow, summaries.rows).map((r) => [r.dest, r.day])),
      toldProblems: Object.fromEntries(parseRows('bankbell_told_problems', ToldProblemRow, told.rows).map((r) => [r.key, r.told])),
      paymentRequests: parseRows('bankbell_payment_requests', PaymentRequestRow, requests.rows)
        .map((r) => r.request)
        .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.code.localeCompare(b.code)),
    };
    const added = parseRows('bankbell_history', HistoryRow, history.rows);
    const known = new Set(this.view.outbox.map((row) => `${row.key}\n${row.dest}`));
    // New alerts, or rules another bot changed (a quiet hour lifted): the dispatcher looks again.
    const moreOwed =
      next.outbox.some((row) => !known.has(`${row.key}\n${row.dest}`)) ||
      JSON.stringify(next.chatRules) !== JSON.stringify(this.view.chatRules) ||
      // A request another bot changed (a payment it took by webhook) may owe its message an edit.
      JSON.stringify(next.paymentRequests) !== JSON.stringify(this.view.paymentRequests);
    this.view = next;
    this.version = state.version;
    this.settled.add(settled.map((row) => row.request));
    this.lastSettledSeq = settled.at(-1)?.seq ?? this.lastSettledSeq;
    const byDay = new Map<string, Transaction[]>();
    for (const row of added) {
      const txs = byDay.get(row.day) ?? [];
      txs.push(row.tx);
      byDay.set(row.day, txs);
    }
    for (const [day, txs] of byDay) this.addHistory(day, txs);
    this.lastSeq = Math.max(this.lastSeq, ...added.map((row) => row.seq));
    if (state.pruned_before !== null) this.forgetDaysBefore(state.pruned_before);
    if (moreOwed) this.notify();
  }

  /** Each chat's rules; one chat's that cannot be read fall back to the defaults, told once per change, so every bot still catches up. */
  private readRules(rows: readonly { dest: string; rules: unknown }[]): Record<string, ChatRules> {
    const { rules, unreadable } = readableRules(rows.map((row) => [row.dest, row.rules]));
    const named = unreadable.join(',');
    if (named !== this.unreadableRules) logUnreadableRules(this.options.logger, unreadable);
    this.unreadableRules = named;
    return rules;
  }

  private addHistory(day: string, txs: readonly Transaction[]): void {
    if (txs.length === 0) return;
    this.history.add(day, txs);
    this.days.add(day);
    this.listeners.tellStored(txs);
  }

  private forgetDaysBefore(cutoff: string): void {
    const newest = [...this.days].sort().at(-1);
    const old = [...this.days].filter((day) => day < cutoff && day !== newest);
    if (old.length === 0) return;
    for (const day of old) this.days.delete(day);
    if (this.history.dropFiles(old) > 0) this.listeners.tellForgotten();
  }

  /** Once a Vietnam day, deletes the history past retention, behind the commit that called it. */
  private pruneDaily(): void {
    if (vietnamDate(this.options.now()) === this.prunedDay) return;
    void this.serial(async () => {
      const now = this.options.now();
      if (vietnamDate(now) !== this.prunedDay) await this.prune(now);
    });
  }

  /** Deletes the history past retention (never the newest day), for every bot sharing the database. */
  private async prune(now: Date): Promise<void> {
    const retentionDays = this.options.retentionDays ?? DEFAULT_RETENTION_DAYS;
    const cutoff = vietnamDate(new Date(now.getTime() - retentionDays * 86_400_000));
    try {
      await this.write(async (client) => {
        await client.query('DELETE FROM bankbell_history WHERE day < $1 AND day < (SELECT max(day) FROM bankbell_history)', [cutoff]);
        const cutoffMs = now.getTime() - retentionDays * 86_400_000;
        await client.query('DELETE FROM bankbell_alert_messages WHERE at < $1', [cutoffMs]);
        await client.query('DELETE FROM bankbell_acknowledgements WHERE at < $1', [cutoffMs]);
        // /qr requests done with go 45 days after they were made, whatever the history's retention.
        const oldRequests = this.settled.expired(now);
        await client.query('DELETE FROM bankbell_settled_requests WHERE created_at <= $1', [now.getTime() - REQUEST_RETENTION_MS]);
        await client.query('UPDATE bankbell_state SET pruned_before = greatest(coalesce(pruned_before, $1), $1) WHERE id = 1', [cutoff]);
        return () => {
          this.forgetDaysBefore(cutoff);
          this.settled.forget(oldRequests);
        };
      });
      this.prunedDay = vietnamDate(now);
    } catch (error) {
      this.options.logger?.warn('history.prune_failed', { error: String(error), retry: 'at the next commit' });
    }
  }

  private failed(error: unknown): never {
    this.writability.failed(error);
    throw error;
  }


}

/**
 * Whether the server refused the statement for the data in it (SQLSTATE class 22, data
 * exception, e.g. text no column takes; class 23, a constraint), rather than because it cannot
 * write at all: the first is that one write's failure, the second makes the state unwritable.
 */
function refusedForContent(error: unknown): boolean {
  const code = error instanceof pg.DatabaseError ? error.code : undefined;
  return code !== undefined && (code.startsWith('22') || code.startsWith('23'));
}

function pollCommit(change: Commit): boolean {
  return Object.keys(change.cursors ?? {}).length > 0 || (change.baselined ?? []).length > 0;
}

async function deleteOutbox(client: Tx, rows: readonly OutboxRow[]): Promise<void> {
  await client.query(
    'DELETE FROM bankbell_outbox o USING unnest($1::text[], $2::text[]) AS r(key, dest) WHERE o.key = r.key AND o.dest = r.dest',
    [rows.map((r) => r.key), rows.map((r) => r.dest)],
  );
}

async function selectAcknowledgements(client: pg.ClientBase | pg.Pool, dest: string, keys: readonly string[]): Promise<Acknowledgement[]> {
  const { rows } = await client.query('SELECT key, dest, by_name, at FROM bankbell_acknowledgements WHERE dest = $1 AND key = ANY($2::text[])', [
    dest,
    keys,
  ]);
  return parseRows('bankbell_acknowledgements', AcknowledgementRow, rows);
}
