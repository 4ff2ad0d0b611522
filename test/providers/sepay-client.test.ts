import { afterEach, describe, expect, it } from 'vitest';
import { ProviderApiError, ProviderAuthError, ProviderBadResponseError, ProviderNetworkError } from '../../src/core/provider-errors.js';
import { expectOk } from '../helpers/provider-results.js';
import { vn } from '../helpers/vietnam-time.js';
import { ACC, clientFor, closeFakes, OTHER, startFake, TOKEN } from './sepay-client.helpers.js';

afterEach(closeFakes);

describe('SePay v1 client: transactions', () => {
  it('lists transactions, mapping string ids and money, direction and Vietnam time', async () => {
    const server = await startFake();
    server.addBankAccount({ accountNumber: ACC, accumulated: 1_000_000 });
    server.addTransaction({
      accountNumber: ACC,
      amountIn: 18_067_000,
      content: 'DUONG THUY ANH chuyen tien DH1042',
      date: '2023-05-05 19:59:48',
      referenceNumber: '677760.050523.080001',
      code: 'DH1042',
      subAccount: 'VCB0011ABC004',
    });
    server.addTransaction({ accountNumber: ACC, amountOut: 500_000, content: 'RUT TIEN ATM', date: '2023-05-06 08:00:00', referenceNumber: '' });

    const list = expectOk(await clientFor(server).listTransactions());

    expect(server.transactions[0]?.amount_in).toBe('18067000.00');
    expect(server.transactions[0]?.id).toBe('50000');
    expect(list).toHaveLength(2);
    const [out, incoming] = list;
    expect(incoming).toEqual({
      provider: 'sepay',
      providerId: '50000',
      accountNumber: ACC,
      bank: 'Vietcombank',
      amount: 18_067_000,
      direction: 'in',
      content: 'DUONG THUY ANH chuyen tien DH1042',
      reference: '677760.050523.080001',
      occurredAt: '2023-05-05T12:59:48.000Z',
      balanceAfter: 19_067_000,
      counterparty: null,
      code: 'DH1042',
      virtualAccount: 'VCB0011ABC004',
    });
    expect(out).toMatchObject({ providerId: '50001', amount: -500_000, direction: 'out', reference: null, balanceAfter: 18_567_000 });
    expect(server.requests[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(server.requests[0]?.path).toBe('/userapi/transactions/list');
  });

  it('sends each list filter the walks use, and the fake applies each', async () => {
    const server = await startFake({ order: 'oldest-first' });
    server.addTransaction({ accountNumber: ACC, amountIn: 100_000, content: 'a', date: '2023-04-29 23:59:59' });
    server.addTransaction({ accountNumber: ACC, amountIn: 16_848_000, content: 'b', date: '2023-04-30 08:00:00', referenceNumber: '171158.050523.060001' });
    server.addTransaction({ accountNumber: OTHER, amountIn: 16_848_000, content: 'c', date: '2023-05-01 10:00:00' });
    server.addTransaction({ accountNumber: ACC, amountOut: 500_000, content: 'd', date: '2023-05-02 12:00:00' });
    server.addTransaction({ accountNumber: ACC, amountIn: 200_000, content: 'e', date: '2023-05-03 00:00:00' });
    const client = clientFor(server);
    const contents = async (filters: Parameters<typeof client.listTransactions>[0]) =>
      expectOk(await client.listTransactions(filters)).map((tx) => tx.content);

    expect(await contents({ account_number: OTHER })).toEqual(['c']);
    expect(await contents({ transaction_date_min: '2023-04-30', transaction_date_max: '2023-05-02' })).toEqual(['b', 'c', 'd']);
    expect(await contents({ transaction_date_min: vn('2023-04-30 08:00:01'), transaction_date_max: vn('2023-05-02 12:00:00') })).toEqual([
      'c',
      'd',
    ]);
    expect(await contents({ since_id: '50003' })).toEqual(['d', 'e']);
    expect(await contents({ since_id: 50_003, limit: 1 })).toEqual(['e']);
    expect(await contents({ account_number: ACC, since_id: '50001' })).toEqual(['b', 'd', 'e']);

    const sent = server.requests.find((r) => r.query.has('transaction_date_max') && r.query.get('transaction_date_max')?.includes(':'));
    expect(sent?.query.get('transaction_date_max')).toBe('2023-05-02 12:00:00');
    expect(sent?.query.get('transaction_date_min')).toBe('2023-04-30 08:00:01');
  });

  it('accepts numbers where v1 sends strings, extra fields, and nulls where the docs show null', async () => {
    const server = await startFake();
    server.injectFaults({
      status: 200,
      body: {
        status: '200',
        error: null,
        messages: { success: true },
        transactions: [
          {
            id: 49682,
            bank_brand_name: 'Vietcombank',
            account_number: ACC,
            transaction_date: '2023-05-05 19:59:48',
            amount_out: 0,
            amount_in: 250000,
            accumulated: null,
            transaction_content: 'x',
            reference_number: null,
            code: null,
            sub_account: null,
            bank_account_id: 19,
            brand_new_field: { anything: true },
          },
        ],
      },
    });
    const [tx] = expectOk(await clientFor(server).listTransactions());
    expect(tx).toMatchObject({ providerId: '49682', amount: 250_000, balanceAfter: null, reference: null, code: null, virtualAccount: null });
  });

  it('rejects a fractional amount, naming the field, instead of dropping money', async () => {
    const server = await startFake();
    server.addTransaction({ accountNumber: ACC, amountIn: 100, content: 'fine' });
    server.addTransaction({ accountNumber: ACC, amountIn: '18067000.50', content: 'half a dong' });
    const result = await clientFor(server).listTransactions();
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error).toBeInstanceOf(ProviderBadResponseError);
      expect(result.error.message).toContain('transactions.0.amount_in');
      expect(result.error.message).toContain('18067000.50');
    }
  });

  it('names the field of a body with the wrong shape', async () => {
    const server = await startFake();
    server.injectFaults({
      status: 200,
      body: { status: 200, error: null, messages: { success: true }, transactions: [{ id: 'abc', amount_in: '1.00' }] },
    });
    const client = clientFor(server);

    const list = await client.listTransactions();
    expect(list.ok).toBe(false);
    if (!list.ok) {
      expect(list.error).toBeInstanceOf(ProviderBadResponseError);
      expect(list.error.message).toContain('transactions.0.id');
    }
  });

  it('rejects a body without the list it should carry', async () => {
    const server = await startFake();
    server.injectFaults({ status: 200, body: { status: 200, error: null, messages: { success: true } } });
    const result = await clientFor(server).listTransactions();
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toContain('transactions');
  });
});

