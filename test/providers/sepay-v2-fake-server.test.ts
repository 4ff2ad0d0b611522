import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import type { FakeSepayV2 } from '../../fakes/sepay/v2.js';
import { minutes } from '../helpers/vietnam-time.js';
import { ACC, closeFakes, startFake, TOKEN } from './sepay-v2.helpers.js';

/*
 * The fake is what every SePay v2 test (clients, poller, demo) trusts to behave like the
 * vendor pages: these tests pin its wire format and semantics with a bare HTTP client.
 */

afterEach(closeFakes);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

async function get(server: FakeSepayV2, path: string, token: string | null = TOKEN) {
  const response = await request(`${server.url}${path}`, { headers: token === null ? {} : { authorization: `Bearer ${token}` } });
  const text = await response.body.text();
  return { status: response.statusCode, headers: response.headers, json: text ? (JSON.parse(text) as unknown) : undefined };
}

/** The ids of a list answer, in order. */
async function listIds(server: FakeSepayV2, query: string): Promise<string[]> {
  const { json } = await get(server, `/v2/transactions?${query}`);
  return (json as { data: { id: string }[] }).data.map((tx) => tx.id);
}

describe('fake SePay v2 server', () => {
  it('sends the documented envelope, UUIDs and integer money, newest first, 20 a page by default', async () => {
    const server = await startFake();
    const account = server.addBankAccount({ accountNumber: ACC, bankShortName: 'MBBank', accumulated: 3_000_000 });
    const tx = server.addTransaction({ accountNumber: ACC, amountIn: 250_000, content: 'DH1042 NGUYEN VAN B chuyen tien', date: '2025-04-10 10:40:12', code: 'DH1042' });
    for (let i = 0; i < 24; i++) server.addTransaction({ accountNumber: ACC, amountOut: 1, content: `o${i}`, date: minutes(i) });

    const list = await get(server, '/v2/transactions');
    const body = list.json as { status: string; data: { id: string }[]; meta: unknown };
    expect(body.status).toBe('success');
    expect(body.data).toHaveLength(20);
    // Newest by date, not the last put in.
    expect(body.data[0]?.id).toBe(tx.id);
    expect(body.data[1]?.id).toBe(server.transactions[24]?.id);
    expect(body.meta).toEqual({ pagination: { total: 25, per_page: 20, current_page: 1, last_page: 2, has_more: true } });

    expect(account.id).toMatch(UUID);
    expect(await get(server, `/v2/transactions/${tx.id}`)).toMatchObject({
      status: 200,
      json: {
        status: 'success',
        data: {
          id: expect.stringMatching(UUID),
          transaction_date: '2025-04-10 10:40:12',
          account_number: ACC,
          va: '',
          transfer_type: 'in',
          amount_in: 250000,
          amount_out: 0,
          accumulated: 3250000,
          transaction_content: 'DH1042 NGUYEN VAN B chuyen tien',
          reference_number: expect.any(String),
          code: 'DH1042',
          bank_brand_name: 'MBBank',
          bank_account_id: account.id,
          va_id: null,
          webhook_success: 1,
        },
      },
    });
    expect(await get(server, `/v2/bank-accounts/${account.id}`)).toMatchObject({
      json: { data: { accumulated: 3_250_000 - 24, last_transaction: '2025-04-10 10:40:12', bank_short_name: 'MBBank', active: 1 } },
    });
    expect(await get(server, '/v2/transactions/nope')).toMatchObject({ status: 404, json: { status: 'error', error_code: 'not_found' } });
    expect(await get(server, '/v2/transactions?per_page=1000')).toMatchObject({ json: { meta: { pagination: { per_page: 100 } } } });
  });

  it('answers a missing or wrong token with a 401 JSON body', async () => {
    const server = await startFake();
    expect(await get(server, '/v2/transactions', null)).toMatchObject({
      status: 401,
      json: { status: 'error', error_code: 'unauthorized', message: 'Missing Authorization header' },
    });
    expect(await get(server, '/v2/bank-accounts', 'nope')).toMatchObject({ status: 401, json: { error_code: 'unauthorized' } });
  });

  it('answers bad parameters and an unknown since_id with 422 validation_error', async () => {
    const server = await startFake();
    for (const query of ['since_id=00000000-0000-4000-8000-000000000000', 'transfer_type=both', 'transaction_date_sort=up', 'page=0', 'amount_in_min=1k']) {
      expect(await get(server, `/v2/transactions?${query}`)).toMatchObject({ status: 422, json: { status: 'error', error_code: 'validation_error' } });
    }
  });

  it('since_id means "put in after", whatever the dates, exclusive unless configured', async () => {
    const server = await startFake();
    const [a, b] = [0, 10].map((m) => server.addTransaction({ accountNumber: ACC, amountIn: 1, content: 'x', date: minutes(m) }));
    const late = server.addTransaction({ accountNumber: ACC, amountIn: 1, content: 'late', date: minutes(5) });
    const query = `since_id=${a?.id}&transaction_date_sort=asc`;

    expect(await listIds(server, query)).toEqual([late.id, b?.id]);
    expect(await listIds(server, `since_id=${b?.id}`)).toEqual([late.id]);
    server.configure({ sinceIdInclusive: true });
    expect(await listIds(server, query)).toEqual([a?.id, late.id, b?.id]);
    server.configure({ ignoreSort: true });
    expect(await listIds(server, query)).toEqual([b?.id, late.id, a?.id]);
  });

  it('allows 3 requests per second per IP, checked before the token, with Retry-After and X-RateLimit-*', async () => {
    const server = await startFake({ rateLimitPerSecond: 3 });
    const answers = [];
    for (const token of [TOKEN, TOKEN, 'wrong', TOKEN]) answers.push(await get(server, '/v2/bank-accounts', token));

    expect(answers.map((a) => a.status)).toEqual([200, 200, 401, 429]);
    expect(answers[0]?.headers).toMatchObject({ 'x-ratelimit-limit': '3', 'x-ratelimit-remaining': '2' });
    expect(answers[3]).toMatchObject({
      headers: { 'retry-after': '1', 'x-ratelimit-limit': '3', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1' },
      json: { status: 'error', message: 'Too many requests', error_code: 'rate_limited' },
    });
  });

  it('stays fast with 10 000 transactions', async () => {
    const server = await startFake();
    const started = Date.now();
    for (let i = 0; i < 10_000; i++) server.addTransaction({ accountNumber: ACC, amountIn: 1000, content: `t${i}`, date: minutes(10_000 - i) });
    const added = Date.now();
    expect(await listIds(server, 'transaction_date_sort=asc&per_page=100&page=100')).toHaveLength(100);
    expect(await listIds(server, 'amount_in_sort=desc&q=t99')).toHaveLength(20);
    expect(added - started).toBeLessThan(3000);
    expect(Date.now() - added).toBeLessThan(1000);
  });
});
