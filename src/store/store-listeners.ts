import type { StoredPayment } from './persistence.js';
import type { StoreEvent } from './state-store.js';

/**
 * Who a state store tells what happened: each kind of change (see `StoreEvent`), new
 * transactions joining the history, old ones forgotten. Each `on…` returns its undo.
 */
export class StoreListeners {
  private readonly events = new Set<{ events: ReadonlySet<StoreEvent>; listener: () => void }>();
  private readonly stored = new Set<(payments: readonly StoredPayment[]) => void>();
  private readonly forgotten = new Set<() => void>();

  on(events: readonly StoreEvent[], listener: () => void): () => void {
    const entry = { events: new Set(events), listener };
    this.events.add(entry);
    return () => this.events.delete(entry);
  }

  onStored(listener: (payments: readonly StoredPayment[]) => void): () => void {
    this.stored.add(listener);
    return () => this.stored.delete(listener);
  }

  onForgotten(listener: () => void): () => void {
    this.forgotten.add(listener);
    return () => this.forgotten.delete(listener);
  }

  /** Tells each listener once, whichever of these events it listens to happened. */
  tell(happened: readonly StoreEvent[]): void {
    if (happened.length === 0) return;
    for (const { events, listener } of this.events) if (happened.some((event) => events.has(event))) listener();
  }

  tellStored(payments: readonly StoredPayment[]): void {
    for (const listener of this.stored) listener(payments);
  }

  tellForgotten(): void {
    for (const listener of this.forgotten) listener();
  }
}
