import type { Transaction } from './model.js';

/**
 * A payment older than this is a replay of history (a provider re-sending old deliveries, a
 * bot back after weeks away): stored for /find, never alerted. It stays below how long the
 * store remembers transactions, so one it has forgotten can never come back as news.
 */
export const MAX_ALERT_AGE_MS = 30 * 86_400_000;

/**
 * A transaction a provider reported, and whether it can be news at all. `news` is false for
 * what already existed when an account (or a provider's API) was first seen: that is
 * recorded as seen and made searchable, never alerted.
 */
export interface Found {
  tx: Transaction;
  news: boolean;
}

/**
 * The one rule that decides whether a found transaction is owed an alert, whichever way it
 * came (poll or webhook): news, money that moved, and not older than `MAX_ALERT_AGE_MS`. Both
 * directions are owed: which ones a chat sees is its own rule (`/alerts`, incoming by
 * default), applied when the alert is sent.
 */
export function owesAlert(found: Found, now: number): boolean {
  const { tx } = found;
  return found.news && tx.amount !== 0 && Date.parse(tx.occurredAt) >= now - MAX_ALERT_AGE_MS;
}
