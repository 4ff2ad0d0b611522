import { afterEach, describe, expect, it } from 'vitest';
import type { Transaction } from '../../src/core/model.js';
import { ProviderApiError, ProviderBadResponseError } from '../../src/core/provider-errors.js';
import { SEPAY_V2_START_CURSOR } from '../../src/providers/sepay/v2-client.js';
import type { FakeSepayV2, SepayV2WireTransaction } from '../../fakes/sepay/v2.js';
import { expectErr, expectOk } from '../helpers/provider-results.js';
import { minutes, vn } from '../helpers/vietnam-time.js';
import { ACC, clientFor, closeFakes, listBody, OTHER, startFake, wireTransaction } from './sepay-v2.helpers.js';

afterEach(closeFakes);

const ids = (txs: readonly { providerId: string }[] | readonly { id: string }[]) =>
  txs.map((tx) => ('providerId' in tx ? tx.providerId : tx.id));

/** `count` incoming transactions a minute apart from minute `from`. */
function addMany(server: FakeSepayV2, from: number, count: number, accountNumber = ACC): SepayV2WireTransaction[] {
  return Array.from({ length: count }, (_, i) =>
    server.addTransaction({ accountNumber, amountIn: 1000 + i, content: `t${from + i}`, date: minutes(from + i) }),
  );
}

function expectAscending(txs: readonly Transaction[]): void {
  const times = txs.map((tx) => tx.occurredAt);
  expect(times).toEqual([...times].sort());
}

describe('transactionsAfter: first start', () => {
  it('null: one request for the newest transaction, whose id becomes the cursor; nothing returned', async () => {
    const server = await startFake();
    addMany(server, 0, 5);
    const newest = server.addTransaction({ accountNumber: OTHER, amountIn: 5, content: 'newest', date: minutes(60) });
    // Put in later, but dated earlier: not the newest by date.
    server.addTransaction({ accountNumber: ACC, amountIn: 5, content: 'late', date: minutes(30) });

    const first = expectOk(await clientFor(server).transactionsAfter(null));

    expect(first).toEqual({ transactions: [], cursor: newest.id });
    expect(server.requests).toHaveLength(1);
    expect(Object.fromEntries(server.requests[0]?.query ?? [])).toEqual({ transaction_date_sort: 'desc', per_page: '1' });
  });

  it('a company with no transaction yet gets the start cursor, after which every transaction is new', async () => {
    const server = await startFake();
    const client = clientFor(server);
    const first = expectOk(await client.transactionsAfter(null));
    expect(first).toEqual({ transactions: [], cursor: SEPAY_V2_START_CURSOR });

    expect(expectOk(await client.transactionsAfter(first.cursor))).toEqual({ transactions: [], cursor: SEPAY_V2_START_CURSOR });
    const added = addMany(server, 0, 3);
    const next = expectOk(await client.transactionsAfter(first.cursor));
    expect(ids(next.transactions)).toEqual(ids(added));
    expect(next.cursor).toBe(added[2]?.id);
    expect(server.requests.at(-1)?.query.has('since_id')).toBe(false);
  });
});

describe.each([false, true])('transactionsAfter with since_id inclusive=%s', (sinceIdInclusive) => {
  it('idle: exactly one request, nothing returned, the cursor stays', async () => {
    const server = await startFake({ sinceIdInclusive });
    const [, cursor] = addMany(server, 0, 2);
    const client = clientFor(server);

    const idle = expectOk(await client.transactionsAfter(cursor?.id ?? ''));

    expect(idle).toEqual({ transactions: [], cursor: cursor?.id });
    expect(server.requests).toHaveLength(1);
    expect(Object.fromEntries(server.requests[0]?.query ?? [])).toEqual({
      since_id: cursor?.id,
      transaction_date_sort: 'asc',
      per_page: '100',
      page: '1',
    });
  });

  it('250 new transactions: each exactly once, ascending, over 3 pages, cursor on the last', async () => {
    const server = await startFake({ sinceIdInclusive });
    const [cursor] = addMany(server, 0, 1);
    const added = addMany(server, 1, 250, OTHER);

    const after = expectOk(await clientFor(server).transactionsAfter(cursor?.id ?? ''));

    expect(ids(after.transactions)).toEqual(ids(added));
    expect(after.cursor).toBe(added.at(-1)?.id);
    expect(server.requests.map((r) => r.query.get('page'))).toEqual(['1', '2', '3']);
    // The next poll is idle again.
    expect(expectOk(await clientFor(server).transactionsAfter(after.cursor)).transactions).toEqual([]);
  });

  it('a late transaction dated before the cursor is still after it: returned once, then idle', async () => {
    const server = await startFake({ sinceIdInclusive });
    const [, cursor] = addMany(server, 10, 2);
    const late = server.addTransaction({ accountNumber: ACC, amountIn: 777, content: 'reported late', date: minutes(0) });
    const client = clientFor(server);

    const first = expectOk(await client.transactionsAfter(cursor?.id ?? ''));
    expect(ids(first.transactions)).toEqual([late.id]);
    expect(first.cursor).toBe(late.id);

    const requests = server.requests.length;
    expect(expectOk(await client.transactionsAfter(first.cursor))).toEqual({ transactions: [], cursor: late.id });
    expect(server.requests).toHaveLength(requests + 1);
  });
});

