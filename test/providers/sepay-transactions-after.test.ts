import { afterEach, describe, expect, it } from 'vitest';
import type { Transaction } from '../../src/core/model.js';
import type { FakeSepay, FakeSepayOptions } from '../../fakes/sepay/v1.js';
import { expectOk } from '../helpers/provider-results.js';
import { minutes } from '../helpers/vietnam-time.js';
import { ACC, clientFor, closeFakes, OTHER, startFake } from './sepay-client.helpers.js';

/** Rows per page: walks of tens of rows already take many pages. */
const LIMIT = 7;

afterEach(closeFakes);

function start(options: FakeSepayOptions): Promise<FakeSepay> {
  return startFake({ maxLimit: LIMIT, ...options });
}

/** A client that asks for pages of `LIMIT`, the fake's maximum. */
function pagedClient(server: FakeSepay) {
  return clientFor(server, { retry: { attempts: 2, baseDelayMs: 5, maxDelayMs: 10 }, pageLimit: LIMIT });
}

const ids = (txs: readonly Transaction[]) => txs.map((tx) => tx.providerId);
const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => String(from + i));

/** The four readings of the docs: since_id inclusive or not × the newest or oldest N kept. */
const READINGS = [
  { sinceIdInclusive: true, window: 'newest', order: 'newest-first' },
  { sinceIdInclusive: true, window: 'oldest', order: 'newest-first' },
  { sinceIdInclusive: false, window: 'newest', order: 'oldest-first' },
  { sinceIdInclusive: false, window: 'oldest', order: 'oldest-first' },
] as const;

