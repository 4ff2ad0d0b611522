import type pg from 'pg';
import type { Acknowledgement, AlertMessage } from '../../core/acknowledgement.js';
import type { ChatRules } from '../../core/chat-rules.js';
import type { CounterLink } from '../../core/counter-link.js';
import { transactionKey, type Transaction } from '../../core/model.js';
import { reportName, type AliasesOf } from '../../core/payment-aliases.js';
import type { PaymentCheck } from '../../core/payment-check.js';
import { settledOf, type PaymentRequest, type SettledRequest } from '../../core/payment-request.js';
import { leftRequests } from '../payment-requests.js';
import type { DeadLetter, OutboxRow, RequestAnswer } from '../state-schema.js';
import type { ToldProblem } from '../../core/service-notice.js';
import { foldVietnamese } from '../../search/fold.js';

/** The writes of the store and of the import of a DATA_DIR state, each one statement over arrays. */
type Client = pg.ClientBase;

/** Half a surrogate pair on its own, or a NUL: text that JavaScript holds and jsonb refuses. */
// eslint-disable-next-line no-control-regex -- the NUL is what it looks for
const UNSTORABLE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]|\u0000/g;

/**
 * A value as jsonb text. Transfer content is untrusted and may hold what jsonb refuses (a NUL,
 * half an emoji); refused, the whole commit would be, again at every retry, and the payments with
 * it. Such characters are stored as U+FFFD, as a chat would show them.
 */
function jsonb(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'string' ? storable(v) : v));
}

/** Text as the database stores it (see `jsonb`). */
function storable(text: string): string {
  return text.replace(UNSTORABLE, '\ufffd');
}

/**
 * What /find and the commands sharing its search look for, as columns (history-queries.ts): the
 * account, the instant (epoch ms), the amount without its sign, and the content folded as the
 * in-memory index folds it (src/search/fold.ts), computed here because SQL cannot fold the same way.
 */
export function searchColumns(tx: Transaction): { account: string; occurredMs: number; amountAbs: number; folded: string } {
  const occurredMs = Date.parse(tx.occurredAt);
  return {
    account: tx.accountNumber,
    // An instant that cannot be read is the oldest, outside every date bound, as in memory.
    occurredMs: Number.isNaN(occurredMs) ? Number.MIN_SAFE_INTEGER : occurredMs,
    amountAbs: Math.abs(tx.amount),
    folded: foldVietnamese(storable(tx.content)),
  };
}

export interface HistoryInsert {
  tx: Transaction;
  alert: boolean;
  storedAt: number;
  /** The Vietnam day it was stored on: retention drops whole days. */
  day: string;
  /** The /qr request it answered. */
  answered: RequestAnswer | null;
}

/** Inserts history rows with the other names of their payments; returns the rows' sequence numbers. */
export async function insertHistory(client: Client, rows: readonly HistoryInsert[], aliases: AliasesOf): Promise<number[]> {
  if (rows.length === 0) return [];
  const columns = rows.map(({ tx }) => searchColumns(tx));
  const result = await client.query<{ seq: string }>(
    `INSERT INTO bankbell_history (key, tx, alert, stored_at, day, answered, account, occurred_ms, amount_abs, folded)
     SELECT k, t, a, s, d, q, c, o, m, f
     FROM unnest($1::text[], $2::jsonb[], $3::boolean[], $4::bigint[], $5::text[], $6::jsonb[], $7::text[], $8::bigint[], $9::bigint[], $10::text[])
       WITH ORDINALITY AS r(k, t, a, s, d, q, c, o, m, f, n)
     ORDER BY n RETURNING seq`,
    [
      rows.map(({ tx }) => transactionKey(tx)),
      rows.map(({ tx }) => jsonb(tx)),
      rows.map(({ alert }) => alert),
      rows.map(({ storedAt }) => storedAt),
      rows.map(({ day }) => day),
      rows.map(({ answered }) => (answered === null ? null : jsonb(answered))),
      columns.map((c) => c.account),
      columns.map((c) => c.occurredMs),
      columns.map((c) => c.amountAbs),
      columns.map((c) => c.folded),
    ],
  );
  // Two payments may share a name (same account, amount and reference); the later one keeps it.
  const names = [
    ...new Map(
      rows.flatMap(({ tx }) => {
        const name = reportName(tx, aliases(tx).numbering);
        return name === null ? [] : [[name, transactionKey(tx)] as const];
      }),
    ),
  ];
  if (names.length > 0) {
    const numberings = [...new Set(rows.map(({ tx }) => aliases(tx).numbering))];
    await client.query('INSERT INTO bankbell_numberings (numbering) SELECT unnest($1::text[]) ON CONFLICT DO NOTHING', [numberings]);
    await client.query(
      `INSERT INTO bankbell_payment_names (name, key) SELECT * FROM unnest($1::text[], $2::text[])
       ON CONFLICT (name) DO UPDATE SET key = excluded.key`,
      [names.map(([name]) => name), names.map(([, key]) => key)],
    );
  }
  return result.rows.map((row) => Number(row.seq));
}

