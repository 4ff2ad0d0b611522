import type { OutboxRow } from '../store/state-schema.js';
import type { StateStore } from '../store/state-store.js';

/**
 * Forgets the alerts chats' rules dropped, every worker's together in one state write. Every
 * payment is owed to every chat and each chat's rules drop what it does not follow (apply-rules.ts):
 * with a chain's 100 groups each following its own accounts, a payment is dropped by 99 of them
 * at once, and one write each would be 99 writes of the whole state per payment. Drops asked
 * while a write is under way wait for the next, which takes them all.
 */
export class DroppedAlerts {
  /** The drops the next write takes, and that write; null when none waits. */
  private next: { rows: OutboxRow[]; written: Promise<void> } | null = null;
  /** The write under way. */
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly store: Pick<StateStore, 'delivered'>) {}

  /** Resolves once `rows` are out of the outbox (rejects as the state write did). */
  forget(rows: readonly OutboxRow[]): Promise<void> {
    if (rows.length === 0) return Promise.resolve();
    if (this.next === null) {
      const batch: { rows: OutboxRow[]; written: Promise<void> } = { rows: [], written: Promise.resolve() };
      batch.written = this.writing.then(async () => {
        // The workers woken by the same event come to their drops within this turn of the event loop.
        await new Promise((resolve) => setImmediate(resolve));
        if (this.next === batch) this.next = null;
        await this.store.delivered(batch.rows);
      });
      this.writing = batch.written.catch(() => undefined);
      this.next = batch;
    }
    this.next.rows.push(...rows);
    return this.next.written;
  }
}
