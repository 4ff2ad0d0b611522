import { afterEach, describe, expect, it } from 'vitest';
import { ProviderRateLimitError } from '../../src/core/provider-errors.js';
import { createRateLimiter, type RateLimiter } from '../../src/http/rate-limiter.js';
import { expectErr, expectOk } from '../helpers/provider-results.js';
import { ACC, clientFor, closeFakes, startFake } from './sepay-v2.helpers.js';

afterEach(closeFakes);

const TOO_MANY = { status: 'error', message: 'Too many requests', error_code: 'rate_limited' };

/** A limiter that never waits and records the pauses the client asks for. */
function recordingLimiter(): RateLimiter & { pauses: number[] } {
  const pauses: number[] = [];
  return { pauses, acquire: async () => {}, pause: (ms) => pauses.push(ms) };
}

describe('SePay v2 client: 429 waits', () => {
  it.each([
    ['Retry-After', { 'retry-after': '2', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '5' }, 2000],
    ['X-RateLimit-Reset without Retry-After', { 'x-ratelimit-limit': '3', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '3' }, 3000],
    ['neither header: 1 s', { 'x-ratelimit-remaining': '0' }, 1000],
  ])('pauses the shared limiter as long as %s says', async (_name, headers, expected) => {
    const server = await startFake();
    server.injectFaults({ status: 429, headers, body: TOO_MANY });
    const limiter = recordingLimiter();
    expectOk(await clientFor(server, { limiter }).transactionsAfter(null));
    expect(limiter.pauses).toEqual([expected]);
    expect(server.requests).toHaveLength(2);
  });

  it('reads an X-RateLimit-Reset sent as an epoch time as "until then", not as decades', async () => {
    const server = await startFake();
    const now = new Date('2025-04-12T05:00:00.000Z');
    server.injectFaults({ status: 429, headers: { 'x-ratelimit-reset': String(now.getTime() / 1000 + 4) }, body: TOO_MANY });
    const limiter = recordingLimiter();
    expectOk(await clientFor(server, { limiter, now: () => now }).listBankAccounts());
    expect(limiter.pauses).toEqual([4000]);
  });

  it('a Retry-After holds back every caller sharing the limiter, then both succeed', async () => {
    const server = await startFake();
    server.addBankAccount({ accountNumber: ACC });
    server.injectFaults({ status: 429, headers: { 'retry-after': '0.3', 'x-ratelimit-reset': '1' }, body: TOO_MANY });
    const limiter = createRateLimiter({ minIntervalMs: 0 });
    const started = Date.now();
    const first = clientFor(server, { limiter }).transactionsAfter(null);
    while (server.requests.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    await new Promise((resolve) => setTimeout(resolve, 30));
    // Comes after the 429 was answered: it must wait out the pause too.
    const second = clientFor(server, { limiter }).listBankAccounts();
    const [r1, r2] = await Promise.all([first, second]);

    expect(r1.ok && r2.ok).toBe(true);
    expect(server.hits).toHaveLength(2);
    for (const hit of server.hits) expect(hit.at - started).toBeGreaterThanOrEqual(290);
  });

  it('still limited after every attempt: a ProviderRateLimitError', async () => {
    const server = await startFake();
    const limited = { status: 429, headers: { 'retry-after': '0.02' }, body: TOO_MANY };
    server.injectFaults(limited, limited, limited);
    const error = expectErr(await clientFor(server, { limiter: createRateLimiter({ minIntervalMs: 0 }) }).transactionsAfter(null));
    expect(error).toBeInstanceOf(ProviderRateLimitError);
    expect(error).toMatchObject({ status: 429, endpoint: 'GET /v2/transactions' });
    expect(server.requests).toHaveLength(3);
  });
});

describe('SePay v2 client against the fake\'s 3 requests/second', () => {
  it('an unthrottled client that bursts gets a 429, waits the Retry-After, and gets through', async () => {
    const server = await startFake({ rateLimitPerSecond: 3 });
    server.addBankAccount({ accountNumber: ACC });
    const client = clientFor(server);

    const results = await Promise.all([1, 2, 3, 4].map(() => client.listBankAccounts()));

    expect(results.every((r) => r.ok)).toBe(true);
    const limited = server.hits.filter((hit) => hit.status === 429);
    expect(limited).toHaveLength(1);
    const retried = server.hits.at(-1);
    expect(retried?.status).toBe(200);
    expect((retried?.at ?? 0) - (limited[0]?.at ?? 0)).toBeGreaterThanOrEqual(990);
  });

  it('by default, clients with one token share one limiter, whatever the base spelling, and stay at 2/s', async () => {
    const server = await startFake({ rateLimitPerSecond: 3 });
    server.addBankAccount({ accountNumber: ACC });
    server.addTransaction({ accountNumber: ACC, amountIn: 1000, content: 'x' });
    const poller = clientFor(server, { limiter: undefined });
    const commands = clientFor(server, { limiter: undefined, baseUrl: `${server.url}/v2/` });

    const results = await Promise.all([
      poller.transactionsAfter(null),
      commands.listBankAccounts(),
      poller.transactionsAfter(null),
      commands.transactionsBetween(new Date(0), new Date()),
    ]);

    expect(results.every((r) => r.ok)).toBe(true);
    expect(server.hits.map((hit) => hit.status)).toEqual([200, 200, 200, 200]);
    expect(server.peakRequestsPerSecond()).toBeLessThanOrEqual(2);
  });
});
