import type { ProviderName } from './model.js';

/**
 * Everything that can go wrong talking to a provider, one class per kind of failure
 * (as grammY's GrammyError/HttpError). Each carries the context a log line needs.
 * Clients return these as values; they never throw them.
 */
export abstract class ProviderError extends Error {
  abstract readonly code: 'auth' | 'rate_limited' | 'server' | 'network' | 'bad_response' | 'api';

  constructor(
    readonly provider: ProviderName,
    /** e.g. `GET /v2/accounts`: the route, never the full URL with query values. */
    readonly endpoint: string,
    /** HTTP status, or null when no response arrived. */
    readonly status: number | null,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }

  /** Fields for one structured log line. */
  toLogFields(): Record<string, string | number | null> {
    return {
      provider: this.provider,
      endpoint: this.endpoint,
      status: this.status,
      code: this.code,
      error: this.message,
    };
  }
}

/** The provider rejected our credential (HTTP 401/403, or an auth error hidden in a 200). */
export class ProviderAuthError extends ProviderError {
  readonly code = 'auth';
  constructor(provider: ProviderName, endpoint: string, status: number | null, readonly credential: string) {
    super(provider, endpoint, status, `${provider} rejected ${credential}: check the value in .env or the environment`);
  }
}

/** Still rate limited after the retries we allow ourselves. */
export class ProviderRateLimitError extends ProviderError {
  readonly code = 'rate_limited';
  constructor(provider: ProviderName, endpoint: string, readonly retryAfterMs: number) {
    super(provider, endpoint, 429, `${provider} rate limit: retry after ${retryAfterMs} ms`);
  }
}

/** 5xx after the bounded retries. */
export class ProviderServerError extends ProviderError {
  readonly code = 'server';
  constructor(provider: ProviderName, endpoint: string, status: number) {
    super(provider, endpoint, status, `${provider} server error ${status}`);
  }
}

/** Timeout, refused or reset connection, after the bounded retries. */
export class ProviderNetworkError extends ProviderError {
  readonly code = 'network';
  constructor(provider: ProviderName, endpoint: string, cause: unknown) {
    super(provider, endpoint, null, `${provider} unreachable: ${describeCause(cause)}`, { cause });
  }
}

/** The body is not JSON, or does not match the schema we expect. */
export class ProviderBadResponseError extends ProviderError {
  readonly code = 'bad_response';
  constructor(provider: ProviderName, endpoint: string, status: number, detail: string) {
    super(provider, endpoint, status, `${provider} sent an unexpected response: ${detail}`);
  }
}

/** The provider answered, but with an error of its own (404, 422, a non-zero `error` field…). */
export class ProviderApiError extends ProviderError {
  readonly code = 'api';
  constructor(provider: ProviderName, endpoint: string, status: number, detail: string) {
    super(provider, endpoint, status, `${provider} error: ${detail}`);
  }
}

function describeCause(cause: unknown): string {
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    return typeof code === 'string' ? `${code} ${cause.message}` : cause.message;
  }
  return String(cause);
}
