import type { Found } from './alert-policy.js';
import type { ProviderName, Transaction } from './model.js';
import type { ProviderError } from './provider-errors.js';

/**
 * What a poll source may ask of the stored state: its own cursors and what is already known.
 * The store implements it; sources never write, they hand back a `PollBatch` to commit.
 */
export interface PollState {
  cursor(name: string): string | undefined;
  isBaselined(accountKey: string): boolean;
  /** Whether this transaction (by its key) is stored. */
  has(key: string): boolean;
  /** Whether this transaction, or the same payment under another id of its provider, is stored. */
  knows(tx: Transaction): boolean;
  /** How many transactions of this account are stored with a Vietnam date on or after `fromDate`. */
  countSince(provider: ProviderName, accountNumber: string, fromDate: string): number;
}

/** What one provider found in one cycle, ready to commit as a whole. */
export interface PollBatch {
  transactions: Found[];
  cursors: Record<string, string>;
  baselined: string[];
}

export interface PollOutcome {
  batch: PollBatch;
  /** Failures of single accounts or calls; what did succeed is still in `batch`. */
  errors: ProviderError[];
}

/** One provider as the poller sees it: "what is new since the state last heard from you?" */
export interface PollSource {
  readonly provider: ProviderName;
  poll(state: PollState, now: Date): Promise<PollOutcome>;
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
export function pollSuccess(items: Found[], cursors: Record<string, string>, watched: AccountFilter): PollOutcome {
  return {
    batch: { transactions: items.filter(({ tx }) => watched(tx.accountNumber)).sort(byTime), cursors, baselined: [] },
    errors: [],
  };
}

/** The outcome of a cycle whose one read failed: nothing to commit, cursors stay. */
export function pollFailure(error: ProviderError): PollOutcome {
  return { batch: { transactions: [], cursors: {}, baselined: [] }, errors: [error] };
}
