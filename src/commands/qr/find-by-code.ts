import { transactionKey, type Transaction } from '../../core/model.js';
import type { SettledRequest } from '../../core/payment-request.js';
import { listingOf, MovementTally, type MatchOptions, type TransactionSearch } from '../../search/history-search.js';
import type { FindQuery } from '../../search/query.js';

const instant = (tx: Transaction) => Date.parse(tx.occurredAt);

/** What the wrapper reads of the state: the requests kept, with the payments they counted. */
export interface RequestPayments {
  paymentRequest(code: string): Pick<SettledRequest, 'keys'> | undefined;
}

/**
 * /find (and what shares its search) given a /qr payment code alone also finds the payments
 * counted against that request, however the bank rewrote the code in the content (`qr7k 2m9p`
 * is not found by searching the text for `qr7k2m9p`).
 */
export function searchWithRequestCodes(search: TransactionSearch, state: RequestPayments): TransactionSearch {
  /** The search's own matches plus the request's payments, once each; null when the query is no request's code. */
  async function all(query: FindQuery, options: MatchOptions): Promise<Transaction[] | null> {
    const [term, ...more] = query.text;
    const alone = more.length === 0 && query.amounts.length === 0 && query.day === null && query.from === null && query.to === null;
    const request = term !== undefined && alone ? state.paymentRequest(term.toUpperCase()) : undefined;
    if (request === undefined) return null;
    const found = new Map<string, Transaction>();
    for await (const page of (await search.list(query, options)).pages()) for (const tx of page) found.set(transactionKey(tx), tx);
    for (const tx of await search.stored(request.keys)) {
      if ((options.account?.(tx.accountNumber) ?? true) && (query.accountSuffix === null || tx.accountNumber.endsWith(query.accountSuffix))) {
        found.set(transactionKey(tx), tx);
      }
    }
    return [...found.values()];
  }
  return {
    async find(query, options) {
      const txs = await all(query, options);
      if (txs === null) return search.find(query, options);
      // Newest first as the stores order: by instant, then by key, both descending.
      const newestFirst = txs.sort((a, b) => instant(b) - instant(a) || (transactionKey(a) < transactionKey(b) ? 1 : -1));
      return { total: txs.length, more: false, shown: newestFirst.slice(0, options.limit ?? 10) };
    },
    async tally(query, options) {
      const txs = await all(query, options);
      if (txs === null) return search.tally(query, options);
      const tally = new MovementTally();
      for (const tx of txs) if (!(Date.parse(tx.occurredAt) >= (options.before ?? Infinity))) tally.add(tx);
      return tally.result();
    },
    async list(query, options) {
      const txs = await all(query, options);
      if (txs === null) return search.list(query, options);
      return listingOf(txs.sort((a, b) => instant(a) - instant(b) || (transactionKey(a) < transactionKey(b) ? -1 : 1)));
    },
    stored: (keys) => search.stored(keys),
  };
}
