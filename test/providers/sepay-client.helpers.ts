import { silentLogger } from '../../src/log/logger.js';
import { createSepayClient, type SepayClient, type SepayClientOptions } from '../../src/providers/sepay/client.js';
import { createRateLimiter } from '../../src/http/rate-limiter.js';
import type { FakeServer } from '../../fakes/http.js';
import { startFakeSepay, type FakeSepay, type FakeSepayOptions } from '../../fakes/sepay/v1.js';
import { fakePool } from '../helpers/fake-pool.js';

export const TOKEN = 'sepay-test-token-0123456789';
/** Bank account numbers of the SePay tests, v1 and v2. */
export const ACC = '0071000888888';
export const OTHER = '102871015203';

const fakes = fakePool((options: FakeSepayOptions = {}) => startFakeSepay({ apiToken: TOKEN, rateLimitPerSecond: 0, ...options }));

/** A fake with the test token and, unless asked for, no rate limit. */
export const startFake = fakes.start;

/** Closes every fake the test file started: its afterEach. */
export const closeFakes = fakes.closeAll;

/** A client of `server` with fast retries, short timeouts and its own unthrottled limiter. */
export function clientFor(server: Pick<FakeSepay, 'url'>, overrides: Partial<SepayClientOptions> = {}): SepayClient {
  return createSepayClient({ ...fastClientOptions(TOKEN, server), ...overrides });
}

/** What a test client of either SePay version runs with, before the test's own overrides. */
export function fastClientOptions(apiToken: string, server: Pick<FakeServer, 'url'>) {
  return {
    apiToken,
    baseUrl: server.url,
    logger: silentLogger,
    timeoutMs: 1000,
    retry: { attempts: 3, baseDelayMs: 5, maxDelayMs: 20 },
    limiter: createRateLimiter({ minIntervalMs: 0 }),
  };
}