/** Appends outbox rows, in order (the order chats get them in). */
export async function insertOutbox(client: Client, rows: readonly OutboxRow[]): Promise<void> {
  if (rows.length === 0) return;
  await client.query(
    `INSERT INTO bankbell_outbox (key, dest, attempts, next_at, last_error, created_at)
     SELECT k, d, a, x, e, c FROM unnest($1::text[], $2::text[], $3::int[], $4::bigint[], $5::text[], $6::bigint[]) WITH ORDINALITY AS r(k, d, a, x, e, c, n)
     ORDER BY n`,
    [
      rows.map((r) => r.key),
      rows.map((r) => r.dest),
      rows.map((r) => r.attempts),
      rows.map((r) => r.nextAt),
      rows.map((r) => r.lastError),
      rows.map((r) => r.createdAt),
    ],
  );
}

export async function upsertCursors(client: Client, cursors: Readonly<Record<string, string>>): Promise<void> {
  if (Object.keys(cursors).length === 0) return;
  await client.query(
    `INSERT INTO bankbell_cursors (name, value) SELECT * FROM unnest($1::text[], $2::text[])
     ON CONFLICT (name) DO UPDATE SET value = excluded.value`,
    [Object.keys(cursors), Object.values(cursors)],
  );
}

/** Records accounts as baselined (`account` → ISO time); one already recorded keeps its time. */
export async function insertBaselined(client: Client, baselined: Readonly<Record<string, string>>): Promise<void> {
  if (Object.keys(baselined).length === 0) return;
  await client.query(
    `INSERT INTO bankbell_baselined (account, at) SELECT * FROM unnest($1::text[], $2::timestamptz[])
     ON CONFLICT (account) DO NOTHING`,
    [Object.keys(baselined), Object.values(baselined)],
  );
}

/** Removes outbox rows (by payment and destination). */
export async function deleteOutbox(client: Client, rows: readonly OutboxRow[]): Promise<void> {
  if (rows.length === 0) return;
  await client.query(
    'DELETE FROM bankbell_outbox o USING unnest($1::text[], $2::text[]) AS r(key, dest) WHERE o.key = r.key AND o.dest = r.dest',
    [rows.map((r) => r.key), rows.map((r) => r.dest)],
  );
}

/** Records outbox rows' tries: attempts, when next, and why the last failed. */
export async function updateOutbox(client: Client, rows: readonly OutboxRow[]): Promise<void> {
  if (rows.length === 0) return;
  await client.query(
    `UPDATE bankbell_outbox o SET attempts = r.attempts, next_at = r.next_at, last_error = r.last_error
     FROM unnest($1::text[], $2::text[], $3::int[], $4::bigint[], $5::text[]) AS r(key, dest, attempts, next_at, last_error)
     WHERE o.key = r.key AND o.dest = r.dest`,
    [rows.map((r) => r.key), rows.map((r) => r.dest), rows.map((r) => r.attempts), rows.map((r) => r.nextAt), rows.map((r) => r.lastError)],
  );
}

