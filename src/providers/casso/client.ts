import { z } from 'zod';
import type { RetryPolicy } from '../../http/backoff.js';
import { sharedRateLimiter, type RateLimiter } from '../../http/rate-limiter.js';
import { parseBody, requestJson, secondsHeader, type HttpContext } from '../../http/request-json.js';
import { err, ok, type Result } from '../../core/result.js';
import type { Logger } from '../../log/logger.js';
import {
  ProviderApiError,
  ProviderAuthError,
  ProviderBadResponseError,
  type ProviderError,
} from '../../core/provider-errors.js';
import type { Account, Transaction } from '../../core/model.js';
import { fromAccountTransaction, toAccount } from './map.js';
import { CassoAccount, CassoAccountTransaction, CassoStatus, cassoData, cassoPage } from './schemas.js';
import { walkPages } from './walk-pages.js';

/** The variable that holds the key: named in auth errors, never the key itself. */
export const CASSO_CREDENTIAL = 'CASSO_API_KEY';

export interface CassoClientOptions {
  apiKey: string;
  /** API root, e.g. `https://oauth.casso.vn`; a trailing `/` or `/v2` is tolerated. */
  baseUrl: string;
  logger: Logger;
  /** Per attempt; default 15 000. */
  timeoutMs?: number;
  /** Default 4 attempts, 500 ms base, 8 s cap. */
  retry?: RetryPolicy;
  /** Records asked per page; default 100. The server may send fewer, which is handled. */
  pageSize?: number;
  sleep?: (ms: number) => Promise<void>;
  /**
   * Holds every request back while a 429's Retry-After lasts. Default: the one this process
   * shares for `baseUrl` + `apiKey`, so the poller and /balance both wait it out.
   */
  limiter?: RateLimiter;
  /** Clock for `Account.readAt`. */
  now?: () => Date;
  /** Most pages one listing walks before giving up on a looping server; default 10 000. */
  maxPages?: number;
}

export interface CassoTransactionQuery {
  /** First day, a Vietnam calendar date `YYYY-MM-DD` (see `vietnamDate`). */
  fromDate: string;
  /** Last day, inclusive; Casso's default (today) when absent. */
  toDate?: string;
  /** By transaction time; `ASC` (oldest first) when absent. Always sent explicitly. */
  sort?: 'ASC' | 'DESC';
}

export interface CassoClient {
  /** `GET /v2/accounts`. */
  listAccounts(): Promise<Result<Account[], ProviderError>>;
  /**
   * `GET /v2/accounts/:id/transactions`, every page, each transaction once, unless
   * `enoughAfterFirst` says the first page shows nothing can have changed (idle polls).
   */
  listAccountTransactions(
    account: Account,
    query: CassoTransactionQuery,
    options?: { enoughAfterFirst?: (first: FirstPage) => boolean },
  ): Promise<Result<Transaction[], ProviderError>>;
}

/** The first page of a listing, for deciding whether the rest must be read. */
export interface FirstPage {
  transactions: Transaction[];
  /** What Casso counts in the whole date range, when it says. */
  totalRecords: number | null;
}

const DEFAULT_RETRY: RetryPolicy = { attempts: 4, baseDelayMs: 500, maxDelayMs: 8000 };

interface CassoCall {
  /** Route label for logs and errors, without ids or query values. */
  endpoint: string;
  path: string;
  query?: Record<string, string>;
}

/**
 * A Casso API v2 client. Every method resolves to a Result: HTTP failures, error codes in
 * a 200 body, and bodies that are not what Casso documents all come back as ProviderError
 * values. Throws only at creation, when `baseUrl` is not a URL (a configuration error).
 */
