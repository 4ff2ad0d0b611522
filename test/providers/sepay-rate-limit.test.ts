import { afterEach, describe, expect, it } from 'vitest';
import { ProviderRateLimitError } from '../../src/core/provider-errors.js';
import { createRateLimiter, sharedRateLimiter } from '../../src/http/rate-limiter.js';
import { ACC, clientFor, closeFakes, startFake } from './sepay-client.helpers.js';

afterEach(closeFakes);

/** A virtual clock: `sleep` moves time forward instead of waiting. */
function virtualClock() {
  let now = 0;
  return {
    now: () => now,
    sleep: async (ms: number) => {
      await Promise.resolve();
      now += ms;
    },
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe('rate limiter', () => {
  it('spaces request starts by the interval, first come first served', async () => {
    const clock = virtualClock();
    const limiter = createRateLimiter({ minIntervalMs: 500, now: clock.now, sleep: clock.sleep });
    const starts: [string, number][] = [];
    await Promise.all(['a', 'b', 'c', 'd'].map((name) => limiter.acquire().then(() => starts.push([name, clock.now()]))));
    expect(starts).toEqual([
      ['a', 0],
      ['b', 500],
      ['c', 1000],
      ['d', 1500],
    ]);
  });

  it('does not wait when the last start is long past', async () => {
    const clock = virtualClock();
    const limiter = createRateLimiter({ minIntervalMs: 500, now: clock.now, sleep: clock.sleep });
    await limiter.acquire();
    clock.advance(2000);
    await limiter.acquire();
    expect(clock.now()).toBe(2000);
  });

  it('a pause holds back every caller, including those already waiting', async () => {
    const clock = virtualClock();
    const limiter = createRateLimiter({ minIntervalMs: 500, now: clock.now, sleep: clock.sleep });
    await limiter.acquire();
    limiter.pause(3000);
    const starts: number[] = [];
    await Promise.all([limiter.acquire(), limiter.acquire()].map((p) => p.then(() => starts.push(clock.now()))));
    expect(starts).toEqual([3000, 3500]);
  });

  it('one process-wide limiter per API root and token', () => {
    const a = sharedRateLimiter('https://my.sepay.vn', 'token-1', 600);
    expect(sharedRateLimiter('https://my.sepay.vn/', 'token-1', 600)).toBe(a);
    expect(sharedRateLimiter('https://my.sepay.vn', 'token-2', 600)).not.toBe(a);
    expect(sharedRateLimiter('http://127.0.0.1:1', 'token-1', 600)).not.toBe(a);
  });
});

describe('SePay client under the 2 requests/second limit', () => {
  it('concurrent callers through two clients with one token never exceed 2 starts per second', async () => {
    const fake = await startFake({ rateLimitPerSecond: 2 });
    fake.addTransaction({ accountNumber: ACC, amountIn: 1000, content: 'x' });
    fake.addBankAccount({ accountNumber: ACC, accumulated: 1000 });
    // No `limiter`: both use the process-wide one for this fake's URL and token.
    const poller = clientFor(fake, { limiter: undefined });
    const commands = clientFor(fake, { limiter: undefined, baseUrl: `${fake.url}/` });

    const results = await Promise.all([
      poller.transactionsAfter('0'),
      commands.listBankAccounts(),
      poller.listTransactions(),
      commands.listTransactions({ account_number: ACC }),
      poller.transactionsBetween(new Date(0), new Date()),
    ]);

    expect(results.every((r) => r.ok)).toBe(true);
    expect(fake.hits).toHaveLength(5);
    expect(fake.hits.every((hit) => hit.status === 200)).toBe(true);
    expect(fake.peakRequestsPerSecond()).toBeLessThanOrEqual(2);
  });

  it('a 429 with x-sepay-userapi-retry-after holds back every caller for that long, then succeeds', async () => {
    const fake = await startFake();
    fake.addTransaction({ accountNumber: ACC, amountIn: 1000, content: 'x' });
    fake.injectFaults({
      status: 429,
      headers: { 'x-sepay-userapi-retry-after': '1' },
      body: { status: 429, error: 'Too many requests', messages: { success: false } },
    });
    const limiter = createRateLimiter({ minIntervalMs: 0 });
    const a = clientFor(fake, { limiter });
    const b = clientFor(fake, { limiter });

    const started = Date.now();
    const first = a.listTransactions();
    // The second caller comes after the 429 was answered: it must wait too.
    while (fake.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    await new Promise((resolve) => setTimeout(resolve, 30));
    const second = b.listBankAccounts();
    const [r1, r2] = await Promise.all([first, second]);

    expect(r1.ok && r2.ok).toBe(true);
    expect(fake.requests).toHaveLength(3);
    for (const hit of fake.hits) expect(hit.at - started).toBeGreaterThanOrEqual(990);
  });

  it('reads Retry-After when the SePay header is absent', async () => {
    const fake = await startFake();
    fake.injectFaults({ status: 429, headers: { 'retry-after': '0.3' }, body: {} });
    const started = Date.now();
    const result = await clientFor(fake, { limiter: createRateLimiter({ minIntervalMs: 0 }) }).listTransactions();
    expect(result.ok).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it('the fake enforces the limit, and a client that does not throttle still gets through by waiting', async () => {
    const fake = await startFake({ rateLimitPerSecond: 2 });
    fake.addBankAccount({ accountNumber: ACC });
    const client = clientFor(fake, { limiter: createRateLimiter({ minIntervalMs: 0 }) });

    const results = await Promise.all([client.listBankAccounts(), client.listBankAccounts(), client.listBankAccounts()]);

    expect(results.map((r) => r.ok && r.value.length)).toEqual([1, 1, 1]);
    const limited = fake.hits.filter((hit) => hit.status === 429);
    expect(limited).toHaveLength(1);
    const retried = fake.hits.at(-1);
    expect(retried?.status).toBe(200);
    expect((retried?.at ?? 0) - (limited[0]?.at ?? 0)).toBeGreaterThanOrEqual(990);
  });

  it('still limited after every attempt: a ProviderRateLimitError', async () => {
    const fake = await startFake();
    const tooMany = { status: 429, headers: { 'x-sepay-userapi-retry-after': '0.02' }, body: {} };
    fake.injectFaults(tooMany, tooMany, tooMany);
    const result = await clientFor(fake, { limiter: createRateLimiter({ minIntervalMs: 0 }) }).listTransactions();
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toBeInstanceOf(ProviderRateLimitError);
    expect(fake.requests).toHaveLength(3);
  });
});
