import { afterEach, describe, expect, it } from 'vitest';
import {
  ProviderApiError,
  ProviderAuthError,
  ProviderBadResponseError,
  ProviderNetworkError,
} from '../../src/core/provider-errors.js';
import type { SepayV2TransactionFilters } from '../../src/providers/sepay/v2-client.js';
import { expectErr, expectOk } from '../helpers/provider-results.js';
import { vn } from '../helpers/vietnam-time.js';
import { ACC, clientFor, closeFakes, listBody, OTHER, startFake, TOKEN, wireTransaction } from './sepay-v2.helpers.js';

afterEach(closeFakes);

describe('SePay v2 client: transactions', () => {
  it('lists one page, mapping UUIDs, integer money, direction, Vietnam time, and 0/"" as unknown', async () => {
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

    const page = expectOk(await clientFor(server).listTransactions());

    expect(incoming.amount_in).toBe(250_000);
    expect(page.pagination).toEqual({ total: 2, per_page: 20, current_page: 1, last_page: 1, has_more: false });
    // Newest first is the server's default.
    expect(page.transactions.map((tx) => tx.providerId)).toEqual([out.id, incoming.id]);
    expect(page.transactions[1]).toEqual({
      provider: 'sepay',
      providerId: incoming.id,
      accountNumber: ACC,
      bank: 'MBBank',
      amount: 250_000,
      direction: 'in',
      content: 'DH1042 NGUYEN VAN B chuyen tien',
      reference: 'FT25100412345678',
      occurredAt: '2025-04-10T03:40:12.000Z',
      rawTime: '2025-04-10 10:40:12',
      balanceAfter: 3_250_000,
      counterparty: null,
      code: 'DH1042',
      virtualAccount: 'VA0011ABC004',
    });
    expect(page.transactions[0]).toMatchObject({ amount: -500_000, direction: 'out', balanceAfter: null, virtualAccount: null, code: null });
    expect(server.requests[0]?.path).toBe('/v2/transactions');
    expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('sends every documented filter, and the fake applies each', async () => {
    const server = await startFake();
    const acb = server.addBankAccount({ accountNumber: OTHER, bankShortName: 'ACB' });
    server.addBankAccount({ accountNumber: ACC, bankShortName: 'Vietcombank' });
    const rows = [
      { accountNumber: ACC, amountIn: 100_000, content: 'a tien nha', date: '2025-04-09 23:59:59', code: 'DH1' },
      { accountNumber: ACC, amountIn: 16_848_000, content: 'b hoc phi', date: '2025-04-10 08:00:00', referenceNumber: '171158.050523.060001' },
      { accountNumber: OTHER, amountIn: 16_848_000, content: 'c', date: '2025-04-11 10:00:00', vaId: 'b7a1c0de-0000-4000-8000-00000000000a', va: 'VQR1' },
      { accountNumber: ACC, amountOut: 500_000, content: 'd RUT TIEN', date: '2025-04-12 12:00:00', webhookSuccess: 0 },
      { accountNumber: ACC, amountIn: 200_000, content: 'e Tiền Nhà', date: '2025-04-13 00:00:00' },
    ];
    for (const row of rows) server.addTransaction(row);
    const client = clientFor(server);
    const contents = async (filters: SepayV2TransactionFilters) =>
      expectOk(await client.listTransactions({ transaction_date_sort: 'asc', ...filters })).transactions.map((tx) => tx.content[0]);

    expect(await contents({ q: 'dh1' })).toEqual(['a']);
    expect(await contents({ q: '171158' })).toEqual(['b']);
    expect(await contents({ bank_account_id: acb.id })).toEqual(['c']);
    expect(await contents({ va_id: 'b7a1c0de-0000-4000-8000-00000000000a' })).toEqual(['c']);
    expect(await contents({ bank_brand_name: 'ACB' })).toEqual(['c']);
    expect(await contents({ transaction_date_from: '2025-04-10', transaction_date_to: '2025-04-12' })).toEqual(['b', 'c', 'd']);
    expect(await contents({ transaction_date_from: vn('2025-04-10 08:00:01'), transaction_date_to: vn('2025-04-12 12:00:00') })).toEqual(['c', 'd']);
    expect(await contents({ amount_in_min: 150_000, amount_in_max: 16_848_000 })).toEqual(['b', 'c', 'e']);
    expect(await contents({ amount_out_min: 1 })).toEqual(['d']);
    expect(await contents({ amount_out_max: 0 })).toEqual(['a', 'b', 'c', 'e']);
    expect(await contents({ reference_number: '171158.050523.060001' })).toEqual(['b']);
    expect(await contents({ transaction_content: 'tiền' })).toEqual(['e']);
    expect(await contents({ transfer_type: 'out' })).toEqual(['d']);
    expect(await contents({ webhook_success: 0 })).toEqual(['d']);
    expect(await contents({ webhook_success: 1, bank_brand_name: 'Vietcombank', transfer_type: 'in' })).toEqual(['a', 'b', 'e']);
    const second = server.transactions[1]?.id ?? '';
    expect(await contents({ since_id: second })).toEqual(['c', 'd', 'e']);

    const dateSent = server.requests.find((r) => r.query.get('transaction_date_to')?.includes(':'));
    expect(dateSent?.query.get('transaction_date_from')).toBe('2025-04-10 08:00:01');
    expect(dateSent?.query.get('transaction_date_to')).toBe('2025-04-12 12:00:00');
  });

  it('sorts by date, amount in and amount out, and pages with per_page capped at 100', async () => {
    const server = await startFake();
    for (let i = 0; i < 250; i++) {
      server.addTransaction({ accountNumber: ACC, amountIn: ((i * 7919) % 250) + 1, content: `t${i}`, date: vn('2025-04-10 08:00:00') });
    }
    server.addTransaction({ accountNumber: ACC, amountOut: 9, content: 'out small', date: '2025-04-09 08:00:00' });
    server.addTransaction({ accountNumber: ACC, amountOut: 99, content: 'out big', date: '2025-04-08 08:00:00' });
    const client = clientFor(server);

    const byAmount = expectOk(await client.listTransactions({ amount_in_sort: 'desc', per_page: 3 }));
    expect(byAmount.transactions.map((tx) => tx.amount)).toEqual([250, 249, 248]);
    const byAmountOut = expectOk(await client.listTransactions({ amount_out_sort: 'desc', per_page: 2 }));
    expect(byAmountOut.transactions.map((tx) => tx.content)).toEqual(['out big', 'out small']);
    const oldest = expectOk(await client.listTransactions({ transaction_date_sort: 'asc', per_page: 1 }));
    expect(oldest.transactions.map((tx) => tx.content)).toEqual(['out big']);

    const capped = expectOk(await client.listTransactions({ per_page: 500, page: 2 }));
    expect(capped.transactions).toHaveLength(100);
    expect(capped.pagination).toEqual({ total: 252, per_page: 100, current_page: 2, last_page: 3, has_more: true });
    const last = expectOk(await client.listTransactions({ per_page: 100, page: 3 }));
    expect(last.transactions).toHaveLength(52);
    expect(last.pagination.has_more).toBe(false);
    expect(server.requests.at(-1)?.query.get('per_page')).toBe('100');
  });

  it('a 404, JSON or an HTML page from a proxy, is a ProviderApiError "not found", not retried', async () => {
    const server = await startFake();
    server.injectFaults(
      { status: 404, body: { status: 'error', error_code: 'not_found', message: 'Not found' } },
      { status: 404, body: '<html><body>Not Found</body></html>' },
    );
    const client = clientFor(server);

    const json = expectErr(await client.listTransactions());
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
    server.injectFaults({ status: 200, body: listBody([wireTransaction({ transfer_type: null })], { has_more: undefined, current_page: 1, last_page: 2 }) });
    const client = clientFor(server);

    const page = expectOk(await client.listTransactions());
    expect(page.transactions[0]).toMatchObject({ amount: 250_000, direction: 'in', balanceAfter: null });
    expect(page.pagination).toEqual({ total: 1, per_page: 20, current_page: 1, last_page: 1, has_more: false });
    const inferred = expectOk(await client.listTransactions());
    expect(inferred.pagination.has_more).toBe(true);
    expect(inferred.transactions[0]?.direction).toBe('in');
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
      const error = expectErr(await client.listTransactions());
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
      { provider: 'sepay', providerId: vcb.id, bank: 'Vietcombank', accountNumber: ACC, holder: 'NGUYEN VAN A', balance: null, readAt: readAt.toISOString() },
      { provider: 'sepay', providerId: vtb.id, bank: 'VietinBank', accountNumber: OTHER, holder: 'NGUYEN THI B', balance: 2_525_493, readAt: readAt.toISOString() },
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

  it('sends every documented bank-account filter and sort, and the fake applies each', async () => {
    const server = await startFake();
    server.addBankAccount({ accountNumber: 'A1', bankShortName: 'Vietcombank', accumulated: 0, label: 'quầy chính', createdAt: vn('2025-01-01 00:00:00') });
    server.addBankAccount({ accountNumber: 'A2', bankShortName: 'Vietcombank', accumulated: 500_000, active: false, createdAt: vn('2025-01-02 00:00:00') });
    server.addBankAccount({ accountNumber: 'A3', bankShortName: 'MBBank', holder: 'TRAN VAN C', accumulated: 2_000_000_000, createdAt: vn('2025-01-03 00:00:00') });
    server.addTransaction({ accountNumber: 'A2', amountIn: 1000, content: 'x', date: '2025-05-01 09:00:00' });
    server.addTransaction({ accountNumber: 'A3', amountIn: 1000, content: 'y', date: '2025-05-03 09:00:00' });
    const client = clientFor(server);
    const numbers = async (filters: Parameters<typeof client.listBankAccounts>[0]) =>
      expectOk(await client.listBankAccounts(filters)).map((a) => a.accountNumber);

    expect(await numbers({})).toEqual(['A3', 'A2', 'A1']);
    expect(await numbers({ q: 'tran van' })).toEqual(['A3']);
    expect(await numbers({ q: 'chính' })).toEqual(['A1']);
    expect(await numbers({ bank_short_name: 'Vietcombank' })).toEqual(['A2', 'A1']);
    expect(await numbers({ last_transaction_from: '2025-04-30', last_transaction_to: '2025-05-02' })).toEqual(['A2']);
    expect(await numbers({ last_transaction_from: vn('2025-05-03 09:00:00') })).toEqual(['A3']);
    expect(await numbers({ accumulated_min: 1, accumulated_max: 1_000_000_000 })).toEqual(['A2']);
    expect(await numbers({ active: 0 })).toEqual(['A2']);
    expect(await numbers({ active: 1, created_at_sort: 'asc' })).toEqual(['A1', 'A3']);
    expect(await numbers({ accumulated_sort: 'asc' })).toEqual(['A1', 'A2', 'A3']);
    expect(await numbers({ last_transaction_sort: 'desc' })).toEqual(['A3', 'A2', 'A1']);
    expect(server.requests.at(-1)?.query.get('last_transaction_sort')).toBe('desc');
  });
});

describe('SePay v2 client: failures come back as values', () => {
  it('a rejected token is a 401 ProviderAuthError naming SEPAY_API_TOKEN, never the token, not retried', async () => {
    const server = await startFake();
    const secret = 'WRONGsecretTokenValue0123456789';
    const error = expectErr(await clientFor(server, { apiToken: secret }).listTransactions());
    expect(error).toBeInstanceOf(ProviderAuthError);
    expect(error.status).toBe(401);
    expect(error.message).toContain('SEPAY_API_TOKEN');
    expect(JSON.stringify({ message: error.message, ...error.toLogFields() })).not.toContain(secret);
    expect(server.requests).toHaveLength(1);
    expect(server.hits[0]?.status).toBe(401);
  });

  it('a 422 is a ProviderApiError naming the error_code and SePay\'s message', async () => {
    const server = await startFake();
    const error = expectErr(await clientFor(server).listTransactions({ transaction_date_from: '10/04/2025' }));
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
    const business = expectErr(await client.listTransactions());
    expect(business).toBeInstanceOf(ProviderApiError);
    expect(business.message).toContain('Something broke');
    expect(business.message).toContain('error_code internal');
    const missing = expectErr(await client.listTransactions());
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
    expect(expectErr(await client.listTransactions())).toBeInstanceOf(ProviderBadResponseError);
  });

  it('a 5xx is retried, then the call succeeds', async () => {
    const server = await startFake();
    server.addTransaction({ accountNumber: ACC, amountIn: 1000, content: 'after the outage' });
    server.injectFaults({ status: 502, body: '<html>Bad Gateway</html>' }, { status: 200, destroy: true });
    const page = expectOk(await clientFor(server).listTransactions());
    expect(page.transactions.map((tx) => tx.content)).toEqual(['after the outage']);
    expect(server.requests).toHaveLength(3);
  });

  it('a server slower than the timeout is a ProviderNetworkError after the bounded retries', async () => {
    const server = await startFake();
    server.injectFaults({ status: 200, body: {}, delayMs: 400 }, { status: 200, body: {}, delayMs: 400 });
    const started = Date.now();
    const error = expectErr(await clientFor(server, { timeoutMs: 60, retry: { attempts: 2, baseDelayMs: 5, maxDelayMs: 10 } }).listTransactions());
    expect(error).toBeInstanceOf(ProviderNetworkError);
    expect(error.endpoint).toBe('GET /v2/transactions');
    expect(server.requests).toHaveLength(2);
    // Without the timeout the two delayed answers alone would take 800 ms.
    expect(Date.now() - started).toBeLessThan(790);
  });

  it.each(['', '/', '/v2', '/v2/'])('appends /v2/... to the base URL (base ending %j)', async (suffix) => {
    const server = await startFake();
    server.addBankAccount({ accountNumber: ACC });
    expect(expectOk(await clientFor(server, { baseUrl: `${server.url}${suffix}` }).listBankAccounts())).toHaveLength(1);
    expect(server.requests[0]?.path).toBe('/v2/bank-accounts');
  });
});
