import type { StoredPayment } from './persistence.js';

/** How many of the payments stored last the store keeps in order: a counter screen away for longer reloads the latest few instead. */
export const RECENT_PAYMENTS = 1_000;

/**
 * The payments stored last, in the order they were stored (the order every bot sharing a
 * database stores them in too, and reads them back in at start), whichever chats they concern.
 * The history itself is kept by provider and day, which says nothing of that order.
 */
export class RecentPayments {
  private entries: StoredPayment[] = [];

  add(payments: readonly StoredPayment[]): void {
    // Only the last ones can stay, and a spread of a whole history read back at start would overflow the stack.
    for (const payment of payments.slice(-RECENT_PAYMENTS)) this.entries.push(payment);
    // Trimmed in batches, so that adding stays cheap.
    if (this.entries.length >= 2 * RECENT_PAYMENTS) this.entries = this.entries.slice(-RECENT_PAYMENTS);
  }

  list(): readonly StoredPayment[] {
    return this.entries.length > RECENT_PAYMENTS ? this.entries.slice(-RECENT_PAYMENTS) : this.entries;
  }
}
