import type { Account } from '../../src/core/model.js';
import { silentLogger } from '../../src/log/logger.js';
import { createCassoClient, type CassoClient, type CassoClientOptions } from '../../src/providers/casso/client.js';
import type { FakeCasso } from '../../fakes/casso/server.js';

/** 2025-04-12 12:00 in Vietnam: tests pin both clocks here. */
export const NOW = new Date('2025-04-12T05:00:00Z');
export const now = (): Date => NOW;

export const FAST_RETRY = { attempts: 3, baseDelayMs: 5, maxDelayMs: 20 };

/** A client of `server` (the fake, or any server with a key) with fast retries and the pinned clock. */
export function clientFor(
  server: Pick<FakeCasso, 'url' | 'apiKey'>,
  overrides: Partial<CassoClientOptions> = {},
): CassoClient {
  return createCassoClient({
    apiKey: server.apiKey,
    baseUrl: server.url,
    logger: silentLogger,
    retry: FAST_RETRY,
    timeoutMs: 2000,
    now,
    ...overrides,
  });
}

/** A raw Casso page body, for servers that misbehave in ways the fake does not. */
export function pageBody(data: {
  page?: unknown;
  nextPage?: unknown;
  totalPages?: unknown;
  records: unknown;
}): Record<string, unknown> {
  return { error: 0, message: 'success', data };
}

/** A minimal valid `/v2/accounts/:id/transactions` record. */
export function transactionRecord(id: number): Record<string, unknown> {
  return {
    privateId: id,
    reference: `FT${id}`,
    description: `t${id}`,
    amount: 1000,
    transactionDateTime: '2025-04-10T10:00:00Z',
  };
}

/** The account the tests list transactions of: id 1, the first the fake hands out. */
export const ACCOUNT: Account = {
  provider: 'casso',
  providerId: '1',
  bank: 'MBBank',
  accountNumber: '0123456789',
  holder: null,
  bin: '970422',
  balance: null,
  readAt: NOW.toISOString(),
};
