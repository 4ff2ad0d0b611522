import { afterEach, describe, expect, it } from 'vitest';
import {
  ProviderApiError,
  ProviderAuthError,
  ProviderBadResponseError,
  ProviderNetworkError,
  ProviderServerError,
} from '../../src/core/provider-errors.js';
import { createRateLimiter } from '../../src/http/rate-limiter.js';
import { startFakeCasso, type FakeCasso } from '../../fakes/casso/server.js';
import { createLogger } from '../../src/log/logger.js';
import { expectErr, expectOk } from '../helpers/provider-results.js';
import { vn } from '../helpers/vietnam-time.js';
import { ACCOUNT, clientFor, now, pageBody, transactionRecord } from './casso-client.helpers.js';

let fake: FakeCasso | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const APRIL = { fromDate: '2025-04-01', toDate: '2025-04-30' };

/** A fake with one account and one transaction; `wire` bends that transaction's record. */
async function withOneTransaction(wire: Record<string, unknown> = {}): Promise<FakeCasso> {
  fake = await startFakeCasso({ now });
  const shop = fake.addAccount({ accountNumber: '0123456789' });
  fake.addTransaction(shop.id, { amount: 250_000, description: 'DH1042', when: vn('2025-04-10T10:00:00'), wire });
  return fake;
}

describe('Casso client: authentication', () => {
  it('reports a wrong key as ProviderAuthError naming CASSO_API_KEY, never the key', async () => {
    const casso = await withOneTransaction();
    const wrongKey = 'AK_CS.ffffffffffffffffffffffffffffffff.wrong-secret';

    const error = expectErr(await clientFor(casso, { apiKey: wrongKey }).listAccounts());

    expect(error).toBeInstanceOf(ProviderAuthError);
    expect(error.status).toBe(401);
    expect(error.message).toContain('CASSO_API_KEY');
    expect(error.message).not.toContain(wrongKey);
    expect(JSON.stringify(error.toLogFields())).not.toContain('wrong-secret');
    expect(casso.requests).toHaveLength(1);
  });

  it('reports `error: 401` inside an HTTP 200 as ProviderAuthError', async () => {
    const casso = await withOneTransaction();
    casso.injectFaults({ status: 200, body: { error: 401, message: 'Unauthorized Access', data: null } });

    const error = expectErr(await clientFor(casso).listAccounts());

    expect(error).toBeInstanceOf(ProviderAuthError);
    expect(error.status).toBe(200);
    expect(error.message).toContain('CASSO_API_KEY');
  });

  it("reports any other non-zero `error` in a 200 as ProviderApiError with Casso's message", async () => {
    const casso = await withOneTransaction();
    casso.injectFaults({ status: 200, body: { error: '12', message: 'Webhook not exists', data: null } });

    const error = expectErr(await clientFor(casso).listAccounts());

    expect(error).toBeInstanceOf(ProviderApiError);
    expect(error.message).toContain('Webhook not exists');
    expect(error.message).toContain('12');
  });
});

