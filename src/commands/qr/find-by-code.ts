import { transactionKey, type Transaction } from '../../core/model.js';
import type { SettledRequest } from '../../core/payment-request.js';
import type { FindQuery } from '../../search/query.js';
import type { FindOptions, TransactionSearch } from '../../search/search-index.js';

/** What the wrapper reads of the state: the requests kept, and the payments they counted. */
export interface RequestPayments {
  paymentRequest(code: string): Pick<SettledRequest, 'keys'> | undefined;
  get(key: string): Transaction | undefined;
}

/**
 * /find (and what shares its search) given a /qr payment code alone also finds the payments
 * counted against that request, however the bank rewrote the code in the content (`qr7k 2m9p`
 * is not found by searching the text for `qr7k2m9p`).
 */
export function searchWithRequestCodes(search: TransactionSearch, state: RequestPayments): TransactionSearch {
  /** The index's own matches plus the request's payments, once each, newest first. */
  function all(query: FindQuery, options: Omit<FindOptions, 'limit'>): Transaction[] | null {
    const [term, ...more] = query.text;
    const alone = more.length === 0 && query.amounts.length === 0 && query.day === null && query.from === null && query.to === null;
    const request = term !== undefined && alone ? state.paymentRequest(term.toUpperCase()) : undefined;
    if (request === undefined) return null;
    const found = new Map<string, Transaction>();
    search.each(query, options, (tx) => found.set(transactionKey(tx), tx));
    for (const key of request.keys) {
      const tx = state.get(key);
      if (tx !== undefined && (options.account?.(tx.accountNumber) ?? true) && (query.accountSuffix === null || tx.accountNumber.endsWith(query.accountSuffix))) {
        found.set(key, tx);
      }
    }
    return [...found.values()].sort((a, b) => b.occurredAt.localeCompare(a.occurredAt) || transactionKey(a).localeCompare(transactionKey(b)));
  }
  return {
    find(query, options) {
      const txs = all(query, options);
      if (txs === null) return search.find(query, options);
      return { total: txs.length, shown: txs.slice(0, options.limit ?? 10) };
    },
    each(query, options, visit) {
      const txs = all(query, options);
      if (txs === null) search.each(query, options, visit);
      else txs.forEach(visit);
    },
  };
}