export async function insertDeadLetters(client: Client, dead: readonly DeadLetter[]): Promise<void> {
  if (dead.length === 0) return;
  await client.query(
    `INSERT INTO bankbell_dead_letters (dest, tx, error, at)
     SELECT d, t, e, a FROM unnest($1::text[], $2::jsonb[], $3::text[], $4::bigint[]) WITH ORDINALITY AS r(d, t, e, a, n) ORDER BY n`,
    [dead.map((d) => d.dest), dead.map((d) => jsonb(d.tx)), dead.map((d) => d.error), dead.map((d) => d.at)],
  );
}

export async function upsertChatRules(client: Client, rules: Readonly<Record<string, ChatRules>>): Promise<void> {
  if (Object.keys(rules).length === 0) return;
  await client.query(
    `INSERT INTO bankbell_chat_rules (dest, rules) SELECT * FROM unnest($1::text[], $2::jsonb[])
     ON CONFLICT (dest) DO UPDATE SET rules = excluded.rules`,
    [Object.keys(rules), Object.values(rules).map(jsonb)],
  );
}

/** Records chats' counter screen links (`dest` → link). */
export async function upsertCounterLinks(client: Client, links: Readonly<Record<string, CounterLink>>): Promise<void> {
  if (Object.keys(links).length === 0) return;
  await client.query(
    `INSERT INTO bankbell_counter_links (dest, secret, created_at) SELECT * FROM unnest($1::text[], $2::text[], $3::timestamptz[])
     ON CONFLICT (dest) DO UPDATE SET secret = excluded.secret, created_at = excluded.created_at`,
    [Object.keys(links), Object.values(links).map((l) => l.secret), Object.values(links).map((l) => l.createdAt)],
  );
}

/** Revokes chats' counter screen links. */
export async function deleteCounterLinks(client: Client, dests: readonly string[]): Promise<void> {
  if (dests.length === 0) return;
  await client.query('DELETE FROM bankbell_counter_links WHERE dest = ANY($1::text[])', [dests]);
}

/** Records the day each destination's daily summary was posted (`dest` → `YYYY-MM-DD`). */
export async function upsertSummaries(client: Client, days: Readonly<Record<string, string>>): Promise<void> {
  if (Object.keys(days).length === 0) return;
  await client.query(
    `INSERT INTO bankbell_summaries (dest, day) SELECT * FROM unnest($1::text[], $2::text[])
     ON CONFLICT (dest) DO UPDATE SET day = excluded.day`,
    [Object.keys(days), Object.values(days)],
  );
}

/** Forgets service notices whose end was told. */
export async function deleteToldProblems(client: Client, keys: readonly string[]): Promise<void> {
  if (keys.length === 0) return;
  await client.query('DELETE FROM bankbell_told_problems WHERE key = ANY($1::text[])', [keys]);
}

/** Records service notices told whose end is not told yet, by problem key. */
export async function upsertToldProblems(client: Client, told: Readonly<Record<string, ToldProblem>>): Promise<void> {
  if (Object.keys(told).length === 0) return;
  await client.query(
    `INSERT INTO bankbell_told_problems (key, told) SELECT * FROM unnest($1::text[], $2::jsonb[])
     ON CONFLICT (key) DO UPDATE SET told = excluded.told`,
    [Object.keys(told), Object.values(told).map(jsonb)],
  );
}

/** Records where destinations' chats moved (`dest` → the id it posts to now). */
export async function upsertMoved(client: Client, moved: Readonly<Record<string, string>>): Promise<void> {
  if (Object.keys(moved).length === 0) return;
  await client.query(
    `INSERT INTO bankbell_moved (dest, to_id) SELECT * FROM unnest($1::text[], $2::text[])
     ON CONFLICT (dest) DO UPDATE SET to_id = excluded.to_id`,
    [Object.keys(moved), Object.values(moved)],
  );
}

