import { afterEach, describe, expect, it } from 'vitest';
import { ProviderApiError } from '../../src/core/provider-errors.js';
import { Account, Transaction } from '../../src/core/model.js';
import { startFakeCasso, type FakeCasso, type FakeCassoOptions } from '../../fakes/casso/server.js';
import { expectErr, expectOk } from '../helpers/provider-results.js';
import { vn } from '../helpers/vietnam-time.js';
import { ACCOUNT, clientFor, NOW, now } from './casso-client.helpers.js';

let fake: FakeCasso | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function start(options: FakeCassoOptions = {}): Promise<FakeCasso> {
  fake = await startFakeCasso({ now, ...options });
  return fake;
}

const APRIL = { fromDate: '2025-04-01', toDate: '2025-04-30' };

describe('Casso client: endpoints', () => {
  it('lists accounts normalised, reading balance 0 as unknown', async () => {
    const casso = await start();
    casso.addAccount({ accountNumber: '111', accountName: 'SHOP A', bankName: 'Vietcombank', balance: 5_000_000 });
    casso.addAccount({ accountNumber: '222', balance: 0, wire: { bankName: null, bankCodeName: 'timoplus', accountName: '', BIN: 'unknown' } });

    const accounts = expectOk(await clientFor(casso).listAccounts());

    expect(accounts).toEqual([
      {
        provider: 'casso',
        providerId: '1',
        bank: 'Vietcombank',
        accountNumber: '111',
        holder: 'SHOP A',
        bin: '970422',
        balance: 5_000_000,
        readAt: NOW.toISOString(),
      },
      {
        provider: 'casso',
        providerId: '2',
        bank: 'timoplus',
        accountNumber: '222',
        holder: null,
        bin: null,
        balance: null,
        readAt: NOW.toISOString(),
      },
    ]);
    for (const account of accounts) expect(Account.safeParse(account).success).toBe(true);
    expect(casso.requests[0]?.headers.authorization).toBe(`Apikey ${casso.apiKey}`);
  });

  it("reports an account Casso no longer knows as an API error when listing its transactions", async () => {
    const casso = await start();
    const client = clientFor(casso);
    const gone = { ...ACCOUNT, providerId: '999' };

    const missing = expectErr(await client.listAccountTransactions(gone, APRIL));

    expect(missing).toBeInstanceOf(ProviderApiError);
    expect(missing.status).toBe(404);
    expect(missing.endpoint).toBe('GET /v2/accounts/:id/transactions');
    expect(missing.message).toContain('Account not found');
    expect(casso.requests.at(-1)?.path).toBe('/v2/accounts/999/transactions');
  });

  it("lists one account's transactions in the per-account schema, mapped to the model", async () => {
    const casso = await start();
    const shop = casso.addAccount({ accountNumber: '0123456789', bankName: 'MBBank', balance: 1_000_000 });
    const tx = casso.addTransaction(shop.id, {
      amount: 250_000,
      description: 'NGUYEN VAN B chuyen tien DH1042',
      when: vn('2025-04-10T10:40:00'),
      reference: 'FT25100412345678',
      counterAccountName: 'NGUYEN VAN B',
      counterAccountNumber: '1900112233',
      counterAccountBankId: '970436',
      counterAccountBankName: 'Vietcombank',
      virtualAccountNumber: 'VA123',
    });
    const client = clientFor(casso);
    const [account] = expectOk(await client.listAccounts());
    if (!account) throw new Error('no account');

    const transactions = expectOk(await client.listAccountTransactions(account, APRIL));

    expect(transactions).toEqual([
      {
        provider: 'casso',
        providerId: String(tx.id),
        accountNumber: '0123456789',
        bank: 'MBBank',
        amount: 250_000,
        direction: 'in',
        content: 'NGUYEN VAN B chuyen tien DH1042',
        reference: 'FT25100412345678',
        occurredAt: '2025-04-10T03:40:00.000Z',
        balanceAfter: 1_250_000,
        counterparty: { name: 'NGUYEN VAN B', accountNumber: '1900112233', bank: 'Vietcombank' },
        code: null,
        virtualAccount: 'VA123',
      },
    ]);
    expect(Transaction.safeParse(transactions[0]).success).toBe(true);
    const query = casso.requests.at(-1)?.query;
    expect(casso.requests.at(-1)?.path).toBe(`/v2/accounts/${shop.id}/transactions`);
    expect(query?.get('fromDate')).toBe('2025-04-01');
    expect(query?.get('toDate')).toBe('2025-04-30');
    expect(query?.get('sort')).toBe('ASC');
  });

  it('accepts a base URL with a trailing slash or the docs\u2019 /v2 suffix', async () => {
    const casso = await start();
    casso.addAccount({ accountNumber: '111' });
    for (const baseUrl of [`${casso.url}/`, `${casso.url}/v2`, `${casso.url}/v2/`]) {
      expect(expectOk(await clientFor(casso, { baseUrl }).listAccounts())).toHaveLength(1);
    }
    expect(casso.requests.map((r) => r.path)).toEqual(['/v2/accounts', '/v2/accounts', '/v2/accounts']);
  });
});

