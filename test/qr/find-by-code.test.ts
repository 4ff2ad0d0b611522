import { describe, expect, it } from 'vitest';
import { transactionKey, type Transaction } from '../../src/core/model.js';
import { searchWithRequestCodes } from '../../src/commands/qr/find-by-code.js';
import { parseFindQuery } from '../../src/search/query.js';
import { searchStoredHistory } from '../../src/search/search-index.js';
import { makeTransaction } from '../../fakes/transactions.js';

const CODE = 'QR7K2M9P';
const OPTIONS = { timeZone: 'Asia/Ho_Chi_Minh' };

describe("/find <a /qr request's code>", () => {
  it('shows payments of the same second in the order /find shows them for any other words', async () => {
    // Three part-payments of one request within one second (SePay reports whole seconds); one's code rewritten by the bank.
    const at = '2025-11-03T03:00:00.000Z';
    const txs: Transaction[] = [
      makeTransaction({ providerId: '12', content: `thanh toan ${CODE} lan 1`, occurredAt: at }),
      makeTransaction({ providerId: '9', content: 'thanh toan qr7k 2m9p lan 2', occurredAt: at }),
      makeTransaction({ providerId: '10', content: `thanh toan ${CODE} lan 3`, occurredAt: at }),
    ];
    const search = searchStoredHistory({
      transactions: () => txs,
      get: (key) => txs.find((tx) => transactionKey(tx) === key),
      onStored: () => () => {},
      onForgotten: () => () => {},
    });
    const withCodes = searchWithRequestCodes(search, { paymentRequest: (code) => (code === CODE ? { keys: txs.map(transactionKey) } : undefined) });
    const query = (words: string) => {
      const parsed = parseFindQuery(words);
      if (!parsed.ok) throw new Error(`${words} did not parse`);
      return parsed.value;
    };

    const byCode = await withCodes.find(query(CODE), OPTIONS);
    const byWords = await withCodes.find(query('thanh toan'), OPTIONS);
    expect(byCode.total).toBe(3);
    expect(byCode.shown.map((tx) => tx.providerId)).toEqual(byWords.shown.map((tx) => tx.providerId));
  });
});
