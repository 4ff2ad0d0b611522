import type { ProviderError } from '../providers/errors.js';
import type { ProviderName, Transaction } from '../providers/model.js';
import type { StateStore } from '../store/state-store.js';

/** What one provider found in one cycle, ready to commit as a whole. */
export interface PollBatch {
  transactions: { tx: Transaction; alert: boolean }[];
  cursors: Record<string, string>;
  baselined: string[];
}

export interface PollOutcome {
  batch: PollBatch;
  /** Failures of single accounts or calls; what did succeed is still in `batch`. */
  errors: ProviderError[];
}

/** One provider as the poller sees it: "what is new since the store last heard from you?" */
export interface PollSource {
  readonly provider: ProviderName;
  poll(store: StateStore, now: Date): Promise<PollOutcome>;
}

/** Incoming money on a watched account is alerted; everything is stored for `/find`. */
export function alertable(tx: Transaction): boolean {
  return tx.direction === 'in' && tx.amount > 0;
}

/** Oldest first, so chats read payments in the order they happened. */
export function byTime(a: { tx: Transaction }, b: { tx: Transaction }): number {
  return a.tx.occurredAt.localeCompare(b.tx.occurredAt) || a.tx.providerId.localeCompare(b.tx.providerId);
}

export type AccountFilter = (accountNumber: string) => boolean;

/** WATCH_ACCOUNTS: null watches every account. */
export function accountFilter(watch: readonly string[] | null): AccountFilter {
  if (watch === null) return () => true;
  const set = new Set(watch);
  return (accountNumber) => set.has(accountNumber);
}

/**
 * The outcome of a cycle that read all it asked for: the watched accounts' transactions,
 * oldest first, and the cursors to commit with them. Unwatched accounts still move the
 * cursors: they are skipped, not re-fetched forever.
 */
export function pollSuccess(
  items: PollBatch['transactions'],
  cursors: Record<string, string>,
  watched: AccountFilter,
): PollOutcome {
  return {
    batch: { transactions: items.filter(({ tx }) => watched(tx.accountNumber)).sort(byTime), cursors, baselined: [] },
    errors: [],
  };
}

/** The outcome of a cycle whose one read failed: nothing to commit, cursors stay. */
export function pollFailure(error: ProviderError): PollOutcome {
  return { batch: { transactions: [], cursors: {}, baselined: [] }, errors: [error] };
}