describe('Casso client: pagination and order', () => {
  it('walks every page even when the server caps the page size', async () => {
    const casso = await start({ maxPageSize: 50 });
    const shop = casso.addAccount({ accountNumber: '111' });
    const start0 = vn('2025-04-05T08:00:00').getTime();
    const ids = Array.from({ length: 237 }, (_, i) =>
      String(casso.addTransaction(shop.id, { amount: 1000 + i, description: `t${i}`, when: new Date(start0 + i * 60_000) }).id),
    );
    const client = clientFor(casso, { pageSize: 100 });

    const listed = expectOk(await client.listAccountTransactions(ACCOUNT, APRIL));
    expect(listed.map((t) => t.providerId)).toEqual(ids);

    const pageRequests = casso.requests.filter((r) => r.path.endsWith('/transactions'));
    expect(pageRequests.map((r) => r.query.get('page'))).toEqual(['1', '2', '3', '4', '5']);
    expect(pageRequests.every((r) => r.query.get('pageSize') === '100')).toBe(true);
  });

  it('sends the sort order and returns records in it', async () => {
    const casso = await start();
    const shop = casso.addAccount({ accountNumber: '111' });
    casso.addTransaction(shop.id, { amount: 2, description: 'second', when: vn('2025-04-10T10:00:00') });
    casso.addTransaction(shop.id, { amount: 1, description: 'first', when: vn('2025-04-09T10:00:00') });
    casso.addTransaction(shop.id, { amount: 3, description: 'third', when: vn('2025-04-11T10:00:00') });
    const client = clientFor(casso, { pageSize: 2 });

    const asc = expectOk(await client.listAccountTransactions(ACCOUNT, APRIL));
    expect(asc.map((t) => t.content)).toEqual(['first', 'second', 'third']);
    const desc = expectOk(await client.listAccountTransactions(ACCOUNT, { ...APRIL, sort: 'DESC' }));
    expect(desc.map((t) => t.content)).toEqual(['third', 'second', 'first']);
    expect(casso.requests.at(-1)?.query.get('sort')).toBe('DESC');
  });

  it('keeps each transaction once when new ones arrive mid-walk and shift the pages', async () => {
    let arrivals = 0;
    const casso = await start({
      maxPageSize: 10,
      onRequest: (request) => {
        // Three new payments land while the client is between pages 1 and 2.
        if (request.query.get('page') !== '2') return;
        for (let i = 0; i < 3; i++) casso.addTransaction(1, { amount: 1, description: `new${arrivals++}`, when: NOW });
      },
    });
    const shop = casso.addAccount({ accountNumber: '111' });
    const base = vn('2025-04-10T08:00:00').getTime();
    for (let i = 0; i < 25; i++) casso.addTransaction(shop.id, { amount: 10, description: `old${i}`, when: new Date(base + i * 1000) });

    const listed = expectOk(await clientFor(casso, { pageSize: 10 }).listAccountTransactions(ACCOUNT, { fromDate: '2025-04-01', sort: 'DESC' }));

    // Page 2 repeats the last three of page 1 once three newer payments push everything down.
    expect(arrivals).toBe(3);
    const ids = listed.map((t) => t.providerId);
    expect(ids).toHaveLength(25);
    expect(new Set(ids).size).toBe(25);
    const contents = new Set(listed.map((t) => t.content));
    for (let i = 0; i < 25; i++) expect(contents.has(`old${i}`)).toBe(true);
  });

  it('filters on inclusive Vietnam calendar dates', async () => {
    const casso = await start();
    const shop = casso.addAccount({ accountNumber: '111' });
    casso.addTransaction(shop.id, { amount: 1, description: 'before', when: vn('2025-04-09T23:59:59') });
    casso.addTransaction(shop.id, { amount: 2, description: 'first-minute', when: vn('2025-04-10T00:00:00') });
    casso.addTransaction(shop.id, { amount: 3, description: 'late-evening', when: vn('2025-04-10T23:30:00') });
    casso.addTransaction(shop.id, { amount: 4, description: 'next-day', when: vn('2025-04-11T00:10:00') });

    const day = expectOk(await clientFor(casso).listAccountTransactions(ACCOUNT, { fromDate: '2025-04-10', toDate: '2025-04-10' }));

    expect(day.map((t) => t.content)).toEqual(['first-minute', 'late-evening']);
  });

  it('lists 10 000 transactions over ten pages of 1 000, each once', async () => {
    const casso = await start({ maxPageSize: 1000 });
    const shop = casso.addAccount({ accountNumber: '111' });
    const base = vn('2025-04-05T00:00:00').getTime();
    for (let i = 0; i < 10_000; i++) casso.addTransaction(shop.id, { amount: 1, description: `t${i}`, when: new Date(base + i * 30_000) });

    const listed = expectOk(await clientFor(casso, { pageSize: 1000 }).listAccountTransactions(ACCOUNT, APRIL));

    // Speed is the benchmark's business (npm run bench); here, that big pages are walked whole.
    expect(new Set(listed.map((tx) => tx.providerId)).size).toBe(10_000);
    expect(casso.requests).toHaveLength(10);
  });
});