describe('transactionsAfter', () => {
  describe.each(READINGS)('since_id inclusive=$sinceIdInclusive, keeps the $window N, $order', (reading) => {
    it('returns 40 new transactions each exactly once, ascending, from pages of 7', async () => {
      const server = await start(reading);
      for (let i = 0; i < 10; i++) server.addTransaction({ accountNumber: ACC, amountIn: 1000, content: `old ${i}`, date: minutes(i) });
      const cursor = server.transactions.at(-1)?.id ?? '';
      for (let i = 0; i < 40; i++) {
        server.addTransaction({ accountNumber: i % 3 ? ACC : OTHER, amountIn: 1000 + i, content: `new ${i}`, date: minutes(10 + i) });
      }

      const after = expectOk(await pagedClient(server).transactionsAfter(cursor));

      expect(ids(after)).toEqual(range(50_010, 40));
      expect(server.requests.length).toBeGreaterThan(1);
    });

    it('costs exactly one request when nothing is new', async () => {
      const server = await start(reading);
      for (let i = 0; i < 20; i++) server.addTransaction({ accountNumber: ACC, amountIn: 1000, content: `old ${i}`, date: minutes(i) });
      const after = await pagedClient(server).transactionsAfter('50019');
      expect(expectOk(after)).toEqual([]);
      expect(server.requests).toHaveLength(1);
      expect(server.requests[0]?.query.get('since_id')).toBe('50019');
      expect(server.requests[0]?.query.get('limit')).toBe(String(LIMIT));
    });

    it('reads a few new ones in one request', async () => {
      const server = await start(reading);
      for (let i = 0; i < 20; i++) server.addTransaction({ accountNumber: ACC, amountIn: 1000, content: `t ${i}`, date: minutes(i) });
      const after = expectOk(await pagedClient(server).transactionsAfter('50016'));
      expect(ids(after)).toEqual(['50017', '50018', '50019']);
      expect(server.requests).toHaveLength(1);
    });

    it('survives late-reported transfers whose dates are older than ones already seen', async () => {
      const server = await start({ ...reading, sortBy: 'transaction_date' });
      for (let i = 0; i < 10; i++) server.addTransaction({ accountNumber: ACC, amountIn: 1000, content: `old ${i}`, date: minutes(100 + i) });
      // New ids, dates all over the place: before, among and after the old ones.
      for (let i = 0; i < 40; i++) {
        const offset = (i * 37) % 150;
        server.addTransaction({ accountNumber: ACC, amountIn: 1000 + i, content: `new ${i}`, date: minutes(offset) });
      }
      const after = expectOk(await pagedClient(server).transactionsAfter('50009'));
      expect(ids(after)).toEqual(range(50_010, 40));
    });
  });

  it('keeps to one account when asked', async () => {
    const server = await start({ window: 'newest' });
    for (let i = 0; i < 30; i++) {
      server.addTransaction({ accountNumber: i % 2 ? ACC : OTHER, amountIn: 1000, content: `t ${i}`, date: minutes(i) });
    }
    const after = expectOk(await pagedClient(server).transactionsAfter('50000', { accountNumber: ACC }));
    expect(ids(after)).toEqual(range(50_000, 30).filter((_, i) => i % 2 === 1));
    expect(server.requests.every((r) => r.query.get('account_number') === ACC)).toBe(true);
  });

  it('compares ids as numbers beyond 2^53', async () => {
    const server = await start({});
    server.injectFaults({
      status: 200,
      body: {
        status: 200,
        error: null,
        messages: { success: true },
        transactions: ['90071992547409931', '90071992547409930', '90071992547409929'].map((id) => ({
          id,
          bank_brand_name: 'MBBank',
          account_number: ACC,
          transaction_date: '2025-04-10 10:40:12',
          amount_out: '0.00',
          amount_in: '1000.00',
          accumulated: '0.00',
          transaction_content: 'x',
          reference_number: null,
          code: null,
          sub_account: null,
          bank_account_id: '1',
        })),
      },
    });
    const after = expectOk(await pagedClient(server).transactionsAfter('90071992547409929'));
    expect(ids(after)).toEqual(['90071992547409930', '90071992547409931']);
  });

  it('leaves nothing behind when transactions arrive in the middle of a walk', async () => {
    for (const reading of READINGS) {
      const server = await start(reading);
      for (let i = 0; i < 30; i++) server.addTransaction({ accountNumber: ACC, amountIn: 1000, content: `t ${i}`, date: minutes(10 + i) });
      // During the walks, keep adding transfers: some dated among the existing ones (a bank
      // reporting late, landing in windows a walk has already finished), some newest.
      let added = 0;
      server.onRequest((_request, index) => {
        if (index === 0 || added >= 24) return;
        added += 2;
        server.addTransaction({ accountNumber: ACC, amountIn: 7, content: 'late', date: new Date(minutes(10 + ((index * 7) % 30)).getTime() + 30_000) });
        server.addTransaction({ accountNumber: ACC, amountIn: 7, content: 'fresh', date: minutes(200 + index) });
      });
      const client = pagedClient(server);
      const seen: string[] = [];
      let cursor = '49999';
      for (let call = 0; call < 20; call++) {
        const batch = expectOk(await client.transactionsAfter(cursor));
        if (batch.length === 0) break;
        seen.push(...ids(batch));
        cursor = batch.at(-1)?.providerId ?? cursor;
      }
      expect(seen).toEqual(server.transactions.map((tx) => tx.id));
      expect(new Set(seen).size).toBe(54);
      await server.close();
    }
  });

  it('fails loudly rather than skip rows when more than a page share one second', async () => {
    const server = await start({ window: 'newest' });
    for (let i = 0; i < 10; i++) server.addTransaction({ accountNumber: ACC, amountIn: 1000, content: `burst ${i}`, date: minutes(0) });
    const result = await pagedClient(server).transactionsAfter('49990');
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('bad_response');
      expect(result.error.message).toContain('within one second');
    }
  });
});

describe('transactionsBetween', () => {
  it.each(READINGS)('reads a truncated time window completely (inclusive=$sinceIdInclusive, $window N)', async (reading) => {
    const server = await start(reading);
    for (let i = 0; i < 60; i++) server.addTransaction({ accountNumber: ACC, amountIn: 1000 + i, content: `t ${i}`, date: minutes(i) });
    // Late-reported: a newer id with a date inside the window.
    server.addTransaction({ accountNumber: ACC, amountIn: 5, content: 'late', date: minutes(20) });

    const between = expectOk(await pagedClient(server).transactionsBetween(minutes(10), minutes(49)));

    expect(ids(between)).toEqual([...range(50_010, 40), '50060']);
    expect(new Set(server.requests.map((r) => r.query.has('since_id')))).toEqual(new Set([false]));
  });

  it('is one request when the window fits in a page, and respects the account filter', async () => {
    const server = await start({});
    for (let i = 0; i < 10; i++) {
      server.addTransaction({ accountNumber: i < 5 ? ACC : OTHER, amountIn: 1000, content: `t ${i}`, date: minutes(i) });
    }
    const between = expectOk(await pagedClient(server).transactionsBetween(minutes(0), minutes(9), { accountNumber: OTHER }));
    expect(ids(between)).toEqual(range(50_005, 5));
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]?.query.get('transaction_date_min')).toBe('2025-04-10 08:00:00');
    expect(server.requests[0]?.query.get('transaction_date_max')).toBe('2025-04-10 08:09:00');
  });
});
