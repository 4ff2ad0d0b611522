import { transactionKey, type Transaction } from '../core/model.js';
import type { Commit } from './state-store.js';

export interface NewTransaction {
  tx: Transaction;
  alert: boolean;
  destinations: readonly string[];
}

/**
 * What a group of commits written together adds: each transaction not yet `known` once (by
 * key, first commit wins, with that commit's destinations), and per commit the ones it was
 * first to bring, which is what that commit's caller is told.
 */
export function newInCommits(
  changes: readonly Commit[],
  known: (tx: Transaction) => boolean,
): { fresh: Map<string, NewTransaction>; perCommit: Transaction[][] } {
  const fresh = new Map<string, NewTransaction>();
  const perCommit = changes.map((change) => {
    const added: Transaction[] = [];
    for (const item of change.transactions) {
      const key = transactionKey(item.tx);
      if (fresh.has(key) || known(item.tx)) continue;
      fresh.set(key, { ...item, destinations: change.destinations });
      added.push(item.tx);
    }
    return added;
  });
  return { fresh, perCommit };
}
