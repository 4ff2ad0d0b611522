import type { RetryPolicy } from '../../http/backoff.js';
import { ProviderApiError, type ProviderError } from '../errors.js';
import { vietnamDateTime } from '../vietnam-time.js';

/* What the SePay v1 and v2 clients share on the HTTP side. */

/** The variable that holds the token: named in auth errors, never the token itself. */
export const SEPAY_CREDENTIAL = 'SEPAY_API_TOKEN';

/** Default 4 attempts, 500 ms base, 8 s cap. */
export const SEPAY_DEFAULT_RETRY: RetryPolicy = { attempts: 4, baseDelayMs: 500, maxDelayMs: 8000 };

/** A date filter: a Date is sent as Vietnam time `YYYY-MM-DD HH:mm:ss`; a string as it is. */
export type SepayDateFilter = Date | string;

export type QueryValue = string | number | Date | undefined;

/**
 * Puts `query` on `url`, skipping undefined values and sending a Date as SePay's Vietnam
 * time. An invalid Date is the caller's mistake: it comes back as an error, nothing is set.
 */
export function setQuery(url: URL, endpoint: string, query: Record<string, QueryValue>): ProviderError | null {
  for (const [name, value] of Object.entries(query)) {
    if (value instanceof Date && Number.isNaN(value.getTime())) return invalidArgument(endpoint, `${name} is an invalid Date`);
  }
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined) url.searchParams.set(name, value instanceof Date ? vietnamDateTime(value) : String(value));
  }
  return null;
}

/** A 404 is "no such id" whatever the body looks like (an HTML error page included). */
export function notFoundAsApiError(error: ProviderError): ProviderError {
  if (error.code === 'bad_response' && error.status === 404) {
    return new ProviderApiError('sepay', error.endpoint, 404, 'not found');
  }
  return error;
}

/** A caller's argument SePay would reject; the request is not sent. */
export function invalidArgument(endpoint: string, detail: string): ProviderError {
  return new ProviderApiError('sepay', endpoint, 400, `${detail} (request not sent)`);
}
