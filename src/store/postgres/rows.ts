import { z } from 'zod';
import type { Acknowledgement, AlertMessage } from '../../core/acknowledgement.js';
import { CounterSecret, type CounterLink } from '../../core/counter-link.js';
import { Transaction } from '../../core/model.js';
import { PaymentCheck } from '../../core/payment-check.js';
import { PaymentRequest, SettledRequest } from '../../core/payment-request.js';
import { ToldProblem } from '../../core/service-notice.js';
import { RequestAnswer, type DeadLetter, type OutboxRow } from '../state-schema.js';

/**
 * What the tables answer, parsed like any other answer: a row another program (or an older
 * bankbell) wrote wrongly is refused with its table named, not trusted. `bigint` columns
 * arrive as strings (they may exceed a double); epoch milliseconds always fit one.
 */
export const epochMs = z.coerce.number().int();

export const StateRow = z.object({
  version: epochMs,
  epoch: epochMs,
  leader: z.string().nullable(),
  pruned_before: z.string().nullable(),
});
export type StateRow = z.infer<typeof StateRow>;

export const CursorRow = z.object({ name: z.string(), value: z.string() });
export const BaselinedRow = z.object({ account: z.string(), at: z.date() });
export const MovedRow = z.object({ dest: z.string(), to_id: z.string() });
/** A Telegram group that became a supergroup, by chat id, as bankbells before `bankbell_moved` recorded it. */
export const MigrationRow = z.object({ from_chat: z.string(), to_chat: z.string() });
/** The rules themselves are read chat by chat (stored-rules.ts): one chat's cannot stop the catch-up. */
export const ChatRulesRow = z.object({ dest: z.string(), rules: z.unknown() });
export const PaymentRequestRow = z.object({ code: z.string(), request: PaymentRequest });
export const PaymentCheckRow = z.object({ id: z.string(), check: PaymentCheck });
export const SettledRequestRow = z.object({ seq: epochMs, request: SettledRequest });
export const SummaryRow = z.object({ dest: z.string(), day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/) });
export const ToldProblemRow = z.object({ key: z.string(), told: ToldProblem });

export const CounterLinkRow = z
  .object({ dest: z.string(), secret: CounterSecret, created_at: z.date() })
  .transform((r): { dest: string; link: CounterLink } => ({ dest: r.dest, link: { secret: r.secret, createdAt: r.created_at.toISOString() } }));

export const HistoryRow = z.object({
  seq: epochMs,
  tx: Transaction,
  alert: z.boolean(),
  stored_at: epochMs,
  day: z.string(),
  answered: RequestAnswer.nullable(),
});
export type HistoryRow = z.infer<typeof HistoryRow>;

export const OutboxTableRow = z
  .object({
    key: z.string(),
    dest: z.string(),
    attempts: z.number().int().nonnegative(),
    next_at: epochMs,
    last_error: z.string().nullable(),
    created_at: epochMs,
  })
  .transform(
    (r): OutboxRow => ({ key: r.key, dest: r.dest, attempts: r.attempts, nextAt: r.next_at, lastError: r.last_error, createdAt: r.created_at }),
  );

export const DeadLetterRow = z
  .object({ dest: z.string(), tx: Transaction, error: z.string(), at: epochMs })
  .transform((r): DeadLetter => ({ dest: r.dest, tx: r.tx, error: r.error, at: r.at }));

export const AlertMessageRow = z
  .object({ dest: z.string(), ref: z.string(), keys: z.array(z.string()).min(1), at: epochMs })
  .transform((r): AlertMessage => ({ dest: r.dest, ref: r.ref, keys: r.keys, at: r.at }));

export const AcknowledgementRow = z
  .object({ key: z.string(), dest: z.string(), by_name: z.string(), at: epochMs })
  .transform((r): Acknowledgement => ({ key: r.key, dest: r.dest, by: r.by_name, at: r.at }));

/** Parses every row of a table's answer, naming the table when one does not fit. */
export function parseRows<S extends z.ZodType>(table: string, schema: S, rows: readonly unknown[]): z.output<S>[] {
  return rows.map((row) => {
    const parsed = schema.safeParse(row);
    if (!parsed.success) throw new Error(`${table}: a row does not have the shape bankbell writes (${z.prettifyError(parsed.error)})`);
    return parsed.data;
  });
}