describe('SePay v1 client: bank accounts', () => {
  it('lists accounts; balance "0.00" is unknown, not zero', async () => {
    const server = await startFake({ now: () => vn('2023-02-16 15:57:26') });
    server.addBankAccount({ accountNumber: '102871015203', holder: 'NGUYEN THI B', bankShortName: 'VietinBank', accumulated: 2_525_493 });
    server.addBankAccount({ accountNumber: ACC, holder: 'NGUYEN VAN A', accumulated: 0 });
    const readAt = new Date('2025-01-01T00:00:00.000Z');

    const accounts = expectOk(await clientFor(server, { now: () => readAt }).listBankAccounts());

    expect(server.bankAccounts[0]).toMatchObject({ id: '20', accumulated: '2525493.00', active: '1', bank_code: 'ICB' });
    expect(accounts).toEqual([
      { provider: 'sepay', providerId: '21', bank: 'Vietcombank', accountNumber: ACC, holder: 'NGUYEN VAN A', bin: '970436', balance: null, readAt: readAt.toISOString() },
      {
        provider: 'sepay',
        providerId: '20',
        bank: 'VietinBank',
        accountNumber: '102871015203',
        holder: 'NGUYEN THI B',
        bin: '970415',
        balance: 2_525_493,
        readAt: readAt.toISOString(),
      },
    ]);
  });
});