describe('Casso client: values as Casso sends them', () => {
  it('survives every number sent as a string', async () => {
    const casso = await start({ stringNumbers: true, maxPageSize: 2 });
    const shop = casso.addAccount({ accountNumber: '111', balance: 1_000 });
    casso.addTransaction(shop.id, { amount: 250_000, description: 'a', when: vn('2025-04-10T10:00:00') });
    casso.addTransaction(shop.id, { amount: -50_000, description: 'b', when: vn('2025-04-10T11:00:00') });
    casso.addTransaction(shop.id, { amount: 7, description: 'c', when: vn('2025-04-10T12:00:00') });
    const client = clientFor(casso);

    const [account] = expectOk(await client.listAccounts());
    expect(account?.balance).toBe(201_007);
    if (!account) throw new Error('no account');
    const listed = expectOk(await client.listAccountTransactions(account, APRIL));
    expect(listed.map((t) => t.amount)).toEqual([250_000, -50_000, 7]);
    expect(listed.map((t) => t.balanceAfter)).toEqual([251_000, 201_000, 201_007]);
    // The fake really did send strings: the test would pass vacuously otherwise.
    const raw = (await (await fetch(`${casso.url}/v2/accounts`, { headers: { authorization: `Apikey ${casso.apiKey}` } })).json()) as {
      data: { id: unknown; balance: unknown }[];
    };
    expect(raw.data[0]).toMatchObject({ id: '1', balance: '201007' });
  });

  it('reads date-only and Z-suffixed times as Vietnam time, keeping the raw string', async () => {
    const casso = await start();
    const shop = casso.addAccount({ accountNumber: '111' });
    const when = vn('2025-04-10T10:40:00');
    casso.addTransaction(shop.id, { amount: 1, description: 'z', when });
    casso.addTransaction(shop.id, {
      amount: 2,
      description: 'date-only',
      when,
      wire: { transactionDateTime: null, transactionDate: '2025-04-10' },
    });
    casso.addTransaction(shop.id, {
      amount: 3,
      description: 'midnight',
      when,
      wire: { transactionDateTime: '' },
    });
    const listed = expectOk(await clientFor(casso).listAccountTransactions(ACCOUNT, APRIL));

    // 10:40 labelled Z is Vietnam time; a date alone is the start of that Vietnam day.
    expect(listed.map((t) => t.occurredAt)).toEqual(['2025-04-10T03:40:00.000Z', '2025-04-09T17:00:00.000Z', '2025-04-09T17:00:00.000Z']);
  });

  it('reads empty strings and nulls as absent', async () => {
    const casso = await start();
    const shop = casso.addAccount({ accountNumber: '111' });
    casso.addTransaction(shop.id, {
      amount: 5,
      description: 'sparse',
      when: vn('2025-04-10T10:00:00'),
      wire: { reference: '', runningBalance: '', description: 'sparse' },
    });
    casso.addTransaction(shop.id, { amount: 6, description: '', when: vn('2025-04-10T11:00:00'), wire: { description: null } });
    const listed = expectOk(await clientFor(casso).listAccountTransactions(ACCOUNT, APRIL));

    expect(listed[0]).toMatchObject({ reference: null, balanceAfter: null, counterparty: null, virtualAccount: null, code: null });
    expect(listed[1]?.content).toBe('');
  });
});
