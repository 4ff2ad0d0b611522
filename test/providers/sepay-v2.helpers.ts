import type { Result } from '../../src/http/result.js';
import { silentLogger } from '../../src/log/logger.js';
import type { ProviderError } from '../../src/providers/errors.js';
import { createRateLimiter } from '../../src/providers/sepay/rate-limiter.js';
import { createSepayV2Client, type SepayV2Client, type SepayV2ClientOptions } from '../../src/providers/sepay/v2-client.js';
import { startFakeSepayV2, type FakeSepayV2, type FakeSepayV2Options } from '../fakes/sepay-v2-server.js';

export const TOKEN = 'sepayV2testToken0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKL';
export const ACC = '0071000888888';
export const OTHER = '102871015203';

/** A Vietnam wall-clock time (`YYYY-MM-DD HH:mm:ss`) as an instant. */
export const vn = (local: string): Date => new Date(`${local.replace(' ', 'T')}+07:00`);

/** 2025-04-10 08:00:00 in Vietnam, plus `n` minutes. */
export const minutes = (n: number): Date => new Date(vn('2025-04-10 08:00:00').getTime() + n * 60_000);

/** The fakes started by a test file; `closeFakes` in its afterEach. */
const running: FakeSepayV2[] = [];

/** A fake with the test token and, unless asked for, no rate limit. */
export async function startFake(options: FakeSepayV2Options = {}): Promise<FakeSepayV2> {
  const fake = await startFakeSepayV2({ apiToken: TOKEN, rateLimitPerSecond: 0, ...options });
  running.push(fake);
  return fake;
}

export async function closeFakes(): Promise<void> {
  await Promise.all(running.splice(0).map((fake) => fake.close()));
}

/** A client of `server` with fast retries, short timeouts and its own unthrottled limiter. */
export function clientFor(server: Pick<FakeSepayV2, 'url'>, overrides: Partial<SepayV2ClientOptions> = {}): SepayV2Client {
  return createSepayV2Client({
    apiToken: TOKEN,
    baseUrl: server.url,
    logger: silentLogger,
    timeoutMs: 1000,
    retry: { attempts: 3, baseDelayMs: 5, maxDelayMs: 20 },
    limiter: createRateLimiter({ minIntervalMs: 0 }),
    ...overrides,
  });
}

export function expectOk<T>(result: Result<T, ProviderError>): T {
  if (!result.ok) throw new Error(`expected success, got ${result.error.name}: ${result.error.message}`);
  return result.value;
}

export function expectErr<T>(result: Result<T, ProviderError>): ProviderError {
  if (result.ok) throw new Error('expected a failure, got success');
  return result.error;
}

/** A v2 list body around `data`, for servers that misbehave in ways the fake does not. */
export function listBody(data: unknown[], pagination: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    status: 'success',
    data,
    meta: { pagination: { total: data.length, per_page: 100, current_page: 1, last_page: 1, has_more: false, ...pagination } },
  };
}

/** A minimal valid v2 transaction. */
export function wireTransaction(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: '3f0c2a9e-1b7d-4c55-9a0e-2d6b8f41c001',
    transaction_date: '2025-04-10 10:40:12',
    account_number: ACC,
    va: '',
    transfer_type: 'in',
    amount_in: 250000,
    amount_out: 0,
    accumulated: 3250000,
    transaction_content: 'DH1042 NGUYEN VAN B chuyen tien',
    reference_number: 'FT25100412345678',
    code: 'DH1042',
    bank_brand_name: 'MBBank',
    bank_account_id: '8a1d9c3e-55f0-4e7b-b0c2-7e6a1f2d9b10',
    va_id: null,
    webhook_success: 1,
    ...overrides,
  };
}
