import type pg from 'pg';
import { z } from 'zod';
import type { ChatRules } from '../../core/chat-rules.js';
import type { Logger } from '../../log/logger.js';
import type { Mirror, StoredPayment } from '../persistence.js';
import type { State } from '../state-schema.js';
import { logUnreadableRules, readableRules } from '../stored-rules.js';
import {
  BaselinedRow,
  ChatRulesRow,
  CounterLinkRow,
  CursorRow,
  DeadLetterRow,
  epochMs,
  HistoryRow,
  MigrationRow,
  MovedRow,
  OutboxTableRow,
  parseRows,
  PaymentCheckRow,
  PaymentRequestRow,
  SettledRequestRow,
  StateRow,
  SummaryRow,
  ToldProblemRow,
} from './rows.js';
import { inTransaction } from './transaction.js';

/**
 * Sync between the bots sharing a database: what this bot has read of it, and how it reads what
 * the others committed since. Every write bumps the state row's version; a bot whose view is
 * older reads the small state whole again, and the history and requests done with past the last
 * rows it holds. Applied to memory at once: it is already committed.
 */
export class DatabaseSync {
  /** The state row's version the memory shows, and the last history row and request done with it holds. */
  private version = -1;
  private lastSeq = 0;
  private lastSettledSeq = 0;
  /** The chats whose stored rules could not be read at the last catch-up, as logged. */
  private unreadableRules = '';

  /** `windowDays`: the newest days of history memory holds (with the payments the outbox names). */
  constructor(
    private readonly logger: Logger | undefined,
    private readonly windowDays: number,
  ) {}

