import type { TransactionSearch } from '../search/history-search.js';
import type { Acknowledgement, AlertMessage, Press, PressOutcome } from '../core/acknowledgement.js';
import type { ChatRules } from '../core/chat-rules.js';
import type { CounterLink } from '../core/counter-link.js';
import type { Transaction } from '../core/model.js';
import type { CheckOutcome, PaymentCheck } from '../core/payment-check.js';
import type { AddOutcome, PaymentRequest, SettledRequest } from '../core/payment-request.js';
import type { PollState } from '../core/poll.js';
import type { StoredPayment } from './persistence.js';
import type { DeadLetter, OutboxRow, RequestAnswer } from './state-schema.js';
import type { ToldProblem } from '../core/service-notice.js';

/** What one poll (or webhook delivery) hands to the store in a single commit. */
export interface Commit {
  transactions: readonly { tx: Transaction; alert: boolean }[];
  /** Cursor values that become true once these transactions are stored. */
  cursors?: Readonly<Record<string, string>>;
  /** Accounts whose existing transactions are now recorded as seen. */
  baselined?: readonly string[];
  /** Where alerts go; one outbox row per alerted transaction and destination. */
  destinations: readonly string[];
}

/**
 * What a store tells its listeners, each once the change that caused it is stored (by this bot
 * or, sharing a database, by another):
 * - `outbox-grew`: alerts became owed;
 * - `rules-changed`: a chat's rules changed (alerts held by the old ones may be due now);
 * - `requests-changed`: a /qr request changed (its message may owe an edit);
 * - `checks-changed`: a /check answer changed (its message may owe an edit);
 * - `writable-again`: writes work again after failing (what was held may go now);
 * - `counters-changed`: a chat's counter screen link was made or revoked.
 */
export type StoreEvent = 'outbox-grew' | 'rules-changed' | 'requests-changed' | 'checks-changed' | 'writable-again' | 'counters-changed';

/**
 * Everything the bot asks of its state, and all it may ask: the files in DATA_DIR are one
 * implementation, a database shared by several bots can be another. Whatever the
 * implementation, each change is all or nothing, and what it answers is what is durably
 * stored: a change that failed to write leaves it exactly as before.
 */
export interface StateStore extends PollState {
  /** True when no state existed: nothing has been baselined yet. */
  readonly firstStart: boolean;
  /** False while changes cannot be written: alerts are held, new payments refused. */
  readonly writable: boolean;
  /**
   * Brings what this bot holds up to what is stored (other bots' writes included), and tries a
   * write at once if writes were failing: a new leader does this before it acts.
   */
  refresh(): Promise<void>;

  // History (beyond what poll sources ask, see PollState): the transactions seen, for /find.
  /** What /find, /report, /export and /qr's code search ask of the history. */
  readonly search: TransactionSearch;
  get(key: string): Transaction | undefined;
  transactions(): Iterable<Transaction>;
  readonly size: number;
  /** Called with the payments each change stores (by this bot or, sharing a database, another), in the order they were stored. */
  onStored(listener: (payments: readonly StoredPayment[]) => void): () => void;
  /**
   * The payments stored last, oldest first, with whether alerts are owed for them (at most
   * `RECENT_PAYMENTS`): what a counter screen that was away catches up from.
   */
  recentPayments(): readonly StoredPayment[];
  onForgotten(listener: () => void): () => void;

  /** Stores the new transactions with their outbox rows and cursors; returns the ones that were new. */
  commit(change: Commit): Promise<Transaction[]>;

  // Outbox and dead letters.
  pending(dest: string): OutboxRow[];
  readonly outboxSize: number;
  oldestWaitingSince(): number | null;
  /** The chat accepted these rows; `message`, when it carries the acknowledge button, is recorded in the same write. */
  delivered(rows: readonly OutboxRow[], message?: AlertMessage): Promise<void>;
  reschedule(rows: readonly OutboxRow[], nextAt: number, error: string): Promise<void>;
  deadLetter(rows: readonly { row: OutboxRow; tx: Transaction }[], error: string): Promise<void>;
  readonly deadLetters: readonly DeadLetter[];
  /**
   * Drops alerts owed to destinations not among these (chats no longer configured); returns how
   * many. A store several bots share drops only those no bot can send any more.
   */
  dropDestinationsExcept(destinations: readonly string[]): Promise<number>;
  /** Calls `listener` after each change that is one of `events`; returns its undo. */
  on(events: readonly StoreEvent[], listener: () => void): () => void;

