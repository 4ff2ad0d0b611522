import type { z } from 'zod';
import { parseBody, secondsHeader } from '../../http/request-json.js';
import { err, ok, type Result } from '../../core/result.js';
import { ProviderApiError, ProviderAuthError, ProviderBadResponseError, type ProviderError } from '../../core/provider-errors.js';
import type { Account, Transaction } from '../../core/model.js';
import {
  getSepayJson,
  invalidArgument,
  SEPAY_CREDENTIAL,
  sepayHttpContext,
  sepayRateLimiter,
  type QueryValue,
  type SepayHttpOptions,
} from './http-common.js';
import { toAccount } from './map.js';
import type { RateLimiter } from '../../http/rate-limiter.js';
import { toTransactionV2 } from './v2-map.js';
import { SepayV2BankAccountList, SepayV2Status, SepayV2TransactionList, type SepayV2Pagination } from './v2-schemas.js';

/** Where v2 lives; the client appends `/v2/...`. */
export const SEPAY_V2_DEFAULT_BASE = 'https://userapi.sepay.vn';

/** Documented maximum of `per_page`; every walk asks for it. */
export const SEPAY_V2_MAX_PER_PAGE = 100;

/**
 * The cursor of a company that had no transaction at all when bankbell first started:
 * every transaction is after it. Not a UUID, so it cannot collide with one.
 */
export const SEPAY_V2_START_CURSOR = 'start';

export interface SepayV2ClientOptions extends SepayHttpOptions {
  /** API root, default `https://userapi.sepay.vn`; a trailing `/` or `/v2` is fine. */
  baseUrl?: string;
  /**
   * Default: the one limiter this process shares for the API root + `apiToken`. v2 allows
   * 3 requests/s per IP; the v1 limiter's 2/s is safe under both.
   */
  limiter?: RateLimiter;
  /** Most requests one walk (all pages of a list) may make; default 1000. */
  maxWalkRequests?: number;
  /** Clock for `Account.readAt` and for an `X-RateLimit-Reset` sent as an epoch time. */
  now?: () => Date;
}

/** The `GET /v2/transactions` parameters the walks send, named as SePay names them. */
interface TransactionQuery {
  /** Only transactions after this UUID. */
  since_id?: string;
  /** Both inclusive. */
  transaction_date_from?: Date;
  transaction_date_to?: Date;
  /** Server default: newest first. */
  transaction_date_sort: 'asc' | 'desc';
  /** Server default 20, maximum 100. */
  per_page: number;
  page?: number;
}

/** What `transactionsAfter` found, and the cursor to ask from next time. */
export interface SepayV2Progress {
  transactions: Transaction[];
  cursor: string;
}

/**
 * SePay API v2 (`/v2/...`). Every method resolves to a Result: HTTP failures, `status:
 * "error"` bodies and bodies that are not what SePay documents all come back as
 * ProviderError values.
 */
export interface SepayV2Client {
  /** `GET /v2/bank-accounts`, every page. */
  listBankAccounts(): Promise<Result<Account[], ProviderError>>;
  /**
   * Every transaction SePay put in after `sinceId`, each once, ascending by date, and the
   * next cursor (how it is chosen: the comment on `advance`). One request when nothing is new. `null` (first
   * start): no transactions, and the newest transaction's id as cursor, or
   * SEPAY_V2_START_CURSOR when there is none yet.
   */
  transactionsAfter(sinceId: string | null): Promise<Result<SepayV2Progress, ProviderError>>;
  /** Every transaction dated within [from, to] (whole seconds), each once, ascending by date. */
  transactionsBetween(from: Date, to: Date): Promise<Result<Transaction[], ProviderError>>;
}

const LIST_TRANSACTIONS = 'GET /v2/transactions';
const LIST_BANK_ACCOUNTS = 'GET /v2/bank-accounts';

/** A walk re-reads its pages when rows were missed; more misses than this is an error. */
const MAX_PASSES = 4;

/** An `X-RateLimit-Reset` this large (in ms) is an epoch time (after 2001), not a wait. */
const EPOCH_RESET_MS = 1e12;

interface Page<T> {
  rows: T[];
  pagination: SepayV2Pagination;
}

/**
 * A SePay v2 client. Throws only at creation, when `baseUrl` is not a URL (a
 * configuration error).
 */
