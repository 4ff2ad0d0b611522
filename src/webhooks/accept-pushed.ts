import type { Logger } from '../log/logger.js';
import { accountFilter, alertable } from '../poller/poll-source.js';
import type { Transaction } from '../providers/model.js';
import type { StateStore } from '../store/state-store.js';
import type { WebhookSource } from './webhook-server.js';

/**
 * What a webhook delivery becomes: the same commit a poll makes (same store, dedupe keys and
 * outbox), so a payment that arrives both ways, or twice, is alerted once. Resolves only once
 * it is on disk, which is when the receiver may answer 2xx.
 */
export function acceptPushed(options: {
  store: StateStore;
  destinations: readonly string[];
  watch: readonly string[] | null;
  /** A pushed payment older than this is a replay of history: stored, never alerted. */
  maxAlertAgeMs: number;
  logger: Logger;
  now?: () => number;
}): (source: WebhookSource, transactions: Transaction[]) => Promise<void> {
  const watched = accountFilter(options.watch);
  const now = options.now ?? Date.now;
  return async (source, transactions) => {
    const oldest = now() - options.maxAlertAgeMs;
    const fresh = await options.store.commit({
      transactions: transactions
        .filter((tx) => watched(tx.accountNumber))
        .map((tx) => ({ tx, alert: alertable(tx) && Date.parse(tx.occurredAt) >= oldest })),
      destinations: options.destinations,
    });
    options.logger.info('webhook.stored', { source, received: transactions.length, new: fresh.length });
  };
}
