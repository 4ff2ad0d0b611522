import { request, type Dispatcher } from 'undici';
import type { z } from 'zod';
import type { Logger } from '../log/logger.js';
import type { ProviderName } from '../core/model.js';
import {
  ProviderApiError,
  ProviderAuthError,
  ProviderBadResponseError,
  ProviderNetworkError,
  ProviderRateLimitError,
  ProviderServerError,
  type ProviderError,
} from '../core/provider-errors.js';
import { backoffDelay, sleep as realSleep, type RetryPolicy } from './backoff.js';
import { err, ok, type Result } from '../core/result.js';

/** What every provider client shares: where, how patiently, and with which credential. */
export interface HttpContext {
  provider: ProviderName;
  /** Name of the variable holding the credential, for error messages (never its value). */
  credential: string;
  headers: Record<string, string>;
  timeoutMs: number;
  retry: RetryPolicy;
  /** How long a 429 asks us to wait; providers name the header differently. */
  retryAfterMs: (headers: Record<string, string | string[] | undefined>) => number | null;
  /** Waits for a rate-limit slot before each attempt (SePay); resolves at once if absent. */
  beforeRequest?: () => Promise<void>;
  /** Told about a 429 so a shared limiter can hold back every caller. */
  onRateLimited?: (waitMs: number) => void;
  logger: Logger;
  sleep?: (ms: number) => Promise<void>;
  dispatcher?: Dispatcher;
}

export interface JsonCall {
  method: 'GET' | 'POST';
  /** Route label for logs and errors, e.g. `GET /v2/accounts/:id`. */
  endpoint: string;
  url: URL;
  body?: unknown;
}

export interface JsonResponse {
  status: number;
  /** The parsed body; `undefined` when the body was empty. */
  json: unknown;
}

/**
 * One JSON call with a timeout on every attempt, bounded retries with backoff for
 * 5xx/timeouts/resets, and 429 waits as long as the provider says. Every failure comes
 * back as a ProviderError value; nothing is thrown.
 */
export async function requestJson(ctx: HttpContext, call: JsonCall): Promise<Result<JsonResponse, ProviderError>> {
  const sleep = ctx.sleep ?? realSleep;
  let lastError: ProviderError | undefined;
  for (let attempt = 0; attempt < ctx.retry.attempts; attempt++) {
    if (attempt > 0 && lastError && lastError.code !== 'rate_limited') {
      await sleep(backoffDelay(ctx.retry, attempt - 1));
    }
    await ctx.beforeRequest?.();
    const outcome = await attemptOnce(ctx, call);
    if (outcome.ok) return outcome;
    lastError = outcome.error;
    // The wait a 429 names holds for every later request, the last try's too: the next
    // poll or command must not ask before it either.
    if (lastError instanceof ProviderRateLimitError) ctx.onRateLimited?.(lastError.retryAfterMs);
    if (!isRetryable(lastError) || attempt + 1 >= ctx.retry.attempts) return outcome;
    // Each retried failure gets a line (the last one is logged by whoever handles it): a
    // provider that only succeeds on the third try is a provider in trouble.
    ctx.logger.warn('provider.retry', { ...lastError.toLogFields(), attempt: attempt + 1, of: ctx.retry.attempts });
    // With a shared limiter, beforeRequest already waits out the pause for everyone.
    if (lastError instanceof ProviderRateLimitError && !ctx.onRateLimited) await sleep(lastError.retryAfterMs);
  }
  return err(lastError ?? new ProviderNetworkError(ctx.provider, call.endpoint, 'no attempt made'));
}

function isRetryable(error: ProviderError): boolean {
  return error.code === 'server' || error.code === 'network' || error.code === 'rate_limited';
}

async function attemptOnce(ctx: HttpContext, call: JsonCall): Promise<Result<JsonResponse, ProviderError>> {
  const { provider, credential } = ctx;
  let status: number;
  let headers: Record<string, string | string[] | undefined>;
  let text: string;
  try {
    const response = await request(call.url, {
      method: call.method,
      headers: {
        accept: 'application/json',
        ...(call.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...ctx.headers,
      },
      body: call.body === undefined ? undefined : JSON.stringify(call.body),
      signal: AbortSignal.timeout(ctx.timeoutMs),
      headersTimeout: ctx.timeoutMs,
      bodyTimeout: ctx.timeoutMs,
      dispatcher: ctx.dispatcher,
    });
    status = response.statusCode;
    headers = response.headers;
    text = await response.body.text();
  } catch (cause) {
    return err(new ProviderNetworkError(provider, call.endpoint, cause));
  }

  if (status === 429) {
    return err(new ProviderRateLimitError(provider, call.endpoint, ctx.retryAfterMs(headers) ?? 1000));
  }
  if (status >= 500) return err(new ProviderServerError(provider, call.endpoint, status));
  if (status === 401 || status === 403) return err(new ProviderAuthError(provider, call.endpoint, status, credential));

  const json = parseJson(text);
  if (json === INVALID) {
    return err(new ProviderBadResponseError(provider, call.endpoint, status, `body is not JSON (${preview(text)})`));
  }
  if (status >= 400) {
    return err(new ProviderApiError(provider, call.endpoint, status, apiMessage(json) ?? `HTTP ${status}`));
  }
  return ok({ status, json });
}

const INVALID = Symbol('invalid-json');

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return INVALID;
  }
}

function preview(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 60 ? `${flat.slice(0, 60)}…` : flat;
}

/**
 * Both providers put a human message in `message` (Casso, SePay v2) or `error` (SePay v1);
 * SePay v2 adds a machine-readable `error_code`, named too since it is what to search for.
 */
function apiMessage(json: unknown): string | undefined {
  if (typeof json !== 'object' || json === null) return undefined;
  const { message, error, error_code: code } = json as { message?: unknown; error?: unknown; error_code?: unknown };
  const text = typeof message === 'string' ? message : typeof error === 'string' ? error : undefined;
  if (typeof code !== 'string' || code === '') return text;
  return text === undefined ? `error_code ${code}` : `${text} (error_code ${code})`;
}

/**
 * Checks a decoded body against a zod schema; a mismatch becomes a ProviderBadResponseError
 * that names the first offending field.
 */
export function parseBody<S extends z.ZodType>(
  ctx: Pick<HttpContext, 'provider'>,
  endpoint: string,
  response: JsonResponse,
  schema: S,
): Result<z.infer<S>, ProviderError> {
  const parsed = schema.safeParse(response.json);
  if (parsed.success) return ok(parsed.data);
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? issue.path.join('.') : 'body';
  return err(
    new ProviderBadResponseError(ctx.provider, endpoint, response.status, `${where}: ${issue?.message ?? 'invalid'}`),
  );
}

/** Reads a retry-after style header given in seconds. */
export function secondsHeader(headers: Record<string, string | string[] | undefined>, name: string): number | null {
  const raw = headers[name];
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (value === undefined) return null;
  const seconds = Number(value);
  return Number.isFinite(seconds) && seconds >= 0 ? Math.ceil(seconds * 1000) : null;
}