describe('transactionsAfter: order and cursor', () => {
  it('a back-dated row put in after a newer one: both returned by date, cursor on the newest date; the next call repeats the late one once, then idle', async () => {
    const server = await startFake();
    const [cursor] = addMany(server, 10, 1);
    const newer = server.addTransaction({ accountNumber: ACC, amountIn: 1, content: 'newer', date: minutes(20) });
    const late = server.addTransaction({ accountNumber: ACC, amountIn: 2, content: 'late', date: minutes(5) });
    const client = clientFor(server);

    const first = expectOk(await client.transactionsAfter(cursor?.id ?? ''));
    expect(ids(first.transactions)).toEqual([late.id, newer.id]);
    expect(first.cursor).toBe(newer.id);

    // SePay put `late` in after `newer`: a repeat (the store dedupes it), never a gap.
    const second = expectOk(await client.transactionsAfter(first.cursor));
    expect(second).toEqual({ transactions: [expect.objectContaining({ providerId: late.id })], cursor: late.id });
    expect(expectOk(await client.transactionsAfter(second.cursor)).transactions).toEqual([]);
  });

  it('a server that ignores the sort: still ascending, same cursor, each once', async () => {
    const server = await startFake({ ignoreSort: true, sinceIdInclusive: true });
    const [cursor] = addMany(server, 0, 1);
    const added = addMany(server, 1, 150);

    const after = expectOk(await clientFor(server).transactionsAfter(cursor?.id ?? ''));

    expect(ids(after.transactions)).toEqual(ids(added));
    expect(after.cursor).toBe(added.at(-1)?.id);
    expectAscending(after.transactions);
  });

  it('same-second rows keep the server\'s order, so the cursor is the last one put in', async () => {
    const server = await startFake();
    const [cursor] = addMany(server, 0, 1);
    const burst = Array.from({ length: 5 }, (_, i) => server.addTransaction({ accountNumber: ACC, amountIn: i + 1, content: `b${i}`, date: minutes(3) }));
    const after = expectOk(await clientFor(server).transactionsAfter(cursor?.id ?? ''));
    expect(ids(after.transactions)).toEqual(ids(burst));
    expect(after.cursor).toBe(burst[4]?.id);
  });
});

describe('transactionsAfter: rows arriving mid-walk', () => {
  it('a new, latest-dated row arriving between pages lands on a later page: found in the same walk', async () => {
    const server = await startFake();
    const [cursor] = addMany(server, 0, 1);
    const added = addMany(server, 1, 250);
    let arrived: SepayV2WireTransaction | undefined;
    server.onRequest((request) => {
      if (request.query.get('page') === '2' && !arrived) {
        arrived = server.addTransaction({ accountNumber: OTHER, amountIn: 9, content: 'just now', date: minutes(999) });
      }
    });

    const after = expectOk(await clientFor(server).transactionsAfter(cursor?.id ?? ''));

    expect(ids(after.transactions)).toEqual([...ids(added), arrived?.id]);
    expect(after.cursor).toBe(arrived?.id);
    expect(server.requests).toHaveLength(3);
  });

  it('a back-dated row arriving between pages shifts them: the walk notices the count and reads again', async () => {
    const server = await startFake();
    const [cursor] = addMany(server, 0, 1);
    const added = addMany(server, 10, 250);
    let arrived: SepayV2WireTransaction | undefined;
    server.onRequest((request) => {
      if (request.query.get('page') === '2' && !arrived) {
        arrived = server.addTransaction({ accountNumber: OTHER, amountIn: 9, content: 'late, on page 1', date: minutes(5) });
      }
    });

    const after = expectOk(await clientFor(server).transactionsAfter(cursor?.id ?? ''));

    expect(ids(after.transactions)).toEqual([arrived?.id, ...ids(added)]);
    expect(new Set(ids(after.transactions)).size).toBe(251);
    expect(after.cursor).toBe(added.at(-1)?.id);
    expect(server.requests.map((r) => r.query.get('page'))).toEqual(['1', '2', '3', '1', '2', '3']);
  });
});