export function createSepayV2Client(options: SepayV2ClientOptions): SepayV2Client {
  const root = apiRoot(options.baseUrl ?? SEPAY_V2_DEFAULT_BASE);
  const now = options.now ?? (() => new Date());
  const limiter = options.limiter ?? sepayRateLimiter(root, options.apiToken);
  const maxWalkRequests = options.maxWalkRequests ?? 1000;
  const logger = options.logger.child({ provider: 'sepay' });
  // Retry-After first; X-RateLimit-Reset says when the bucket refills; else requestJson waits 1 s.
  const ctx = sepayHttpContext(options, limiter, (headers) => secondsHeader(headers, 'retry-after') ?? resetAfterMs(headers, now));

  /** One GET: HTTP, then the envelope's `status`, then the payload against `schema`. */
  async function call<T>(
    endpoint: string,
    path: string,
    query: Record<string, QueryValue>,
    schema: z.ZodType<T>,
  ): Promise<Result<T, ProviderError>> {
    const response = await getSepayJson(ctx, root, endpoint, path, query);
    if (!response.ok) return response;
    const { status } = response.value;
    const envelope = parseBody(ctx, endpoint, response.value, SepayV2Status);
    if (!envelope.ok) return envelope;
    const failure = envelopeFailure(endpoint, status, envelope.value);
    if (failure) return err(failure);
    return parseBody(ctx, endpoint, response.value, schema);
  }

  /** One page of `GET /v2/transactions`, as the server paged it. */
  async function transactionPage(query: TransactionQuery): Promise<Result<Page<Transaction>, ProviderError>> {
    const body = await call(LIST_TRANSACTIONS, 'v2/transactions', { ...query }, SepayV2TransactionList);
    return body.ok ? ok({ rows: body.value.data.map(toTransactionV2), pagination: body.value.meta.pagination }) : body;
  }

  /** Pages of 100 of `filters`, oldest first, for the walks. */
  function transactionPages(filters: Pick<TransactionQuery, 'since_id' | 'transaction_date_from' | 'transaction_date_to'>) {
    return (page: number) => transactionPage({ ...filters, transaction_date_sort: 'asc', per_page: SEPAY_V2_MAX_PER_PAGE, page });
  }

  /**
   * Every row the pages hold, each once (by `providerId`), in first-seen order. Pages are
   * read while `has_more`; then, since rows are only ever added, what was found is
   * complete exactly when it counts at least the `total` of the last page. A row inserted
   * mid-walk among pages already read shifts the later pages: it is missed (and one row is
   * read twice), the count falls short, and the pages are read again. So a walk never
   * ends with a silent gap: it is complete, or an error.
   */
  async function walk<T extends { providerId: string }>(
    endpoint: string,
    fetchPage: (page: number) => Promise<Result<Page<T>, ProviderError>>,
  ): Promise<Result<T[], ProviderError>> {
    const found = new Map<string, T>();
    const fail = (detail: string) => err(new ProviderBadResponseError('sepay', endpoint, 200, `paging: ${detail}`));
    let requests = 0;
    let total = 0;
    for (let pass = 1; pass <= MAX_PASSES; pass++) {
      for (let page = 1; ; page++) {
        if (requests >= maxWalkRequests) return fail(`still incomplete after ${requests} requests`);
        requests++;
        const answer = await fetchPage(page);
        if (!answer.ok) return answer;
        const { rows, pagination } = answer.value;
        if (pagination.current_page !== page) return fail(`asked for page ${page}, got page ${pagination.current_page}`);
        for (const row of rows) if (!found.has(row.providerId)) found.set(row.providerId, row);
        total = pagination.total;
        if (!pagination.has_more || rows.length === 0) break;
      }
      if (found.size >= total) return ok([...found.values()]);
      logger.info('sepay.walk.repeat', { endpoint, pass, found: found.size, total });
    }
    return fail(`found ${found.size} of ${total} rows after ${MAX_PASSES} passes`);
  }

  /**
   * The walk after a cursor. On the cursor the server compares (docs/providers.md, "SePay: the v2 cursor"):
   * a UUID has no order of its own, so "after" must be SePay's insertion order, which the
   * API does not expose; dates do not follow it (a transfer the bank reports late is put in
   * after newer-dated ones). So:
   *   - the cursor's own row is dropped, in case `since_id` is inclusive;
   *   - the order is not taken from the server: rows are sorted by date here (stable, so
   *     same-second rows keep the server's order), in case it ignored the sort;
   *   - the next cursor is the last row in that order, the latest-dated one: normally the
   *     last one SePay put in. Any row of a complete walk is a gap-free cursor, since
   *     everything put in before it was in the walk; when a back-dated row was put in
   *     after the latest-dated one, the next call returns that row once more (the store
   *     dedupes by transactionKey) and the cursor then moves onto it. A repeat, never a gap.
   *   - nothing new: the cursor stays.
   */
  async function advance(sinceId: string): Promise<Result<SepayV2Progress, ProviderError>> {
    const since = sinceId === SEPAY_V2_START_CURSOR ? undefined : sinceId;
    const rows = await walk(LIST_TRANSACTIONS, transactionPages({ since_id: since }));
    if (!rows.ok) return rows;
    const transactions = byDate(rows.value.filter((tx) => tx.providerId !== sinceId));
    return ok({ transactions, cursor: transactions.at(-1)?.providerId ?? sinceId });
  }

  return {
    async listBankAccounts() {
      const readAt = now();
      return walk(LIST_BANK_ACCOUNTS, async (page) => {
        const query = { per_page: SEPAY_V2_MAX_PER_PAGE, page };
        const body = await call(LIST_BANK_ACCOUNTS, 'v2/bank-accounts', query, SepayV2BankAccountList);
        if (!body.ok) return body;
        return ok({ rows: body.value.data.map((account) => toAccount(account, readAt)), pagination: body.value.meta.pagination });
      });
    },

    async transactionsAfter(sinceId) {
      if (sinceId === null) {
        const newest = await transactionPage({ transaction_date_sort: 'desc', per_page: 1 });
        if (!newest.ok) return newest;
        return ok({ transactions: [], cursor: newest.value.rows[0]?.providerId ?? SEPAY_V2_START_CURSOR });
      }
      // A v1 cursor (a decimal id) means nothing to v2: refuse it rather than guess.
      if (sinceId.trim() === '' || /^\d+$/.test(sinceId.trim())) {
        return err(invalidArgument(LIST_TRANSACTIONS, `since id ${JSON.stringify(sinceId)} is not a SePay v2 id (a UUID)`));
      }
      return advance(sinceId);
    },

    async transactionsBetween(from, to) {
      const fromMs = from.getTime();
      const toMs = to.getTime();
      if (Number.isNaN(fromMs) || Number.isNaN(toMs)) return err(invalidArgument(LIST_TRANSACTIONS, 'from/to is an invalid Date'));
      if (toMs < fromMs) return ok([]);
      const rows = await walk(LIST_TRANSACTIONS, transactionPages({ transaction_date_from: from, transaction_date_to: to }));
      if (!rows.ok) return rows;
      // Whole seconds, as sent; a server that ignored the window must not leak rows from outside it.
      const first = Math.floor(fromMs / 1000);
      const last = Math.floor(toMs / 1000);
      return ok(
        byDate(
          rows.value.filter((tx) => {
            const second = Math.floor(Date.parse(tx.occurredAt) / 1000);
            return second >= first && second <= last;
          }),
        ),
      );
    },
  };
}

