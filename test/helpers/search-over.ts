import { transactionKey, type Transaction } from '../../src/core/model.js';
import type { TransactionSearch } from '../../src/search/history-search.js';
import { searchStoredHistory } from '../../src/search/search-index.js';

/** The in-memory search (DATA_DIR's) over these transactions; given a function, over what it returns at each search. */
export function searchOver(history: readonly Transaction[] | (() => readonly Transaction[])): TransactionSearch {
  const current = () => {
    const txs = typeof history === 'function' ? history() : history;
    const byKey = new Map(txs.map((tx) => [transactionKey(tx), tx]));
    return searchStoredHistory({ transactions: () => txs, get: (key) => byKey.get(key), onStored: () => () => undefined, onForgotten: () => () => undefined });
  };
  return {
    find: (query, options) => current().find(query, options),
    tally: (query, options) => current().tally(query, options),
    list: (query, options) => current().list(query, options),
    stored: (keys) => current().stored(keys),
  };
}
