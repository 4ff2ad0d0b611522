import { createSepayV2Client, type SepayV2Client, type SepayV2ClientOptions } from '../../src/providers/sepay/v2-client.js';
import { startFakeSepayV2, type FakeSepayV2, type FakeSepayV2Options } from '../../fakes/sepay/v2.js';
import { fakePool } from '../helpers/fake-pool.js';
import { ACC, fastClientOptions, OTHER } from './sepay-client.helpers.js';

export const TOKEN = 'sepayV2testToken0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKL';
export { ACC, OTHER };

const fakes = fakePool((options: FakeSepayV2Options = {}) => startFakeSepayV2({ apiToken: TOKEN, rateLimitPerSecond: 0, ...options }));

/** A fake with the test token and, unless asked for, no rate limit. */
export const startFake = fakes.start;

/** Closes every fake the test file started: its afterEach. */
export const closeFakes = fakes.closeAll;

/** A client of `server` with fast retries, short timeouts and its own unthrottled limiter. */
export function clientFor(server: Pick<FakeSepayV2, 'url'>, overrides: Partial<SepayV2ClientOptions> = {}): SepayV2Client {
  return createSepayV2Client({ ...fastClientOptions(TOKEN, server), ...overrides });
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