/** A 200 whose `status` is not `"success"`: SePay's error, with its `error_code`. */
function envelopeFailure(endpoint: string, httpStatus: number, body: SepayV2Status): ProviderError | null {
  if (body.status === 'success') return null;
  if (body.error_code === 'unauthorized') return new ProviderAuthError('sepay', endpoint, httpStatus, SEPAY_CREDENTIAL);
  const parts = [
    typeof body.message === 'string' && body.message !== '' ? body.message : 'no message',
    typeof body.error_code === 'string' ? `error_code ${body.error_code}` : null,
    `status ${JSON.stringify(body.status) ?? 'missing'}`,
  ];
  return new ProviderApiError('sepay', endpoint, httpStatus, parts.filter((part) => part !== null).join(', '));
}

/** Ascending by date; stable, so rows of the same second keep the server's order. */
function byDate(transactions: Transaction[]): Transaction[] {
  return [...transactions].sort((a, b) => (a.occurredAt < b.occurredAt ? -1 : a.occurredAt > b.occurredAt ? 1 : 0));
}

/**
 * `X-RateLimit-Reset` is documented as seconds until the bucket refills; some APIs send an
 * epoch time there instead, which read as seconds would be a wait of decades.
 */
function resetAfterMs(headers: Record<string, string | string[] | undefined>, now: () => Date): number | null {
  const ms = secondsHeader(headers, 'x-ratelimit-reset');
  if (ms === null) return null;
  return ms >= EPOCH_RESET_MS ? Math.max(0, ms - now().getTime()) : ms;
}

/** The root every `v2/…` path is resolved against, always ending in `/`; a base ending in `/v2` is fine. */
function apiRoot(baseUrl: string): string {
  return new URL(`${baseUrl.trim().replace(/\/+$/, '').replace(/\/v2$/i, '')}/`).toString();
}