export function createCassoClient(options: CassoClientOptions): CassoClient {
  const root = apiRoot(options.baseUrl);
  const pageSize = options.pageSize ?? 100;
  const maxPages = options.maxPages ?? 10_000;
  const now = options.now ?? (() => new Date());
  // Casso documents no request rate: no spacing, only the waits its 429s name.
  const limiter = options.limiter ?? sharedRateLimiter(root, options.apiKey, 0);
  const ctx: HttpContext = {
    provider: 'casso',
    credential: CASSO_CREDENTIAL,
    headers: { authorization: `Apikey ${options.apiKey}` },
    timeoutMs: options.timeoutMs ?? 15_000,
    retry: options.retry ?? DEFAULT_RETRY,
    retryAfterMs: (headers) => secondsHeader(headers, 'retry-after'),
    beforeRequest: () => limiter.acquire(),
    onRateLimited: (waitMs) => limiter.pause(waitMs),
    logger: options.logger,
    sleep: options.sleep,
  };

  /** One GET: HTTP, then the envelope's `error`, then `data` against `schema`. */
  async function call<T>(spec: CassoCall, schema: z.ZodType<T>): Promise<Result<T, ProviderError>> {
    const url = new URL(`${root}${spec.path}`);
    for (const [name, value] of Object.entries(spec.query ?? {})) url.searchParams.set(name, value);
    const response = await requestJson(ctx, { method: 'GET', endpoint: spec.endpoint, url });
    if (!response.ok) return response;
    if (response.value.json === undefined) {
      return err(new ProviderBadResponseError('casso', spec.endpoint, response.value.status, 'empty body'));
    }
    const status = parseBody(ctx, spec.endpoint, response.value, CassoStatus);
    if (!status.ok) return status;
    if (status.value.error !== 0) return err(cassoFailure(spec.endpoint, response.value.status, status.value));
    const body = parseBody(ctx, spec.endpoint, response.value, cassoData(schema));
    return body.ok ? ok(body.value.data) : body;
  }

  return {
    async listAccounts() {
      const data = await call({ endpoint: 'GET /v2/accounts', path: '/v2/accounts' }, AccountList);
      if (!data.ok) return data;
      const readAt = now();
      return ok(data.value.map((account) => toAccount(account, readAt)));
    },

    async listAccountTransactions(account, query, listOptions) {
      const endpoint = 'GET /v2/accounts/:id/transactions';
      const path = `/v2/accounts/${encodeURIComponent(account.providerId)}/transactions`;
      const decide = listOptions?.enoughAfterFirst;
      const records = await walkPages<CassoAccountTransaction>({
        endpoint,
        maxPages,
        logger: options.logger,
        idOf: (record) => record.privateId,
        enoughAfterFirst:
          decide &&
          ((page) =>
            decide({
              transactions: page.records.map((record) => fromAccountTransaction(record, account)),
              totalRecords: page.totalRecords,
            })),
        fetchPage: (page) => call({ endpoint, path, query: pageQuery(query, page, pageSize) }, cassoPage(CassoAccountTransaction)),
      });
      return records.ok ? ok(records.value.map((record) => fromAccountTransaction(record, account))) : records;
    },
  };
}

/** A business with no linked account may come back as `data: null`. */
const AccountList = z
  .array(CassoAccount)
  .nullable()
  .transform((accounts) => accounts ?? []);

function pageQuery(query: CassoTransactionQuery, page: number, pageSize: number): Record<string, string> {
  return {
    fromDate: query.fromDate,
    ...(query.toDate === undefined ? {} : { toDate: query.toDate }),
    // Casso's default is ASC already; sending it keeps us right if that default ever changes.
    sort: query.sort ?? 'ASC',
    page: String(page),
    pageSize: String(pageSize),
  };
}

/** A non-zero `error` in the body is a failure whatever the HTTP status said. */
function cassoFailure(endpoint: string, httpStatus: number, body: z.output<typeof CassoStatus>): ProviderError {
  if (body.error === 401) return new ProviderAuthError('casso', endpoint, httpStatus, CASSO_CREDENTIAL);
  return new ProviderApiError('casso', endpoint, httpStatus, `${body.message ?? 'no message'} (error ${body.error})`);
}

/** The root every `/v2/…` path hangs off; the docs' own base URL ends in `/v2`, so that is dropped. */
function apiRoot(baseUrl: string): string {
  const root = baseUrl.trim().replace(/\/+$/, '').replace(/\/v2$/, '');
  return new URL(root).toString().replace(/\/+$/, '');
}
