import type { RetryPolicy } from '../../http/backoff.js';
import { requestJson, type HttpContext, type JsonResponse } from '../../http/request-json.js';
import { err, type Result } from '../../core/result.js';
import type { Logger } from '../../log/logger.js';
import { ProviderApiError, type ProviderError } from '../../core/provider-errors.js';
import { vietnamDateTime } from '../../core/zoned-time.js';
import { sharedRateLimiter, type RateLimiter } from '../../http/rate-limiter.js';

/* What the SePay v1 and v2 clients share on the HTTP side. */

/** The variable that holds the token: named in auth errors, never the token itself. */
export const SEPAY_CREDENTIAL = 'SEPAY_API_TOKEN';

/**
 * SePay v1 allows 2 requests per second per token (some pages say 3; 2 is safe under
 * both). 500 ms between starts is exactly 2/s; the extra 100 ms absorbs jitter (a busy
 * event loop, a slow connection) so that three requests sent 600 ms apart cannot arrive
 * within one second unless one is held up for 200 ms.
 */
export const SEPAY_MIN_INTERVAL_MS = 600;

/** The limiter this process shares for an API root and token (v1 and v2 alike: 2/s is safe under both). */
export const sepayRateLimiter = (root: string, apiToken: string): RateLimiter => sharedRateLimiter(root, apiToken, SEPAY_MIN_INTERVAL_MS);

/** Default 4 attempts, 500 ms base, 8 s cap. */
export const SEPAY_DEFAULT_RETRY: RetryPolicy = { attempts: 4, baseDelayMs: 500, maxDelayMs: 8000 };

/** A date filter: a Date is sent as Vietnam time `YYYY-MM-DD HH:mm:ss`; a string as it is. */
export type SepayDateFilter = Date | string;

export type QueryValue = string | number | Date | undefined;

/** The options of either client that shape its HTTP calls. */
export interface SepayHttpOptions {
  apiToken: string;
  logger: Logger;
  /** Per attempt; default 15 000. */
  timeoutMs?: number;
  /** Default 4 attempts, 500 ms base, 8 s cap. */
  retry?: RetryPolicy;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * How a SePay client calls: Bearer token, every attempt through `limiter`, a 429 pausing
 * it for everyone. Only where the wait of a 429 is read differs between v1 and v2.
 */
export function sepayHttpContext(
  options: SepayHttpOptions,
  limiter: RateLimiter,
  retryAfterMs: HttpContext['retryAfterMs'],
): HttpContext {
  return {
    provider: 'sepay',
    credential: SEPAY_CREDENTIAL,
    headers: { authorization: `Bearer ${options.apiToken}` },
    timeoutMs: options.timeoutMs ?? 15_000,
    retry: options.retry ?? SEPAY_DEFAULT_RETRY,
    retryAfterMs,
    beforeRequest: () => limiter.acquire(),
    onRateLimited: (waitMs) => limiter.pause(waitMs),
    logger: options.logger,
    sleep: options.sleep,
  };
}

/**
 * One GET of `path` (resolved against `root`) with `query`: the HTTP half of every SePay
 * call. A 404 is "not found" and any other status outside 2xx an API error; the 2xx body
 * is the caller's to judge, as each version wraps its answers differently.
 */
export async function getSepayJson(
  ctx: HttpContext,
  root: string,
  endpoint: string,
  path: string,
  query: Record<string, QueryValue>,
): Promise<Result<JsonResponse, ProviderError>> {
  const url = new URL(path, root);
  const invalid = setQuery(url, endpoint, query);
  if (invalid) return err(invalid);
  const response = await requestJson(ctx, { method: 'GET', endpoint, url });
  if (!response.ok) return err(notFoundAsApiError(response.error));
  const { status } = response.value;
  if (status < 200 || status > 299) return err(new ProviderApiError('sepay', endpoint, status, `unexpected HTTP ${status}`));
  return response;
}

/**
 * Puts `query` on `url`, skipping undefined values and sending a Date as SePay's Vietnam
 * time. An invalid Date is the caller's mistake: it comes back as an error, nothing is set.
 */
function setQuery(url: URL, endpoint: string, query: Record<string, QueryValue>): ProviderError | null {
  for (const [name, value] of Object.entries(query)) {
    if (value instanceof Date && Number.isNaN(value.getTime())) return invalidArgument(endpoint, `${name} is an invalid Date`);
  }
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined) url.searchParams.set(name, value instanceof Date ? vietnamDateTime(value) : String(value));
  }
  return null;
}

/** A 404 is "no such id" whatever the body looks like (an HTML error page included). */
function notFoundAsApiError(error: ProviderError): ProviderError {
  if (error.code === 'bad_response' && error.status === 404) {
    return new ProviderApiError('sepay', error.endpoint, 404, 'not found');
  }
  return error;
}

/** A caller's argument SePay would reject; the request is not sent. */
export function invalidArgument(endpoint: string, detail: string): ProviderError {
  return new ProviderApiError('sepay', endpoint, 400, `${detail} (request not sent)`);
}
