import { z } from 'zod';
import { ChatRules } from '../core/chat-rules.js';
import { CounterLink } from '../core/counter-link.js';
import { Transaction } from '../core/model.js';
import { PaymentCode, PaymentRequest } from '../core/payment-request.js';
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

/**
 * The /qr request a payment answered, as its alert names it. Recorded with the payment in the
 * commit that counts it against the request, and kept as long as the payment is: the request
 * itself may be forgotten sooner.
 */
export const RequestAnswer = z.object({ code: PaymentCode, note: z.string() });
export type RequestAnswer = z.infer<typeof RequestAnswer>;

/**
 * The small state, held whole in memory by every bot (src/store/memory-store.ts) as named
 * slices; the history of payments, the acknowledgements and the requests done with grow with
 * time and are kept beside it. Each slice absent in a state written before it existed is empty.
 */
export const State = z.object({
  /** Per-source polling cursors, e.g. `sepay:v1` → last transaction id stored. */
  cursors: z.record(z.string(), z.string()),
  /** Accounts whose existing transactions were recorded as seen (`casso:<id>` → when). */
  baselined: z.record(z.string(), z.iso.datetime()),
  outbox: z.array(OutboxRow),
  deadLetters: z.array(DeadLetter).default([]),
  /** Destinations whose chat moved to a new id (a Telegram group that became a supergroup): destination → the id it posts to now. */
  moved: z.record(z.string(), z.string()).default({}),
  /** Rules each chat set for itself, by destination (`telegram:<chat id>[:<topic id>]`, `slack:<channel id>`); absent = defaults. */
  chatRules: z.record(z.string(), ChatRules).default({}),
  /** The last day (`YYYY-MM-DD`, TZ_DISPLAY) each destination's daily /summary was posted; absent = never. */
  summaries: z.record(z.string(), z.string().regex(/^\d{4}-\d{2}-\d{2}$/)).default({}),
  /** Service notices told whose end is not told yet, by problem key. */
  toldProblems: z.record(z.string(), ToldProblem).default({}),
  /** `/qr` payment requests, open and recent (those done with are kept apart, see `SettledRequest`). */
  paymentRequests: z.array(PaymentRequest).default([]),
  /** Each chat's counter screen link, by destination; absent = none (never made, or revoked). */
  counterLinks: z.record(z.string(), CounterLink).default({}),
});
export type State = z.infer<typeof State>;

export const EMPTY_STATE: State = Object.freeze({
  cursors: {},
  baselined: {},
  outbox: [],
  deadLetters: [],
  moved: {},
  chatRules: {},
  summaries: {},
  toldProblems: {},
  paymentRequests: [],
  counterLinks: {},
});
