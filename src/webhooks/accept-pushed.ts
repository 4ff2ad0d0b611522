import { owesAlert } from '../core/alert-policy.js';
import type { Transaction } from '../core/model.js';
import { accountFilter } from '../core/poll.js';
import type { Logger } from '../log/logger.js';
import type { StateStore } from '../store/state-store.js';

/**
 * What a webhook delivery becomes: the same commit a poll makes (same store, dedupe keys,
 * alert policy and outbox), so a payment that arrives both ways, or twice, is alerted once.
 * Resolves only once it is on disk, which is when the receiver may answer 2xx.
 */
export function acceptPushed(options: {
  store: StateStore;
  destinations: readonly string[];
  watch: readonly string[] | null;
  logger: Logger;
  now?: () => number;
}): (source: string, transactions: Transaction[]) => Promise<void> {
  const watched = accountFilter(options.watch);
  const now = options.now ?? Date.now;
  return async (source, transactions) => {
    const at = now();
    const fresh = await options.store.commit({
      transactions: transactions
        .filter((tx) => watched(tx.accountNumber))
        .map((tx) => ({ tx, alert: owesAlert({ tx, news: true }, at) })),
      destinations: options.destinations,
    });
    options.logger.info('webhook.stored', { source, received: transactions.length, new: fresh.length });
  };
}
