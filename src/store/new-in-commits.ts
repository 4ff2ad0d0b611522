import { transactionKey, type Transaction } from '../core/model.js';
import type { HistoryIndex } from './history-index.js';
import type { StoredFacts } from './persistence.js';
import type { Commit } from './state-store.js';

export interface NewTransaction {
  tx: Transaction;
  alert: boolean;
  destinations: readonly string[];
}

/**
 * What a group of commits written together adds: each transaction not yet known once (by
 * key, first commit wins, with that commit's destinations), and per commit the ones it was
 * first to bring, which is what that commit's caller is told. A transfer another provider
 * already reported (an account linked in both) is stored for this one too, not alerted again.
 * `more` is what is stored beyond the history in memory.
 */
export function newInCommits(
  changes: readonly Commit[],
  history: Pick<HistoryIndex, 'knows' | 'tally'>,
  more: StoredFacts,
): { fresh: Map<string, NewTransaction>; perCommit: Transaction[][] } {
  const fresh = new Map<string, NewTransaction>();
  const reports = history.tally(more);
  const perCommit = changes.map((change) => {
    const added: Transaction[] = [];
    for (const item of change.transactions) {
      const key = transactionKey(item.tx);
      if (fresh.has(key) || history.knows(item.tx, more)) continue;
      const alert = item.alert && !reports.reportedElsewhere(item.tx);
      reports.add(item.tx);
      fresh.set(key, { ...item, alert, destinations: change.destinations });
      added.push(item.tx);
    }
    return added;
  });
  return { fresh, perCommit };
}
