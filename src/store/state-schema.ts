import { z } from 'zod';
import { ChatRules } from '../core/chat-rules.js';
import { Transaction } from '../core/model.js';
import { PaymentRequest } from '../core/payment-request.js';
import { ToldProblem } from '../core/service-notice.js';

/**
 * One alert still owed to one destination. Rows are created in the same commit that stores
 * the transaction, and removed only after the chat accepted the message.
 */
export const OutboxRow = z.object({
  /** The transaction's key (`provider:id`); the transaction itself lives in the history. */
  key: z.string(),
  /** `telegram:<chat id>`, `slack:<channel id>` or `console`. */
  dest: z.string(),
  attempts: z.number().int().nonnegative(),
  /** Not before this instant (epoch ms): backoff and rate-limit waits survive restarts. */
  nextAt: z.number(),
  lastError: z.string().nullable(),
  createdAt: z.number(),
});
export type OutboxRow = z.infer<typeof OutboxRow>;

/**
 * An alert a chat refused for good (the platform rejected the message as such). It is taken
 * out of the chat's queue so that later alerts still go out, and kept here, with the payment
 * itself, for the operator to see in `npm run doctor`.
 */
export const DeadLetter = z.object({
  dest: z.string(),
  tx: Transaction,
  error: z.string(),
  /** When the chat refused it (epoch ms). */
  at: z.number(),
});
export type DeadLetter = z.infer<typeof DeadLetter>;

/** How far the history journal is committed: bytes of `file` that this state accounts for. */
export const HistoryMark = z.object({ file: z.string(), size: z.number().int().nonnegative() });
export type HistoryMark = z.infer<typeof HistoryMark>;

export const State = z.object({
  version: z.literal(1),
  createdAt: z.iso.datetime(),
  /** Per-source polling cursors, e.g. `sepay:v1` → last transaction id stored. */
  cursors: z.record(z.string(), z.string()),
  /** Accounts whose existing transactions were recorded as seen (`casso:<id>` → when). */
  baselined: z.record(z.string(), z.iso.datetime()),
  outbox: z.array(OutboxRow),
  history: HistoryMark.nullable(),
  /** Telegram groups that became supergroups: old chat id → new chat id. */
  chatMigrations: z.record(z.string(), z.string()),
  /** Absent in states written before dead letters existed. */
  deadLetters: z.array(DeadLetter).default([]),
  /** Rules each chat set for itself, by destination (`telegram:<chat id>[:<topic id>]`, `slack:<channel id>`); absent = defaults. */
  chatRules: z.record(z.string(), ChatRules).default({}),
  /** The last day (`YYYY-MM-DD`, TZ_DISPLAY) each destination's daily /summary was posted; absent = never. */
  summaries: z.record(z.string(), z.string().regex(/^\d{4}-\d{2}-\d{2}$/)).default({}),
  /** Service notices told whose end is not told yet, by problem key. */
  toldProblems: z.record(z.string(), ToldProblem).default({}),
  /** `/qr` payment requests, open and recent; absent in states written before they existed. */
  paymentRequests: z.array(PaymentRequest).default([]),
});
export type State = z.infer<typeof State>;

export function emptyState(now: Date): State {
  return {
    version: 1,
    createdAt: now.toISOString(),
    cursors: {},
    baselined: {},
    outbox: [],
    history: null,
    chatMigrations: {},
    deadLetters: [],
    chatRules: {},
    summaries: {},
    toldProblems: {},
    paymentRequests: [],
  };
}
