import { afterEach, describe, expect, it } from 'vitest';
import {
  ProviderApiError,
  ProviderAuthError,
  ProviderBadResponseError,
  ProviderNetworkError,
} from '../../src/core/provider-errors.js';
import { expectErr, expectOk } from '../helpers/provider-results.js';
import { vn } from '../helpers/vietnam-time.js';
import { ACC, clientFor, closeFakes, listBody, OTHER, startFake, TOKEN, wireTransaction } from './sepay-v2.helpers.js';

afterEach(closeFakes);

describe('SePay v2 client: transactions', () => {
  it('maps UUIDs, integer money, direction, Vietnam time, and 0/"" as unknown', async () => {
    const server = await startFake();
    server.addBankAccount({ accountNumber: ACC, bankShortName: 'MBBank', accumulated: 3_000_000 });
    const incoming = server.addTransaction({
      accountNumber: ACC,
      amountIn: 250_000,
      content: 'DH1042 NGUYEN VAN B chuyen tien',
      date: '2025-04-10 10:40:12',
      referenceNumber: 'FT25100412345678',
      code: 'DH1042',
      va: 'VA0011ABC004',
    });
    const out = server.addTransaction({ accountNumber: ACC, amountOut: 500_000, content: 'RUT TIEN ATM', date: '2025-04-10 11:00:00', accumulated: 0 });

    const listed = expectOk(await clientFor(server).transactionsBetween(vn('2025-04-10 00:00:00'), vn('2025-04-10 23:59:59')));

    expect(incoming.amount_in).toBe(250_000);
    expect(listed.map((tx) => tx.providerId)).toEqual([incoming.id, out.id]);
    expect(listed[0]).toEqual({
      provider: 'sepay',
      providerId: incoming.id,
      accountNumber: ACC,
      bank: 'MBBank',
      amount: 250_000,
      direction: 'in',
      content: 'DH1042 NGUYEN VAN B chuyen tien',
      reference: 'FT25100412345678',
      occurredAt: '2025-04-10T03:40:12.000Z',
      balanceAfter: 3_250_000,
      counterparty: null,
      code: 'DH1042',
      virtualAccount: 'VA0011ABC004',
    });
    expect(listed[1]).toMatchObject({ amount: -500_000, direction: 'out', balanceAfter: null, virtualAccount: null, code: null });
    expect(server.requests[0]?.path).toBe('/v2/transactions');
    // Dates go out as Vietnam wall-clock time, the format SePay documents.
    expect(server.requests[0]?.query.get('transaction_date_from')).toBe('2025-04-10 00:00:00');
    expect(server.requests[0]?.query.get('transaction_date_to')).toBe('2025-04-10 23:59:59');
    expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('a 404, JSON or an HTML page from a proxy, is a ProviderApiError "not found", not retried', async () => {
    const server = await startFake();
    server.injectFaults(
      { status: 404, body: { status: 'error', error_code: 'not_found', message: 'Not found' } },
      { status: 404, body: '<html><body>Not Found</body></html>' },
    );
    const client = clientFor(server);

    const json = expectErr(await client.transactionsAfter(null));
    expect(json).toBeInstanceOf(ProviderApiError);
    expect(json).toMatchObject({ status: 404, endpoint: 'GET /v2/transactions' });
    expect(json.message).toContain('not_found');
    expect(expectErr(await client.listBankAccounts())).toMatchObject({ code: 'api', status: 404, endpoint: 'GET /v2/bank-accounts' });
    expect(server.requests).toHaveLength(2);
  });

  it('accepts numbers sent as strings, has_more as 0/1 or missing, and unknown fields', async () => {
    const server = await startFake();
    server.injectFaults({
      status: 200,
      body: {
        status: 'success',
        data: [
          wireTransaction({ amount_in: '250000', amount_out: '0.00', accumulated: '0', transfer_type: 'IN', webhook_success: 8, brand_new: { x: 1 } }),
        ],
        meta: { pagination: { total: '1', per_page: '20', current_page: '1', last_page: '1', has_more: 0 } },
      },
    });
    const second = '3f0c2a9e-1b7d-4c55-9a0e-2d6b8f41c002';
    server.injectFaults(
      { status: 200, body: listBody([wireTransaction({ transfer_type: null })], { has_more: undefined, total: 2, current_page: 1, last_page: 2 }) },
      { status: 200, body: listBody([wireTransaction({ id: second })], { has_more: undefined, total: 2, current_page: 2, last_page: 2 }) },
    );
    const client = clientFor(server);
    const april = [vn('2025-04-01 00:00:00'), vn('2025-04-30 23:59:59')] as const;

    const [tx] = expectOk(await client.transactionsBetween(...april));
    expect(tx).toMatchObject({ amount: 250_000, direction: 'in', balanceAfter: null });
    expect(server.requests).toHaveLength(1);
    // No has_more: last_page says there is a page 2, and it is read.
    const inferred = expectOk(await client.transactionsBetween(...april));
    expect(inferred.map((t) => t.direction)).toEqual(['in', 'in']);
    expect(inferred.map((t) => t.providerId)).toContain(second);
    expect(server.requests.map((r) => r.query.get('page'))).toEqual(['1', '1', '2']);
  });

  it('names the offending field of a body with the wrong shape', async () => {
    const server = await startFake();
    const client = clientFor(server);
    const cases: [unknown, string][] = [
      [listBody([wireTransaction({ amount_in: 250000.5 })]), 'data.0.amount_in'],
      [listBody([wireTransaction({ id: '' })]), 'data.0.id'],
      [listBody([wireTransaction({ transaction_date: '10/04/2025' })]), 'data.0.transaction_date'],
      [listBody([wireTransaction({ transfer_type: 'in', amount_in: 0, amount_out: 500 })]), 'data.0.transfer_type'],
      [listBody([wireTransaction({ transfer_type: 'sideways' })]), 'data.0.transfer_type'],
      [{ status: 'success', data: [], meta: { pagination: { per_page: 20, current_page: 1, last_page: 1 } } }, 'meta.pagination.total'],
      [{ status: 'success', meta: { pagination: {} } }, 'data'],
    ];
    for (const [body, field] of cases) {
      server.injectFaults({ status: 200, body });
      const error = expectErr(await client.transactionsAfter(null));
      expect(error).toBeInstanceOf(ProviderBadResponseError);
      expect(error.message).toContain(field);
    }
  });
});

describe('SePay v2 client: bank accounts', () => {
  it('lists accounts; a 0 balance is unknown, not zero', async () => {
    const server = await startFake({ now: () => vn('2025-02-16 15:57:26') });
    const vtb = server.addBankAccount({ accountNumber: OTHER, holder: 'NGUYEN THI B', bankShortName: 'VietinBank', accumulated: 2_525_493, createdAt: vn('2025-01-01 00:00:00') });
    const vcb = server.addBankAccount({ accountNumber: ACC, holder: 'NGUYEN VAN A', accumulated: 0, createdAt: vn('2025-01-02 00:00:00') });
    const readAt = new Date('2025-04-12T05:00:00.000Z');

    const accounts = expectOk(await clientFor(server, { now: () => readAt }).listBankAccounts());

    expect(accounts).toEqual([
      { provider: 'sepay', providerId: vcb.id, bank: 'Vietcombank', accountNumber: ACC, holder: 'NGUYEN VAN A', bin: '970436', balance: null, readAt: readAt.toISOString() },
      { provider: 'sepay', providerId: vtb.id, bank: 'VietinBank', accountNumber: OTHER, holder: 'NGUYEN THI B', bin: '970415', balance: 2_525_493, readAt: readAt.toISOString() },
    ]);
    expect(server.requests[0]?.path).toBe('/v2/bank-accounts');
    expect(server.requests[0]?.query.get('per_page')).toBe('100');
  });

  it('walks every page of accounts, 100 at a time', async () => {
    const server = await startFake();
    for (let i = 0; i < 230; i++) server.addBankAccount({ accountNumber: String(9_000_000 + i), accumulated: i });
    const accounts = expectOk(await clientFor(server).listBankAccounts());
    expect(accounts).toHaveLength(230);
    expect(new Set(accounts.map((a) => a.accountNumber)).size).toBe(230);
    expect(server.requests.map((r) => r.query.get('page'))).toEqual(['1', '2', '3']);
  });
});

describe('SePay v2 client: failures come back as values', () => {
  it('a rejected token is a 401 ProviderAuthError naming SEPAY_API_TOKEN, never the token, not retried', async () => {
    const server = await startFake();
    const secret = 'WRONGsecretTokenValue0123456789';
    const error = expectErr(await clientFor(server, { apiToken: secret }).transactionsAfter(null));
    expect(error).toBeInstanceOf(ProviderAuthError);
    expect(error.status).toBe(401);
    expect(error.message).toContain('SEPAY_API_TOKEN');
    expect(JSON.stringify({ message: error.message, ...error.toLogFields() })).not.toContain(secret);
    expect(server.requests).toHaveLength(1);
    expect(server.hits[0]?.status).toBe(401);
  });

  it('a 422 is a ProviderApiError naming the error_code and SePay\'s message', async () => {
    const server = await startFake();
    server.injectFaults({
      status: 422,
      body: { status: 'error', error_code: 'validation_error', message: 'The transaction_date_from field must match the format Y-m-d H:i:s.' },
    });
    const error = expectErr(await clientFor(server).transactionsAfter(null));
    expect(error).toBeInstanceOf(ProviderApiError);
    expect(error.status).toBe(422);
    expect(error.message).toContain('error_code validation_error');
    expect(error.message).toContain('transaction_date_from');
    expect(server.requests).toHaveLength(1);
  });

  it('a 200 whose status is not "success" is an error, an auth error when it says so', async () => {
    const server = await startFake();
    server.injectFaults(
      { status: 200, body: { status: 'error', error_code: 'internal', message: 'Something broke' } },
      { status: 200, body: { data: [], meta: { pagination: {} } } },
      { status: 200, body: { status: 'error', error_code: 'unauthorized', message: 'Invalid API key' } },
    );
    const client = clientFor(server);
    const business = expectErr(await client.transactionsAfter(null));
    expect(business).toBeInstanceOf(ProviderApiError);
    expect(business.message).toContain('Something broke');
    expect(business.message).toContain('error_code internal');
    const missing = expectErr(await client.transactionsAfter(null));
    expect(missing).toBeInstanceOf(ProviderApiError);
    expect(missing.message).toContain('status missing');
    expect(expectErr(await client.listBankAccounts())).toBeInstanceOf(ProviderAuthError);
  });

  it('HTML with 200, or an empty body, is a ProviderBadResponseError', async () => {
    const server = await startFake();
    server.injectFaults({ status: 200, body: '<!DOCTYPE html><html><body>Đăng nhập</body></html>' }, { status: 200, body: '' });
    const client = clientFor(server);
    const html = expectErr(await client.listBankAccounts());
    expect(html).toBeInstanceOf(ProviderBadResponseError);
    expect(html.message).toContain('not JSON');
    expect(expectErr(await client.transactionsAfter(null))).toBeInstanceOf(ProviderBadResponseError);
  });

  it('a 5xx is retried, then the call succeeds', async () => {
    const server = await startFake();
    server.addTransaction({ accountNumber: ACC, amountIn: 1000, content: 'after the outage' });
    server.injectFaults({ status: 502, body: '<html>Bad Gateway</html>' }, { status: 200, destroy: true });
    const listed = expectOk(await clientFor(server).transactionsBetween(new Date(0), new Date()));
    expect(listed.map((tx) => tx.content)).toEqual(['after the outage']);
    expect(server.requests).toHaveLength(3);
  });

  it('a server slower than the timeout is a ProviderNetworkError after the bounded retries', async () => {
    const server = await startFake();
    // A timeout long enough that a busy machine still gets each request to the server before it.
    server.injectFaults({ status: 200, body: {}, delayMs: 1_500 }, { status: 200, body: {}, delayMs: 1_500 });
    const started = Date.now();
    const error = expectErr(await clientFor(server, { timeoutMs: 250, retry: { attempts: 2, baseDelayMs: 5, maxDelayMs: 10 } }).transactionsAfter(null));
    expect(error).toBeInstanceOf(ProviderNetworkError);
    expect(error.endpoint).toBe('GET /v2/transactions');
    expect(server.requests).toHaveLength(2);
    // Without the timeout the two delayed answers alone would take 3 000 ms.
    expect(Date.now() - started).toBeLessThan(2_900);
  });

  it.each(['', '/', '/v2', '/v2/'])('appends /v2/... to the base URL (base ending %j)', async (suffix) => {
    const server = await startFake();
    server.addBankAccount({ accountNumber: ACC });
    expect(expectOk(await clientFor(server, { baseUrl: `${server.url}${suffix}` }).listBankAccounts())).toHaveLength(1);
    expect(server.requests[0]?.path).toBe('/v2/bank-accounts');
  });
});
