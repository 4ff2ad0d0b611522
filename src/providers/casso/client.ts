import { z } from 'zod';
import type { RetryPolicy } from '../../http/backoff.js';
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
import {
  accountOfTransaction,
  fromAccountTransaction,
  fromTransaction,
  needsAccountList,
  toAccount,
  type AccountRef,
} from './map.js';
import {
  CassoAccount,
  CassoAccountTransaction,
  CassoStatus,
  CassoTransaction,
  CassoUserInfo,
  cassoData,
  cassoPage,
} from './schemas.js';
import { walkPages, type Page } from './walk-pages.js';

export type { CassoUserInfo } from './schemas.js';

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
  /** `GET /v2/userInfo`: the key's user, business and linked bank accounts. */
  userInfo(): Promise<Result<CassoUserInfo, ProviderError>>;
  /** `GET /v2/accounts`. */
  listAccounts(): Promise<Result<Account[], ProviderError>>;
  /** `GET /v2/accounts/:id`, `id` being `Account.providerId`. */
  getAccount(id: string): Promise<Result<Account, ProviderError>>;
  /**
   * `GET /v2/accounts/:id/transactions`, every page, each transaction once, unless
   * `enoughAfterFirst` says the first page shows nothing can have changed (idle polls).
   */
  listAccountTransactions(
    account: Account,
    query: CassoTransactionQuery,
    options?: { enoughAfterFirst?: (first: FirstPage) => boolean },
  ): Promise<Result<Transaction[], ProviderError>>;
  /** `GET /v2/transactions` (all accounts), every page, each transaction once. */
  listTransactions(query: CassoTransactionQuery): Promise<Result<Transaction[], ProviderError>>;
  /** `POST /v2/sync`: asks Casso to fetch new transactions of that bank account now. */
  sync(accountNumber: string): Promise<Result<void, ProviderError>>;
}

/** The first page of a listing, for deciding whether the rest must be read. */
export interface FirstPage {
  transactions: Transaction[];
  /** What Casso counts in the whole date range, when it says. */
  totalRecords: number | null;
}

const DEFAULT_RETRY: RetryPolicy = { attempts: 4, baseDelayMs: 500, maxDelayMs: 8000 };

interface CassoCall {
  method: 'GET' | 'POST';
  /** Route label for logs and errors, without ids or query values. */
  endpoint: string;
  path: string;
  query?: Record<string, string>;
  body?: unknown;
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
  const ctx: HttpContext = {
    provider: 'casso',
    credential: CASSO_CREDENTIAL,
    headers: { authorization: `Apikey ${options.apiKey}` },
    timeoutMs: options.timeoutMs ?? 15_000,
    retry: options.retry ?? DEFAULT_RETRY,
    retryAfterMs: (headers) => secondsHeader(headers, 'retry-after'),
    logger: options.logger,
    sleep: options.sleep,
  };

  /** One call: HTTP, then the envelope's `error`, then `data` against `schema`. */
  async function call<T>(spec: CassoCall, schema: z.ZodType<T>): Promise<Result<T, ProviderError>> {
    const url = new URL(`${root}${spec.path}`);
    for (const [name, value] of Object.entries(spec.query ?? {})) url.searchParams.set(name, value);
    const response = await requestJson(ctx, { method: spec.method, endpoint: spec.endpoint, url, body: spec.body });
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

  /** Every page of a transaction listing, each record once. */
  function walk<R>(
    endpoint: string,
    path: string,
    query: CassoTransactionQuery,
    record: z.ZodType<R>,
    idOf: (record: R) => string,
    enoughAfterFirst?: (page: Page<R>) => boolean,
  ): Promise<Result<R[], ProviderError>> {
    return walkPages({
      endpoint,
      maxPages,
      logger: options.logger,
      idOf,
      enoughAfterFirst,
      fetchPage: (page) =>
        call({ method: 'GET', endpoint, path, query: pageQuery(query, page, pageSize) }, cassoPage(record)),
    });
  }

  async function listAccounts(): Promise<Result<Account[], ProviderError>> {
    const endpoint = 'GET /v2/accounts';
    const data = await call({ method: 'GET', endpoint, path: '/v2/accounts' }, AccountList);
    if (!data.ok) return data;
    const readAt = now();
    return ok(data.value.map((account) => toAccount(account, readAt)));
  }

  return {
    userInfo: () => call({ method: 'GET', endpoint: 'GET /v2/userInfo', path: '/v2/userInfo' }, CassoUserInfo),

    listAccounts,

    async getAccount(id) {
      const endpoint = 'GET /v2/accounts/:id';
      const data = await call({ method: 'GET', endpoint, path: `/v2/accounts/${encodeURIComponent(id)}` }, CassoAccount);
      return data.ok ? ok(toAccount(data.value, now())) : data;
    },

    async listAccountTransactions(account, query, listOptions) {
      const decide = listOptions?.enoughAfterFirst;
      const records = await walk(
        'GET /v2/accounts/:id/transactions',
        `/v2/accounts/${encodeURIComponent(account.providerId)}/transactions`,
        query,
        CassoAccountTransaction,
        (record) => record.privateId,
        decide &&
          ((page) =>
            decide({
              transactions: page.records.map((record) => fromAccountTransaction(record, account)),
              totalRecords: page.totalRecords,
            })),
      );
      return records.ok ? ok(records.value.map((record) => fromAccountTransaction(record, account))) : records;
    },

    async listTransactions(query) {
      const endpoint = 'GET /v2/transactions';
      const records = await walk(endpoint, '/v2/transactions', query, CassoTransaction, (record) => record.id);
      if (!records.ok) return records;

      // Older renderings leave out the account number and bank: take them from /v2/accounts.
      const accountsById = new Map<string, AccountRef>();
      if (records.value.some(needsAccountList)) {
        const accounts = await listAccounts();
        if (!accounts.ok) return accounts;
        for (const account of accounts.value) accountsById.set(account.providerId, account);
      }
      const transactions: Transaction[] = [];
      for (const record of records.value) {
        const account = accountOfTransaction(record, accountsById);
        if (account === null) {
          const detail = `transaction ${record.id}: no bankSubAccId, and accountId ${record.accountId ?? '(none)'} is not in /v2/accounts`;
          return err(new ProviderBadResponseError('casso', endpoint, 200, detail));
        }
        transactions.push(fromTransaction(record, account));
      }
      return ok(transactions);
    },

    async sync(accountNumber) {
      const spec: CassoCall = { method: 'POST', endpoint: 'POST /v2/sync', path: '/v2/sync', body: { bank_acc_id: accountNumber } };
      const data = await call(spec, z.unknown());
      return data.ok ? ok(undefined) : data;
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