  // Each chat's own rules (see src/core/chat-rules.ts); the defaults where it set none.
  chatRules(dest: string): ChatRules;
  /** Durable before it resolves; the dispatcher looks at waiting alerts again under the new rules. */
  setChatRules(dest: string, rules: ChatRules): Promise<void>;

  // The daily /summary: the last day (`YYYY-MM-DD` in TZ_DISPLAY) it was posted to each destination,
  // so that neither a restart nor a clock stepped back posts it twice.
  summaryPostedOn(dest: string): string | undefined;
  /** Durable before it resolves; only the leader posts summaries. */
  recordSummaryPosted(dest: string, day: string): Promise<void>;

  // Service notices told whose end is not told yet, by problem (`provider:casso`, `chat:<dest>`).
  toldProblems(): Readonly<Record<string, ToldProblem>>;
  /** Records a problem as told, or (null) its end as told; durable before it resolves. */
  recordToldProblem(key: string, told: ToldProblem | null): Promise<void>;
  // Payment requests (/qr). A commit counts its new payments against them in the same write.
  /** The requests open, or done with too recently to leave; what the state holds and rewrites. */
  paymentRequests(): readonly PaymentRequest[];
  /** A request by its code, open or done with, for as long as requests are kept. */
  paymentRequest(code: string): SettledRequest | undefined;
  /** The request a stored payment (by any key it was reported under) answered, for as long as the payment is kept. */
  requestAnswered(key: string): RequestAnswer | undefined;
  /** Every request kept, open or done with. */
  keptRequests(): Iterable<SettledRequest>;
  /** Stores a new request, durably; refused (nothing stored) when a kept request has its code or its chat has the most open ones. */
  addPaymentRequest(request: PaymentRequest): Promise<AddOutcome>;
  /** Records the request's message (Telegram message id, Slack ts) once the chat took it. */
  placePaymentRequest(code: string, messageRef: string): Promise<void>;
  /** Marks the open requests whose time is up as expired, and keeps those done with apart (see `isSettled`). */
  expirePaymentRequests(): Promise<void>;
  /** The request's message was edited to show `revision`. */
  paymentRequestShown(code: string, revision: number): Promise<void>;

  // Checks of a claimed payment (/check). A commit answers the waiting ones with its new payments in the same write.
  /** The checks waiting, or answered too recently to leave (their payment still answers no other check of the chat). */
  paymentChecks(): readonly PaymentCheck[];
  /**
   * Stores a new check, durably: answered at once by a payment of the last 30 minutes that answers
   * it and no other check of its chat, else waiting. Any bot may.
   */
  addPaymentCheck(check: PaymentCheck): Promise<CheckOutcome>;
  /** Records the check's answer message (Telegram message id, Slack ts) once the chat took it. */
  placePaymentCheck(id: string, messageRef: string): Promise<void>;
  /** Marks the waiting checks whose time is up as missed, and lets go of those done with. */
  expirePaymentChecks(): Promise<void>;
  /** The check's answer was edited to show `revision`. */
  paymentCheckShown(id: string, revision: number): Promise<void>;

  // Counter screens: each chat's private link (src/core/counter-link.ts).
  counterLink(dest: string): CounterLink | undefined;
  counterLinks(): Readonly<Record<string, CounterLink>>;
  /** Makes (or, with null, revokes) a chat's link, durably; any bot may (commands reach standbys too). */
  setCounterLink(dest: string, link: CounterLink | null): Promise<void>;

  // Destinations whose chat moved to a new id (a Telegram group that became a supergroup).
  /** The id `dest`'s chat moved to, if it did. */
  movedTo(dest: string): string | undefined;
  recordMove(dest: string, to: string): Promise<void>;

  // Acknowledgements: the alerts that carry the button, and the presses, kept as long as the history.
  /** Records a press (first press per payment and chat wins); any bot may, durable before it resolves. */
  acknowledge(press: Press): Promise<PressOutcome>;
  /** The acknowledgements made in `dest` of these payments. */
  acknowledgements(dest: string, keys: readonly string[]): Promise<Acknowledgement[]>;

  close(): Promise<void>;
}