describe('Casso client: outages', () => {
  it('retries a 500 and succeeds', async () => {
    const casso = await withOneTransaction();
    casso.injectFaults({ status: 500, body: '<html>Internal Server Error</html>' });

    expect(expectOk(await clientFor(casso).listAccounts())).toHaveLength(1);
    expect(casso.requests).toHaveLength(2);
  });

  it('logs each retried failure at warn with endpoint, status and attempt', async () => {
    const casso = await withOneTransaction();
    casso.injectFaults(...Array.from({ length: 3 }, () => ({ status: 500, body: 'boom' })));
    const lines: string[] = [];
    const logger = createLogger({ level: 'warn', write: (line) => lines.push(line) });

    expectErr(await clientFor(casso, { logger }).listAccounts());

    // Two retries follow the first two 500s; the third is the result, logged by its handler.
    expect(lines).toHaveLength(2);
    for (const [index, line] of lines.entries()) {
      expect(line).toMatch(/ WARN +provider\.retry /);
      expect(line).toContain('provider=casso');
      expect(line).toContain('status=500');
      expect(line).toMatch(/endpoint="?GET \/v2\/accounts/);
      expect(line).toContain(`attempt=${index + 1}`);
    }
  });

  it('gives up on a persistent 500 with ProviderServerError after the bounded attempts', async () => {
    const casso = await withOneTransaction();
    casso.injectFaults(...Array.from({ length: 5 }, () => ({ status: 503, body: 'unavailable' })));

    const error = expectErr(await clientFor(casso).listAccountTransactions(ACCOUNT, APRIL));

    expect(error).toBeInstanceOf(ProviderServerError);
    expect(error.status).toBe(503);
    expect(error.endpoint).toBe('GET /v2/accounts/:id/transactions');
    expect(casso.requests).toHaveLength(3);
  });

  it('fails the whole listing, with no partial result, when a later page keeps failing', async () => {
    const casso = await withOneTransaction();
    casso.injectFaults(
      { status: 200, body: pageBody({ page: 1, nextPage: 2, totalPages: 3, records: [transactionRecord(1)] }) },
      ...Array.from({ length: 3 }, () => ({ status: 500 })),
    );

    const error = expectErr(await clientFor(casso).listAccountTransactions(ACCOUNT, APRIL));

    expect(error).toBeInstanceOf(ProviderServerError);
    expect(casso.requests.map((r) => r.query.get('page'))).toEqual(['1', '2', '2', '2']);
  });

  it('reports a timeout as ProviderNetworkError', async () => {
    const casso = await withOneTransaction();
    casso.injectFaults(...Array.from({ length: 3 }, () => ({ status: 200, body: {}, delayMs: 2_000 })));

    // Long enough that each attempt reaches the server even on a loaded machine.
    const error = expectErr(await clientFor(casso, { timeoutMs: 250 }).listAccounts());

    expect(error).toBeInstanceOf(ProviderNetworkError);
    expect(error.status).toBeNull();
    expect(casso.requests).toHaveLength(3);
  });

  it('recovers from a reset connection', async () => {
    const casso = await withOneTransaction();
    casso.injectFaults({ status: 200, destroy: true });

    expect(expectOk(await clientFor(casso).listAccountTransactions(ACCOUNT, APRIL))).toHaveLength(1);
    expect(casso.requests).toHaveLength(2);
  });

  it('waits as long as a 429 Retry-After says, then succeeds', async () => {
    const casso = await withOneTransaction();
    casso.injectFaults({ status: 429, headers: { 'retry-after': '2' }, body: { error: 429, message: 'Too many requests', data: null } });
    const waits: number[] = [];

    // A virtual clock: the limiter's sleep moves it on.
    let clock = 0;
    const sleep = async (ms: number) => {
      waits.push(ms);
      clock += ms;
    };
    const limiter = createRateLimiter({ minIntervalMs: 0, now: () => clock, sleep });
    const accounts = await clientFor(casso, { limiter }).listAccounts();

    expect(expectOk(accounts)).toHaveLength(1);
    expect(waits).toEqual([2000]);
    expect(casso.requests).toHaveLength(2);
  });
});

describe('Casso client: bodies that are not what Casso documents', () => {
  it('rejects an HTML page served with 200', async () => {
    const casso = await withOneTransaction();
    casso.injectFaults({ status: 200, body: '<!DOCTYPE html><html><body>Maintenance</body></html>' });

    const error = expectErr(await clientFor(casso).listAccounts());

    expect(error).toBeInstanceOf(ProviderBadResponseError);
    expect(error.message).toContain('not JSON');
  });

  it('rejects an empty 200 body', async () => {
    const casso = await withOneTransaction();
    casso.injectFaults({ status: 200, body: '' });

    const error = expectErr(await clientFor(casso).listAccounts());

    expect(error).toBeInstanceOf(ProviderBadResponseError);
    expect(error.message).toContain('empty body');
  });

  it('rejects a body without the envelope', async () => {
    const casso = await withOneTransaction();
    casso.injectFaults({ status: 200, body: [{ id: 1 }] });

    const error = expectErr(await clientFor(casso).listAccounts());

    expect(error).toBeInstanceOf(ProviderBadResponseError);
  });

  it('names the field when an account lacks its number', async () => {
    fake = await startFakeCasso({ now });
    fake.addAccount({ accountNumber: '111' });
    fake.addAccount({ accountNumber: '222', wire: { accountNumber: null } });

    const error = expectErr(await clientFor(fake).listAccounts());

    expect(error).toBeInstanceOf(ProviderBadResponseError);
    expect(error.message).toContain('data.1.accountNumber');
  });

  it('fails on an amount that is not whole đồng rather than dropping or rounding it', async () => {
    const casso = await withOneTransaction({ amount: 250000.5 });

    const error = expectErr(await clientFor(casso).listAccountTransactions(ACCOUNT, APRIL));

    expect(error).toBeInstanceOf(ProviderBadResponseError);
    expect(error.message).toContain('data.records.0.amount');
    expect(error.message).toContain('đồng');
  });

  it('fails on a balance that is not whole đồng, naming it', async () => {
    const casso = await withOneTransaction({ runningBalance: '12.5' });

    const error = expectErr(await clientFor(casso).listAccountTransactions(ACCOUNT, APRIL));

    expect(error.message).toContain('data.records.0.runningBalance: not a whole number of đồng');
  });

  it('fails on a non-numeric amount string', async () => {
    const casso = await withOneTransaction({ amount: '250.000đ' });

    const error = expectErr(await clientFor(casso).listAccountTransactions(ACCOUNT, APRIL));

    expect(error.message).toContain('data.records.0.amount');
  });

  it('fails on a time it cannot read, naming the field', async () => {
    const casso = await withOneTransaction({ transactionDateTime: 'yesterday' });

    const error = expectErr(await clientFor(casso).listAccountTransactions(ACCOUNT, APRIL));

    expect(error).toBeInstanceOf(ProviderBadResponseError);
    expect(error.message).toContain('data.records.0.transactionDateTime');
  });

  it('fails on a record with no time at all', async () => {
    const casso = await withOneTransaction({ transactionDateTime: null, transactionDate: '' });

    const error = expectErr(await clientFor(casso).listAccountTransactions(ACCOUNT, APRIL));

    expect(error.message).toContain('data.records.0.transactionDateTime');
  });
});