describe('transactionsAfter: scale and refusals', () => {
  it('10 000 new transactions in 100 pages of 100, each once, in order', async () => {
    const server = await startFake();
    const [cursor] = addMany(server, 0, 1);
    const added = addMany(server, 1, 10_000);

    const after = expectOk(await clientFor(server).transactionsAfter(cursor?.id ?? ''));

    expect(after.transactions).toHaveLength(10_000);
    expect(ids(after.transactions)).toEqual(ids(added));
    expect(after.cursor).toBe(added.at(-1)?.id);
    expect(server.requests).toHaveLength(100);
  });

  it('refuses a v1 cursor without sending it', async () => {
    const server = await startFake();
    for (const v1 of ['50123', ' ', '']) {
      const error = expectErr(await clientFor(server).transactionsAfter(v1));
      expect(error).toBeInstanceOf(ProviderApiError);
      expect(error.message).toContain('not a SePay v2 id');
    }
    expect(server.requests).toHaveLength(0);
  });

  it('a cursor SePay does not know is its 422, not an empty answer', async () => {
    const server = await startFake();
    addMany(server, 0, 3);
    const error = expectErr(await clientFor(server).transactionsAfter('00000000-0000-4000-8000-000000000000'));
    expect(error).toMatchObject({ code: 'api', status: 422 });
    expect(error.message).toContain('validation_error');
  });

  it('a total the pages never reach is an error after a few passes, never a silent gap', async () => {
    const server = await startFake();
    const short = { status: 200, body: listBody([wireTransaction()], { total: 2 }) };
    server.injectFaults(short, short, short, short);
    const error = expectErr(await clientFor(server).transactionsAfter('3f0c2a9e-0000-4c55-9a0e-2d6b8f41c000'));
    expect(error).toBeInstanceOf(ProviderBadResponseError);
    expect(error.message).toContain('found 1 of 2 rows');
    expect(server.requests).toHaveLength(4);
  });

  it('a server that ignores `page` is an error, not an endless walk', async () => {
    const server = await startFake();
    server.injectFaults(
      { status: 200, body: listBody([wireTransaction()], { total: 300, last_page: 3, has_more: true }) },
      { status: 200, body: listBody([wireTransaction()], { total: 300, last_page: 3, has_more: true }) },
    );
    const error = expectErr(await clientFor(server).transactionsAfter('3f0c2a9e-0000-4c55-9a0e-2d6b8f41c000'));
    expect(error.message).toContain('asked for page 2, got page 1');
    expect(server.requests).toHaveLength(2);
  });
});

describe('transactionsBetween', () => {
  it('every transaction in the window, inclusive to the second, across pages, ascending', async () => {
    const server = await startFake();
    const before = server.addTransaction({ accountNumber: ACC, amountIn: 1, content: 'before', date: '2025-04-09 23:59:59' });
    const inside = addMany(server, 0, 230, OTHER);
    const edge = server.addTransaction({ accountNumber: ACC, amountIn: 2, content: 'edge', date: '2025-04-10 23:59:59' });
    server.addTransaction({ accountNumber: ACC, amountIn: 3, content: 'after', date: '2025-04-11 00:00:00' });
    // Back-dated into the window, put in last.
    const late = server.addTransaction({ accountNumber: ACC, amountIn: 4, content: 'late', date: '2025-04-10 00:00:00' });

    const window = expectOk(
      await clientFor(server).transactionsBetween(vn('2025-04-10 00:00:00'), new Date(vn('2025-04-10 23:59:59').getTime() + 999)),
    );

    expect(ids(window)).toEqual([late.id, ...ids(inside), edge.id]);
    expect(ids(window)).not.toContain(before.id);
    expect(server.requests.map((r) => r.query.get('page'))).toEqual(['1', '2', '3']);
    expect(server.requests[0]?.query.get('transaction_date_from')).toBe('2025-04-10 00:00:00');
    expect(server.requests[0]?.query.get('transaction_date_to')).toBe('2025-04-10 23:59:59');
  });

  it('drops rows outside the window that a server sent anyway', async () => {
    const server = await startFake();
    server.injectFaults({
      status: 200,
      body: listBody([
        wireTransaction({ id: 'a', transaction_date: '2025-04-10 10:00:00' }),
        wireTransaction({ id: 'b', transaction_date: '2025-04-12 10:00:00' }),
      ]),
    });
    const window = expectOk(await clientFor(server).transactionsBetween(vn('2025-04-10 00:00:00'), vn('2025-04-11 00:00:00')));
    expect(ids(window)).toEqual(['a']);
  });

  it('an empty or backwards window needs no request', async () => {
    const server = await startFake();
    expect(expectOk(await clientFor(server).transactionsBetween(vn('2025-04-11 00:00:00'), vn('2025-04-10 00:00:00')))).toEqual([]);
    expect(expectErr(await clientFor(server).transactionsBetween(new Date(Number.NaN), new Date()))).toBeInstanceOf(ProviderApiError);
    expect(server.requests).toHaveLength(0);
  });
});