  /** Reads what changed since this bot's view, from one consistent snapshot. */
  async load(pool: pg.Pool, mirror: Mirror): Promise<void> {
    const client = await pool.connect();
    try {
      await inTransaction(client, 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY', async () => {
        await this.catchUp(client, await readStateRow(client, 'SELECT version, epoch, leader, pruned_before FROM bankbell_state'), mirror);
      });
      client.release();
    } catch (error) {
      client.release(error instanceof Error ? error : true);
      throw error;
    }
  }

  /** Reads what changed since this bot's view, where `state` was read (a writer's transaction, the state row locked). */
  async catchUp(client: pg.ClientBase, state: StateRow, mirror: Mirror): Promise<void> {
    if (state.version === this.version) return;
    // One after another: a connection runs one query at a time.
    const cursors = await client.query('SELECT name, value FROM bankbell_cursors');
    const baselined = await client.query('SELECT account, at FROM bankbell_baselined');
    const outbox = await client.query('SELECT key, dest, attempts, next_at, last_error, created_at FROM bankbell_outbox ORDER BY seq');
    const deadLetters = await client.query('SELECT dest, tx, error, at FROM bankbell_dead_letters ORDER BY seq');
    const migrations = await client.query('SELECT from_chat, to_chat FROM bankbell_chat_migrations');
    const moved = await client.query('SELECT dest, to_id FROM bankbell_moved');
    const rules = await client.query('SELECT dest, rules FROM bankbell_chat_rules');
    const summaries = await client.query('SELECT dest, day FROM bankbell_summaries');
    const told = await client.query('SELECT key, told FROM bankbell_told_problems');
    const requests = await client.query('SELECT code, request FROM bankbell_payment_requests');
    const checks = await client.query('SELECT id, "check" FROM bankbell_payment_checks');
    const counterLinks = await client.query('SELECT dest, secret, created_at FROM bankbell_counter_links');
    // Days only ever follow one another: rows stored later are in the window too.
    const history = await client.query(
      `SELECT seq, tx, alert, stored_at, day, answered FROM bankbell_history
       WHERE seq > $1 AND (day >= (SELECT to_char(max(day)::date - $2::int, 'YYYY-MM-DD') FROM bankbell_history) OR key IN (SELECT key FROM bankbell_outbox))
       ORDER BY seq`,
      [this.lastSeq, this.windowDays - 1],
    );
    const top = parseRows('bankbell_history', z.object({ top: epochMs.nullable() }), (await client.query('SELECT max(seq) AS top FROM bankbell_history')).rows)[0]?.top;
    const settled = parseRows(
      'bankbell_settled_requests',
      SettledRequestRow,
      (await client.query('SELECT seq, request FROM bankbell_settled_requests WHERE seq > $1 ORDER BY seq', [this.lastSettledSeq])).rows,
    );
    const next: State = {
      cursors: Object.fromEntries(parseRows('bankbell_cursors', CursorRow, cursors.rows).map((r) => [r.name, r.value])),
      baselined: Object.fromEntries(parseRows('bankbell_baselined', BaselinedRow, baselined.rows).map((r) => [r.account, r.at.toISOString()])),
      outbox: parseRows('bankbell_outbox', OutboxTableRow, outbox.rows),
      deadLetters: parseRows('bankbell_dead_letters', DeadLetterRow, deadLetters.rows),
      moved: Object.fromEntries([
        ...parseRows('bankbell_chat_migrations', MigrationRow, migrations.rows).map((r) => [`telegram:${r.from_chat}`, r.to_chat]),
        ...parseRows('bankbell_moved', MovedRow, moved.rows).map((r) => [r.dest, r.to_id]),
      ]),
      chatRules: this.readRules(parseRows('bankbell_chat_rules', ChatRulesRow, rules.rows)),
      summaries: Object.fromEntries(parseRows('bankbell_summaries', SummaryRow, summaries.rows).map((r) => [r.dest, r.day])),
      toldProblems: Object.fromEntries(parseRows('bankbell_told_problems', ToldProblemRow, told.rows).map((r) => [r.key, r.told])),
      paymentRequests: parseRows('bankbell_payment_requests', PaymentRequestRow, requests.rows)
        .map((r) => r.request)
        .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.code.localeCompare(b.code)),
      paymentChecks: parseRows('bankbell_payment_checks', PaymentCheckRow, checks.rows)
        .map((r) => r.check)
        .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id)),
      counterLinks: Object.fromEntries(parseRows('bankbell_counter_links', CounterLinkRow, counterLinks.rows).map(({ dest, link }) => [dest, link])),
    };
    const added = parseRows('bankbell_history', HistoryRow, history.rows);
    // In the order they were stored: days only ever follow one another.
    const batches = new Map<string, StoredPayment[]>();
    for (const row of added) {
      const entry = { tx: row.tx, alert: row.alert, storedAt: row.stored_at, answered: row.answered };
      // Pushed, not copied: a day holds tens of thousands in a busy chain.
      const batch = batches.get(row.day) ?? [];
      batch.push(entry);
      batches.set(row.day, batch);
    }
    const days = [...new Set([...mirror.buckets(), ...batches.keys()])];
    mirror.adopt({
      state: next,
      settled: settled.map((row) => row.request),
      history: [...batches].map(([bucket, entries]) => ({ bucket, entries })),
      forget: state.pruned_before === null ? [] : daysBefore(state.pruned_before, days),
    });
    this.lastSettledSeq = settled.at(-1)?.seq ?? this.lastSettledSeq;
    this.committed(state.version, [...added.map((row) => row.seq), top ?? 0]);
  }

  /** This bot's own write committed: its memory shows `version`, and holds the history rows `seqs`. */
  committed(version: number, seqs: readonly number[]): void {
    this.version = version;
    // A loop, not a spread: a catch-up may bring more rows than a call takes arguments.
    for (const seq of seqs) if (seq > this.lastSeq) this.lastSeq = seq;
  }

  /** Each chat's rules; one chat's that cannot be read fall back to the defaults, told once per change, so every bot still catches up. */
  private readRules(rows: readonly { dest: string; rules: unknown }[]): Record<string, ChatRules> {
    const { rules, unreadable } = readableRules(rows.map((row) => [row.dest, row.rules]));
    const named = unreadable.join(',');
    if (named !== this.unreadableRules) logUnreadableRules(this.logger, unreadable);
    this.unreadableRules = named;
    return rules;
  }
}

/** The state row, as `query` reads it. */
export async function readStateRow(client: pg.ClientBase, query: string): Promise<StateRow> {
  const [state] = parseRows('bankbell_state', StateRow, (await client.query(query)).rows);
  if (state === undefined) throw new Error('bankbell_state: the state row is missing');
  return state;
}

/** The days of history before `cutoff` that retention dropped: all of them but the newest, which is never dropped. */
export function daysBefore(cutoff: string, days: readonly string[]): string[] {
  const newest = [...days].sort().at(-1);
  return days.filter((day) => day < cutoff && day !== newest);
}