describe('SePay v1 client: failures come back as values', () => {
  it.each(['empty-200', '401'] as const)('a rejected token (%s) is a ProviderAuthError naming SEPAY_API_TOKEN, never the token', async (rejectAs) => {
    const server = await startFake({ rejectAs });
    const secret = 'WRONG-secret-token-value';
    const result = await clientFor(server, { apiToken: secret }).listTransactions();
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error).toBeInstanceOf(ProviderAuthError);
      expect(result.error.message).toContain('SEPAY_API_TOKEN');
      expect(result.error.message).not.toContain(secret);
      expect(JSON.stringify(result.error.toLogFields())).not.toContain(secret);
    }
    // An auth failure is not retried.
    expect(server.requests).toHaveLength(1);
  });

  it('an error inside a 200 body is a ProviderApiError with SePay\'s message', async () => {
    const server = await startFake();
    server.injectFaults({ status: 200, body: { status: 400, error: 'Invalid since_id', messages: { success: false } } });
    const result = await clientFor(server).listTransactions();
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error).toBeInstanceOf(ProviderApiError);
      expect(result.error.message).toContain('Invalid since_id');
    }
    // The fake itself reports a bad filter that way.
    const bad = await clientFor(server).listTransactions({ transaction_date_min: '30/04/2023' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.message).toContain('transaction_date_min must be');
  });

  it('a 500 is retried, then the call succeeds', async () => {
    const server = await startFake();
    server.addTransaction({ accountNumber: ACC, amountIn: 1000, content: 'after the outage' });
    server.injectFaults({ status: 500, body: '<html>Internal Server Error</html>' }, { status: 503, body: '' });
    const result = await clientFor(server).listTransactions();
    expect(expectOk(result).map((tx) => tx.content)).toEqual(['after the outage']);
    expect(server.requests).toHaveLength(3);
  });

  it('HTML with 200 is a ProviderBadResponseError', async () => {
    const server = await startFake();
    server.injectFaults({ status: 200, body: '<!DOCTYPE html><html><body>Đăng nhập</body></html>' });
    const result = await clientFor(server).listBankAccounts();
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error).toBeInstanceOf(ProviderBadResponseError);
      expect(result.error.message).toContain('not JSON');
    }
  });

  it('a 404, even an HTML one from a proxy, is a ProviderApiError "not found", not retried', async () => {
    const server = await startFake();
    server.injectFaults({ status: 404, body: '<html><body>Not Found</body></html>' });
    const result = await clientFor(server).listBankAccounts();
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error).toBeInstanceOf(ProviderApiError);
      expect(result.error).toMatchObject({ status: 404, endpoint: 'GET /userapi/bankaccounts/list' });
      expect(result.error.message).toContain('not found');
    }
    expect(server.requests).toHaveLength(1);
  });

  it('a server slower than the timeout is a ProviderNetworkError after the bounded retries', async () => {
    const server = await startFake();
    // A timeout long enough that a busy machine still gets each request to the server before it.
    server.injectFaults({ status: 200, body: {}, delayMs: 1_500 }, { status: 200, body: {}, delayMs: 1_500 });
    const started = Date.now();
    const result = await clientFor(server, { timeoutMs: 250, retry: { attempts: 2, baseDelayMs: 5, maxDelayMs: 10 } }).listTransactions();
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toBeInstanceOf(ProviderNetworkError);
    expect(server.requests).toHaveLength(2);
    // Without the timeout the two delayed answers alone would take 3 000 ms.
    expect(Date.now() - started).toBeLessThan(2_900);
  });

  it('a reset connection is retried', async () => {
    const server = await startFake();
    server.addBankAccount({ accountNumber: ACC, accumulated: 5 });
    server.injectFaults({ status: 200, destroy: true });
    expect(expectOk(await clientFor(server).listBankAccounts())).toHaveLength(1);
  });

  it('works whether or not the base URL ends with a slash', async () => {
    const server = await startFake();
    server.addBankAccount({ accountNumber: ACC });
    expect(expectOk(await clientFor(server, { baseUrl: `${server.url}/` }).listBankAccounts())).toHaveLength(1);
    expect(server.requests[0]?.path).toBe('/userapi/bankaccounts/list');
  });

  it('refuses a since id that is not a v1 id without sending it', async () => {
    const server = await startFake();
    const result = await clientFor(server).transactionsAfter('3f0c2a9e-1b7d');
    expect(result.ok).toBe(false);
    expect(server.requests).toHaveLength(0);
  });
});
