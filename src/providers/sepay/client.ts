import type { z } from 'zod';
import { parseBody, secondsHeader } from '../../http/request-json.js';
import { err, ok, type Result } from '../../core/result.js';
import { ProviderApiError, ProviderAuthError, type ProviderError } from '../../core/provider-errors.js';
import type { Account, Transaction } from '../../core/model.js';
import {
  getSepayJson,
  invalidArgument,
  SEPAY_CREDENTIAL,
  sepayHttpContext,
  sepayRateLimiter,
  type QueryValue,
  type SepayDateFilter,
  type SepayHttpOptions,
} from './http-common.js';
import { toAccount, toTransaction } from './map.js';
import type { RateLimiter } from '../../http/rate-limiter.js';
import { SepayV1BankAccountList, SepayV1Status, SepayV1TransactionList } from './schemas.js';
import { walkTransactionsAfter, walkTransactionsBetween, type SliceQuery, type WalkOptions } from './transactions-after.js';

/** Documented maximum (and default) of `limit` on the v1 transaction list. */
export const SEPAY_V1_MAX_LIMIT = 5000;

export interface SepayClientOptions extends SepayHttpOptions {
  /** API root, e.g. `https://my.sepay.vn`; with or without a trailing `/`. */
  baseUrl: string;
  /** Default: the one limiter this process shares for `baseUrl` + `apiToken` (2 requests/s). */
  limiter?: RateLimiter;
  /**
   * `limit` sent by the walks; default 5000, SePay's maximum. Must not exceed what the
   * server honours: a page cut shorter than this is taken as complete.
   */
  pageLimit?: number;
  /** Most requests one `transactionsAfter`/`transactionsBetween` may make; default 1000. */
  maxWalkRequests?: number;
  /** Clock for `Account.readAt`. */
  now?: () => Date;
}

/** `GET /userapi/transactions/list` filters, named as SePay names them. */
export interface SepayV1TransactionFilters {
  account_number?: string;
  transaction_date_min?: SepayDateFilter;
  transaction_date_max?: SepayDateFilter;
  /** Documented as inclusive (>=); may be exclusive. */
  since_id?: string | number;
  /** Server default and maximum: 5000. */
  limit?: number;
}

export interface SepayWalkOptions {
  /** Only this bank account number. */
  accountNumber?: string;
}

/**
 * SePay user API v1 (`/userapi/...`). Every method resolves to a Result: HTTP failures,
 * errors hidden in 200 bodies and bodies that are not what SePay documents all come back
 * as ProviderError values.
 */
export interface SepayClient {
  /** `GET /userapi/bankaccounts/list` (one request). */
  listBankAccounts(): Promise<Result<Account[], ProviderError>>;
  /** `GET /userapi/transactions/list` (one request), in the server's order. */
  listTransactions(filters?: SepayV1TransactionFilters): Promise<Result<Transaction[], ProviderError>>;
  /**
   * Every transaction with an id greater than `sinceId`, each once, ascending by id, however
   * the server orders, truncates or bounds its answer (see transactions-after.ts). One
   * request when nothing is new. When a walk is needed, rows inserted during it may be left
   * for the next call, but never one below the largest id returned.
   */
  transactionsAfter(sinceId: string, options?: SepayWalkOptions): Promise<Result<Transaction[], ProviderError>>;
  /** Every transaction dated within [from, to] (whole seconds), each once, ascending by id. */
  transactionsBetween(from: Date, to: Date, options?: SepayWalkOptions): Promise<Result<Transaction[], ProviderError>>;
}

const LIST_TRANSACTIONS = 'GET /userapi/transactions/list';

/**
 * A SePay v1 client. Throws only at creation, when `baseUrl` is not a URL (a
 * configuration error).
 */