/**
 * Brings the requests table from `before` to `after`: changed and new ones written (only those:
 * a commit rewrites no other request), and those `after` lets go moved to the settled ones.
 */
export async function syncPaymentRequests(client: Client, before: readonly PaymentRequest[], after: readonly PaymentRequest[]): Promise<void> {
  const old = new Map(before.map((r) => [r.code, r]));
  const changed = after.filter((r) => old.get(r.code) !== r);
  const gone = leftRequests(before, after);
  if (changed.length > 0) {
    await client.query(
      `INSERT INTO bankbell_payment_requests (code, request) SELECT * FROM unnest($1::text[], $2::jsonb[])
       ON CONFLICT (code) DO UPDATE SET request = excluded.request`,
      [changed.map((r) => r.code), changed.map(jsonb)],
    );
  }
  if (gone.length === 0) return;
  await insertSettledRequests(client, gone.map(settledOf));
  await client.query('DELETE FROM bankbell_payment_requests WHERE code = ANY($1::text[])', [gone.map((r) => r.code)]);
}

/** Brings the checks table from `before` to `after`: changed and new ones written, those `after` lets go deleted. */
export async function syncPaymentChecks(client: Client, before: readonly PaymentCheck[], after: readonly PaymentCheck[]): Promise<void> {
  const old = new Map(before.map((c) => [c.id, c]));
  const changed = after.filter((c) => old.get(c.id) !== c);
  const kept = new Set(after.map((c) => c.id));
  const gone = before.filter((c) => !kept.has(c.id)).map((c) => c.id);
  if (changed.length > 0) {
    await client.query(
      `INSERT INTO bankbell_payment_checks (id, "check") SELECT * FROM unnest($1::text[], $2::jsonb[])
       ON CONFLICT (id) DO UPDATE SET "check" = excluded."check"`,
      [changed.map((c) => c.id), changed.map(jsonb)],
    );
  }
  if (gone.length > 0) await client.query('DELETE FROM bankbell_payment_checks WHERE id = ANY($1::text[])', [gone]);
}

/** Keeps requests done with (a code already kept stays as it is). */
export async function insertSettledRequests(client: Client, settled: readonly SettledRequest[]): Promise<void> {
  if (settled.length === 0) return;
  await client.query(
    `INSERT INTO bankbell_settled_requests (code, request, created_at)
     SELECT * FROM unnest($1::text[], $2::jsonb[], $3::bigint[]) ON CONFLICT (code) DO NOTHING`,
    [settled.map((r) => r.code), settled.map(jsonb), settled.map((r) => Date.parse(r.createdAt))],
  );
}

/** Remembers which payments a message with the acknowledge button carried. */
export async function insertAlertMessages(client: Client, messages: readonly AlertMessage[]): Promise<void> {
  if (messages.length === 0) return;
  await client.query(
    `INSERT INTO bankbell_alert_messages (dest, ref, keys, at)
     SELECT d, r, ARRAY(SELECT jsonb_array_elements_text(k)), a FROM unnest($1::text[], $2::text[], $3::jsonb[], $4::bigint[]) AS m(d, r, k, a)
     ON CONFLICT (dest, ref) DO UPDATE SET keys = excluded.keys, at = excluded.at`,
    [messages.map((m) => m.dest), messages.map((m) => m.ref), messages.map((m) => jsonb(m.keys)), messages.map((m) => m.at)],
  );
}

/** Records acknowledgements; one already recorded for that payment and chat stays (the first press wins). */
export async function insertAcknowledgements(client: Client, acks: readonly Acknowledgement[]): Promise<void> {
  if (acks.length === 0) return;
  await client.query(
    `INSERT INTO bankbell_acknowledgements (key, dest, by_name, at)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[]) ON CONFLICT (key, dest) DO NOTHING`,
    [acks.map((a) => a.key), acks.map((a) => a.dest), acks.map((a) => a.by), acks.map((a) => a.at)],
  );
}
