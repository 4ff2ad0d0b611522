import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeSepay, type FakeSepay } from '../../fakes/sepay/v1.js';

/*
 * The fake is what every SePay test (poller, demo, benchmarks) trusts to behave like the
 * vendor pages: these tests pin its wire format with a bare HTTP client.
 */

const TOKEN = 'fake-token';
let fake: FakeSepay | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function get(server: FakeSepay, path: string, token: string | null = TOKEN) {
  const response = await request(`${server.url}${path}`, { headers: token === null ? {} : { authorization: `Bearer ${token}` } });
  const text = await response.body.text();
  return { status: response.statusCode, headers: response.headers, text, json: text ? (JSON.parse(text) as unknown) : undefined };
}

describe('fake SePay v1 server', () => {
  it('sends the documented envelope with ids and money as strings', async () => {
    fake = await startFakeSepay({ apiToken: TOKEN, rateLimitPerSecond: 0 });
    fake.addBankAccount({ accountNumber: '0071000888888', accumulated: 1_200_000_000 });
    fake.addTransaction({ accountNumber: '0071000888888', amountIn: 18_067_000, content: 'x', date: '2023-05-05 19:59:48' });

    const list = await get(fake, '/userapi/transactions/list');
    expect(list.json).toEqual({
      status: 200,
      error: null,
      messages: { success: true },
      transactions: [
        {
          id: '50000',
          bank_brand_name: 'Vietcombank',
          account_number: '0071000888888',
          transaction_date: '2023-05-05 19:59:48',
          amount_out: '0.00',
          amount_in: '18067000.00',
          accumulated: '1218067000.00',
          transaction_content: 'x',
          reference_number: 'FT50000',
          code: null,
          sub_account: null,
          bank_account_id: '20',
        },
      ],
    });
    expect(await get(fake, '/userapi/transactions/count')).toMatchObject({ json: { count_transactions: 1 } });
    expect(await get(fake, '/userapi/bankaccounts/details/20')).toMatchObject({
      json: { bankaccount: { id: '20', accumulated: '1218067000.00', last_transaction: '2023-05-05 19:59:48' } },
    });
    expect(await get(fake, '/userapi/transactions/details/1')).toMatchObject({ status: 404 });
  });

  it('answers a wrong token with an empty 200, or a 401 when asked to', async () => {
    fake = await startFakeSepay({ apiToken: TOKEN, rateLimitPerSecond: 0 });
    expect(await get(fake, '/userapi/transactions/list', 'nope')).toMatchObject({ status: 200, text: '' });
    expect(await get(fake, '/userapi/transactions/list', null)).toMatchObject({ status: 200, text: '' });
    fake.configure({ rejectAs: '401' });
    expect(await get(fake, '/userapi/transactions/list', 'nope')).toMatchObject({ status: 401 });
  });

  it('answers a third request within one second with 429 and x-sepay-userapi-retry-after', async () => {
    fake = await startFakeSepay({ apiToken: TOKEN });
    const [a, b, c] = await Promise.all([1, 2, 3].map(() => get(fake as FakeSepay, '/userapi/bankaccounts/count')));
    expect([a?.status, b?.status, c?.status].sort()).toEqual([200, 200, 429]);
    const limited = [a, b, c].find((r) => r?.status === 429);
    expect(limited?.headers['x-sepay-userapi-retry-after']).toBe('1');
    // Another token has its own budget.
    expect((await get(fake, '/userapi/bankaccounts/count', 'other')).status).toBe(200);
  });

  it('keeps the newest or oldest N by id or by date, in either order, with inclusive or exclusive since_id', async () => {
    fake = await startFakeSepay({ apiToken: TOKEN, rateLimitPerSecond: 0 });
    fake.addTransaction({ accountNumber: 'A', amountIn: 1, content: 'a', date: '2025-01-01 10:00:00' });
    fake.addTransaction({ accountNumber: 'A', amountIn: 1, content: 'b', date: '2025-01-01 09:00:00' });
    fake.addTransaction({ accountNumber: 'A', amountIn: 1, content: 'c', date: '2025-01-01 11:00:00' });
    const ids = async (query: string) =>
      ((await get(fake as FakeSepay, `/userapi/transactions/list?${query}`)).json as { transactions: { id: string }[] }).transactions.map(
        (t) => t.id,
      );

    expect(await ids('limit=2')).toEqual(['50002', '50001']);
    fake.configure({ order: 'oldest-first' });
    expect(await ids('limit=2')).toEqual(['50001', '50002']);
    fake.configure({ window: 'oldest' });
    expect(await ids('limit=2')).toEqual(['50000', '50001']);
    fake.configure({ sortBy: 'transaction_date' });
    expect(await ids('limit=2')).toEqual(['50001', '50000']);
    expect(await ids('since_id=50001')).toEqual(['50001', '50002']);
    fake.configure({ sinceIdInclusive: false });
    expect(await ids('since_id=50001')).toEqual(['50002']);
    expect(await ids('transaction_date_max=2025-01-01')).toEqual(['50001', '50000', '50002']);
    expect(await ids('transaction_date_max=2025-01-01 10:00')).toEqual(['50001', '50000']);
  });

  it('holds ten thousand transactions and still answers quickly', async () => {
    fake = await startFakeSepay({ apiToken: TOKEN, rateLimitPerSecond: 0 });
    const start = Date.parse('2025-01-01T00:00:00+07:00');
    for (let i = 0; i < 10_000; i++) {
      fake.addTransaction({ accountNumber: i % 2 ? 'A' : 'B', amountIn: 1000 + i, content: `t${i}`, date: new Date(start + i * 1000) });
    }
    const started = Date.now();
    const count = await get(fake, '/userapi/transactions/count?account_number=A&since_id=55000');
    expect(count.json).toMatchObject({ count_transactions: 2500 });
    expect(Date.now() - started).toBeLessThan(3000); // usable, not a benchmark: a busy CI machine is slow
  });
});
