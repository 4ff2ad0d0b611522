import type { Transaction } from '../core/model.js';

/**
 * Who a state store tells what happened: alerts became owed (or sending may resume), new
 * transactions joined the history, old ones were forgotten. Each `on…` returns its undo.
 */
export class StoreListeners {
  private readonly owed = new Set<() => void>();
  private readonly stored = new Set<(txs: readonly Transaction[]) => void>();
  private readonly forgotten = new Set<() => void>();

  onOwed(listener: () => void): () => void {
    this.owed.add(listener);
    return () => this.owed.delete(listener);
  }

  onStored(listener: (txs: readonly Transaction[]) => void): () => void {
    this.stored.add(listener);
    return () => this.stored.delete(listener);
  }

  onForgotten(listener: () => void): () => void {
    this.forgotten.add(listener);
    return () => this.forgotten.delete(listener);
  }

  tellOwed(): void {
    for (const listener of this.owed) listener();
  }

  tellStored(txs: readonly Transaction[]): void {
    for (const listener of this.stored) listener(txs);
  }

  tellForgotten(): void {
    for (const listener of this.forgotten) listener();
  }
}
