import type { Transaction } from '../core/model.js';
import { noAliases, type AliasesOf } from '../core/payment-aliases.js';
import { HistoryIndex } from './history-index.js';
import { SerialQueue } from './serial-queue.js';
import { StoreListeners } from './store-listeners.js';

/**
 * What every state store answers from memory, whatever holds the state durably (files,
 * PostgreSQL): the history index, its listeners, and the queue that runs changes one at a
 * time. A store changes `history` only once a change is durably written.
 */
export abstract class MemoryView {
  protected readonly history: HistoryIndex;
  protected readonly listeners = new StoreListeners();
  private readonly queue = new SerialQueue();

  protected constructor(aliases: AliasesOf | undefined) {
    this.history = new HistoryIndex(aliases ?? noAliases);
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

  protected notify(): void {
    this.listeners.tellOwed();
  }

  /** Changes run one at a time, in call order. */
  protected serial<T>(task: () => Promise<T>): Promise<T> {
    return this.queue.run(task);
  }
}
