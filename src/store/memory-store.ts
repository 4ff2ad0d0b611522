import type { Transaction } from '../core/model.js';
import { countPayments, expireRequests, requestPaidBy, settledOf, type AddOutcome, type PaymentRequest, type SettledRequest } from '../core/payment-request.js';
import { noAliases, type AliasesOf } from '../core/payment-aliases.js';
import { HistoryIndex } from './history-index.js';
import { withRequestAdded, withRequestPlaced, withRequestShown } from './payment-requests.js';
import { SettledRequests } from './settled-requests.js';
import { SerialQueue } from './serial-queue.js';
import type { Commit } from './state-store.js';
import { StoreListeners } from './store-listeners.js';

/** A change to the stored /qr requests: the list to store, or null for none. */
export type RequestChange = (requests: PaymentRequest[], now: Date) => PaymentRequest[] | null;

/** A commit waiting to be written, and how to tell its caller what came of it. */
export interface PendingCommit {
  change: Commit;
  resolve: (fresh: Transaction[]) => void;
  reject: (error: unknown) => void;
}

/**
 * What every state store answers from memory, whatever holds the state durably (files,
 * PostgreSQL): the history index, its listeners, and the queue that runs changes one at a
 * time, and the grouping of commits. A store changes `history` only once a change is durably written.
 */
export abstract class MemoryView {
  protected readonly history: HistoryIndex;
  protected readonly listeners = new StoreListeners();
  private readonly queue = new SerialQueue();
  private readonly waitingCommits: PendingCommit[] = [];
  private readonly aliasesOf: AliasesOf;
  /** The requests done with; each store fills it from where it keeps them. */
  protected readonly settled = new SettledRequests();

  protected constructor(aliases: AliasesOf | undefined) {
    this.aliasesOf = aliases ?? noAliases;
    this.history = new HistoryIndex(this.aliasesOf);
  }

  /** The requests with these new payments counted, as both stores count them in the commit that stores them. */
  protected withPaymentsCounted(requests: PaymentRequest[], txs: readonly Transaction[], now: Date): PaymentRequest[] {
    return countPayments(requests, txs, now, (tx) => this.aliasesOf(tx).numbering);
  }

  has(key: string): boolean {
    return this.history.has(key);
  }

  /** Whether this transaction, or the same payment under another of its names (see `PaymentAliases`), is stored. */
  knows(tx: Transaction): boolean {
    return this.history.knows(tx);
  }

  get(key: string): Transaction | undefined {
    return this.history.get(key);
  }

  /** Every stored transaction, for `/find`. */
  transactions(): Iterable<Transaction> {
    return this.history.values();
  }

  get size(): number {
    return this.history.size;
  }

  /** How many transactions of this account are stored with a Vietnam date on or after `fromDate`. */
  countSince(provider: Transaction['provider'], accountNumber: string, fromDate: string): number {
    return this.history.countSince(`${provider}:${accountNumber}`, fromDate);
  }

  /** Called after a change adds outbox rows, when a chat's rules change, and when the state is writable again (the dispatcher wakes up). */
  onOutboxAdded(listener: () => void): () => void {
    return this.listeners.onOwed(listener);
  }

  /**
   * Called with the transactions a commit adds, as they join `transactions()` (once the
   * commit is durable), so a follower such as the /find index always agrees with it.
   */
  onStored(listener: (txs: readonly Transaction[]) => void): () => void {
    return this.listeners.onStored(listener);
  }

  /** Called when transactions aged out of the history and left `transactions()`. */
  onForgotten(listener: () => void): () => void {
    return this.listeners.onForgotten(listener);
  }

  /**
   * Stores the transactions not seen before, with their outbox rows and cursors, as one durable
   * step; resolves with those that were new. Commits that arrive while one is being written are
   * written together next (group commit): a burst of webhook deliveries costs one write, not one each.
   */
  commit(change: Commit): Promise<Transaction[]> {
    return new Promise((resolve, reject) => {
      this.waitingCommits.push({ change, resolve, reject });
      if (this.waitingCommits.length === 1) void this.serial(() => this.writeCommits(this.waitingCommits.splice(0)));
    });
  }

  /** Writes a group of commits durably, then changes memory, then settles each of them; never rejects. */
  protected abstract writeCommits(group: PendingCommit[]): Promise<void>;

  /** The requests still open, or done too recently to leave (see `isSettled`), oldest first. */
  abstract paymentRequests(): readonly PaymentRequest[];

  /** A request by its code, open or done with (for as long as requests are kept). */
  paymentRequest(code: string): SettledRequest | undefined {
    const live = this.paymentRequests().find((r) => r.code === code);
    return live === undefined ? this.settled.get(code) : settledOf(live);
  }

  /** The request a payment (by any key it was reported under) was counted against. */
  requestPaidBy(key: string): SettledRequest | undefined {
    const live = requestPaidBy(this.paymentRequests(), key);
    return live === undefined ? this.settled.paidBy(key) : settledOf(live);
  }

  /** Every request kept (those of the last 45 days), for /metrics. */
  *keptRequests(): Iterable<SettledRequest> {
    for (const request of this.paymentRequests()) yield settledOf(request);
    yield* this.settled.values();
  }

  /** Stores a new /qr request, unless its code is taken or its chat has the most open requests. Any bot may (commands reach standbys too). */
  async addPaymentRequest(request: PaymentRequest): Promise<AddOutcome> {
    let outcome: AddOutcome = 'code-taken';
    await this.changeRequests((requests) => {
      const added = withRequestAdded(requests, request, (code) => this.settled.get(code) !== undefined);
      outcome = added.outcome;
      return added.next;
    });
    return outcome;
  }

  placePaymentRequest(code: string, messageRef: string): Promise<void> {
    return this.changeRequests((requests) => withRequestPlaced(requests, code, messageRef));
  }

  /** The leader's: expiry leads to edits, which only the leader makes. Requests done with leave for the settled ones. */
  expirePaymentRequests(): Promise<void> {
    return this.changeRequests((requests, now) => {
      const next = expireRequests(requests, now);
      return next === requests ? null : next;
    }, 'expiring payment requests');
  }

  paymentRequestShown(code: string, revision: number): Promise<void> {
    return this.changeRequests((requests) => withRequestShown(requests, code, revision), 'recording a request message as edited');
  }

  /** One change to the requests, durably, waking the request editor after it; `leaderOnly` names a change only the leader may make. */
  protected abstract changeRequests(change: RequestChange, leaderOnly?: string): Promise<void>;

  protected notify(): void {
    this.listeners.tellOwed();
  }

  /** Changes run one at a time, in call order. */
  protected serial<T>(task: () => Promise<T>): Promise<T> {
    return this.queue.run(task);
  }
}