export function createSepayClient(options: SepayClientOptions): SepayClient {
  const root = apiRoot(options.baseUrl);
  const pageLimit = options.pageLimit ?? SEPAY_V1_MAX_LIMIT;
  const now = options.now ?? (() => new Date());
  const limiter = options.limiter ?? sepayRateLimiter(root, options.apiToken);
  // v1 names its header x-sepay-userapi-retry-after; v2 and proxies use Retry-After.
  const ctx = sepayHttpContext(
    options,
    limiter,
    (headers) => secondsHeader(headers, 'x-sepay-userapi-retry-after') ?? secondsHeader(headers, 'retry-after'),
  );

  /** One GET: HTTP, then the envelope's `status`/`error`, then the payload against `schema`. */
  async function call<T>(
    endpoint: string,
    path: string,
    query: Record<string, QueryValue>,
    schema: z.ZodType<T>,
  ): Promise<Result<T, ProviderError>> {
    const response = await getSepayJson(ctx, root, endpoint, path, query);
    if (!response.ok) return response;
    const { status, json } = response.value;
    // v1 answers a rejected token with 200 and nothing in the body.
    if (json === undefined) return err(new ProviderAuthError('sepay', endpoint, status, SEPAY_CREDENTIAL));
    const envelope = parseBody(ctx, endpoint, response.value, SepayV1Status);
    if (!envelope.ok) return envelope;
    const failure = envelopeFailure(endpoint, status, envelope.value);
    if (failure) return err(failure);
    return parseBody(ctx, endpoint, response.value, schema);
  }

  async function listTransactions(filters: SepayV1TransactionFilters = {}): Promise<Result<Transaction[], ProviderError>> {
    const body = await call(LIST_TRANSACTIONS, 'userapi/transactions/list', { ...filters }, SepayV1TransactionList);
    return body.ok ? ok(body.value.transactions.map(toTransaction)) : body;
  }

  function walkOptions(walk: SepayWalkOptions): WalkOptions {
    return {
      endpoint: LIST_TRANSACTIONS,
      maxRequests: options.maxWalkRequests ?? 1000,
      logger: options.logger.child({ provider: 'sepay' }),
      fetchSlice: async (slice: SliceQuery) => {
        const rows = await listTransactions({
          account_number: walk.accountNumber,
          since_id: slice.sinceId,
          transaction_date_min: slice.fromSec === null ? undefined : new Date(slice.fromSec * 1000),
          transaction_date_max: slice.toSec === null ? undefined : new Date(slice.toSec * 1000),
          limit: pageLimit,
        });
        return rows.ok ? ok({ rows: rows.value, full: rows.value.length >= pageLimit }) : rows;
      },
    };
  }

  return {
    async listBankAccounts() {
      const body = await call('GET /userapi/bankaccounts/list', 'userapi/bankaccounts/list', {}, SepayV1BankAccountList);
      if (!body.ok) return body;
      const readAt = now();
      return ok(body.value.bankaccounts.map((account) => toAccount(account, readAt)));
    },

    listTransactions,

    async transactionsAfter(sinceId, walk = {}) {
      if (!/^\d+$/.test(sinceId)) {
        return err(invalidArgument(LIST_TRANSACTIONS, `since id ${JSON.stringify(sinceId)} is not a decimal SePay v1 id`));
      }
      return walkTransactionsAfter(sinceId, walkOptions(walk));
    },

    async transactionsBetween(from, to, walk = {}) {
      const fromMs = from.getTime();
      const toMs = to.getTime();
      if (Number.isNaN(fromMs) || Number.isNaN(toMs)) return err(invalidArgument(LIST_TRANSACTIONS, 'from/to is an invalid Date'));
      return walkTransactionsBetween(Math.floor(fromMs / 1000), Math.floor(toMs / 1000), walkOptions(walk));
    },
  };
}

/** A failure in a 200 body: `status` other than 200, or any `error`. */
function envelopeFailure(endpoint: string, httpStatus: number, body: SepayV1Status): ProviderError | null {
  const status = body.status === null || body.status === undefined ? null : Number(body.status);
  const hasError = body.error !== null && body.error !== undefined && body.error !== false && body.error !== '';
  if ((status === null || status === 200) && !hasError) return null;
  if (status === 401 || status === 403) return new ProviderAuthError('sepay', endpoint, httpStatus, SEPAY_CREDENTIAL);
  const message = describe(body.error) ?? describe(body.messages) ?? 'no message';
  return new ProviderApiError('sepay', endpoint, httpStatus, `${message} (status ${status ?? 'missing'})`);
}

/** SePay's own wording of an error, whatever shape it came in, kept short for a log line. */
function describe(value: unknown): string | null {
  if (value === null || value === undefined || value === '' || typeof value === 'boolean') return null;
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

/** The root every `userapi/…` path is resolved against, always ending in `/`. */
function apiRoot(baseUrl: string): string {
  return new URL(`${baseUrl.trim().replace(/\/+$/, '')}/`).toString();
}
