import { randomUUID } from 'node:crypto';
import { vietnamDateTime } from '../../src/core/vietnam-time.js';
import type { FakeReply, FakeRequest } from '../http.js';
import { comparableDate, FAKE_BANKS, peakPerSecond, serveFakeSepay, wireDate, type FakeSepayPlumbing } from './common.js';

/*
 * A stateful fake of SePay API v2 (`/v2/...` on userapi.sepay.vn), served over real HTTP on
 * a loopback port so tests drive the real undici client. As the vendor pages describe it
 * (providers.md §2.3-2.6): Bearer token, UUID ids, integer money, the
 * `{status: "success", data, meta: {pagination: {total, per_page, current_page, last_page,
 * has_more}}}` envelope, `per_page` default 20 and capped at 100, newest first by default,
 * every documented filter and sort, details routes with 404, real error statuses with
 * `{status: "error", error_code, message}` bodies (401 for a wrong token, 422 for a bad
 * parameter), and 3 requests/second per IP, checked before the token, answered with 429,
 * `Retry-After` and `X-RateLimit-*`.
 *
 * `since_id`: a UUID has no order, so the server must resolve it to its row and compare
 * an order of its own. The realistic one is the insertion order (v2 runs side by side with
 * v1 over the same rows, and v1 numbers them as they are put in); reading "after" by date
 * would drop every transfer a bank reports late. So here "after X" means "put in after X":
 * a back-dated transaction added later is after every cursor taken before it was added.
 * Exclusive by default (what SePay's CLI says); `sinceIdInclusive` for the other reading.
 * An id the server does not know is a 422 (error codes are undocumented: `validation_error`).
 * Listing order is independent of that: by `transaction_date` (ties in insertion order).
 *
 *   const sepay = await startFakeSepayV2({ apiToken: 'tok' });
 *   sepay.addBankAccount({ accountNumber: '0071000888888', accumulated: 1_000_000 });
 *   const wire = sepay.addTransaction({ accountNumber: '0071000888888', amountIn: 250_000, content: 'DH1042' });
 *   createSepayV2Client({ apiToken: 'tok', baseUrl: sepay.url, ... });
 *
 * Rows are kept sorted by date as they are added, so a list request is one pass over them:
 * tens of thousands of transactions stay fast.
 */

/** What the docs leave open, plus the fake's own knobs; every field can change with `configure`. */
export interface FakeSepayV2Behaviour {
  /** The token the fake accepts (`Authorization: Bearer <token>`). Default `test-sepay-v2-token`. */
  apiToken: string;
  /** `since_id` keeps the cursor's own row too. Default false (exclusive). */
  sinceIdInclusive: boolean;
  /** Ignore every `*_sort` parameter and answer in the default order (newest first). Default false. */
  ignoreSort: boolean;
  /**
   * Requests per second per IP (every client of the fake shares the loopback address)
   * before 429s, over a sliding one-second window; 0 or Infinity turns it off. Default 3.
   */
  rateLimitPerSecond: number;
}

export interface FakeSepayV2Options extends Partial<FakeSepayV2Behaviour> {
  /** Clock for rows added without a `date` / `createdAt`. Default: real time. */
  now?: () => Date;
}

/** A bank account as v2 sends it. */
export interface SepayV2WireBankAccount {
  id: string;
  account_holder_name: string;
  account_number: string;
  accumulated: number;
  last_transaction: string | null;
  label: string;
  account_type: string;
  active: number;
  created_at: string;
  bank_short_name: string;
  bank_full_name: string;
  bank_bin: string;
  bank_code: string;
}

/** A transaction as v2 sends it. */
export interface SepayV2WireTransaction {
  id: string;
  transaction_date: string;
  account_number: string;
  va: string;
  transfer_type: 'in' | 'out';
  amount_in: number;
  amount_out: number;
  accumulated: number;
  transaction_content: string;
  reference_number: string | null;
  code: string | null;
  bank_brand_name: string;
  bank_account_id: string;
  va_id: string | null;
  webhook_success: number;
}

export interface FakeV2BankAccountInput {
  accountNumber: string;
  /** Default `NGUYEN VAN A`. */
  holder?: string;
  /** Default `Vietcombank`, with its full name, BIN and code. */
  bankShortName?: string;
  /** Starting balance in đồng. Default 0 (what SePay sends when it tracks none). */
  accumulated?: number;
  label?: string;
  active?: boolean;
  createdAt?: Date;
}

export interface FakeV2TransactionInput {
  accountNumber: string;
  /** Đồng in or out; give one. */
  amountIn?: number;
  amountOut?: number;
  content: string;
  /** Bank-side time; a Date is sent as Vietnam time, a string verbatim. Default: `now()`. */
  date?: Date | string;
  /** Default `FT<n>`; null for none. */
  referenceNumber?: string | null;
  code?: string | null;
  /** Virtual account number; default `""` (none). */
  va?: string;
  vaId?: string | null;
  /** Default: the bank of the account. */
  bankBrandName?: string;
  /** Balance after; default the account's running balance (its `accumulated` follows). */
  accumulated?: number;
  /** Default 1. */
  webhookSuccess?: number;
}

export interface FakeSepayV2 extends FakeSepayPlumbing<FakeSepayV2Behaviour> {
  addBankAccount(input: FakeV2BankAccountInput): SepayV2WireBankAccount;
  /** Adds a transaction; an account number not added yet gets a bank account of its own. */
  addTransaction(input: FakeV2TransactionInput): SepayV2WireTransaction;
  /** All bank accounts / transactions in the order they were added, as they are sent (live: do not modify). */
  readonly bankAccounts: readonly SepayV2WireBankAccount[];
  readonly transactions: readonly SepayV2WireTransaction[];
  /** Most requests that reached the fake within any one second (429s included). */
  peakRequestsPerSecond(): number;
}

const MAX_PER_PAGE = 100;
const DEFAULT_PER_PAGE = 20;

/** A stored row: the wire object and its insertion number (what `since_id` compares). */
interface Row<W> {
  wire: W;
  seq: number;
}
type TxRow = Row<SepayV2WireTransaction>;
type AccountRow = Row<SepayV2WireBankAccount>;

type SortKey<W> = { name: string; value: (wire: W) => string | number; desc: boolean };

/** A bad parameter: answered 422 like SePay's validation errors. */
class Invalid extends Error {}

export async function startFakeSepayV2(options: FakeSepayV2Options = {}): Promise<FakeSepayV2> {
  const behaviour: FakeSepayV2Behaviour = {
    apiToken: options.apiToken ?? 'test-sepay-v2-token',
    sinceIdInclusive: options.sinceIdInclusive ?? false,
    ignoreSort: options.ignoreSort ?? false,
    rateLimitPerSecond: options.rateLimitPerSecond ?? 3,
  };
  const now = options.now ?? (() => new Date());
  let seq = 0;
  /** Transactions ascending by (transaction_date, seq): the default order, reversed. */
  const txByDate: TxRow[] = [];
  const txById = new Map<string, TxRow>();
  const transactionWires: SepayV2WireTransaction[] = [];
  const accounts: AccountRow[] = [];
  const accountsById = new Map<string, AccountRow>();
  const accountsByNumber = new Map<string, AccountRow>();
  const accountWires: SepayV2WireBankAccount[] = [];
  /** Arrival times of admitted requests, for the sliding one-second window. */
  let recent: number[] = [];

  function answer(req: FakeRequest, token: string | null, at: number): FakeReply {
    // Checked before authentication, as documented.
    const limit = rateLimit(at);
    if (limit.limited) return tooMany(limit.resetSeconds);
    if (token === null) return failure(401, 'unauthorized', 'Missing Authorization header');
    if (token !== behaviour.apiToken) return failure(401, 'unauthorized', 'Invalid API key');
    let reply: FakeReply;
    try {
      reply = req.method === 'GET' ? route(req.path, req.query) : failure(405, 'method_not_allowed', 'Method not allowed');
    } catch (error) {
      if (!(error instanceof Invalid)) throw error;
      reply = failure(422, 'validation_error', error.message);
    }
    return { ...reply, headers: { ...limit.headers, ...reply.headers } };
  }

  function route(path: string, query: URLSearchParams): FakeReply {
    const detail = /^\/v2\/(transactions|bank-accounts)\/([^/]+)$/.exec(path);
    if (detail) {
      const id = decodeURIComponent(detail[2] ?? '');
      if (detail[1] === 'transactions') {
        const row = txById.get(id);
        return row ? { status: 200, body: { status: 'success', data: row.wire } } : failure(404, 'not_found', 'Transaction not found');
      }
      const account = accountsById.get(id);
      return account ? { status: 200, body: { status: 'success', data: account.wire } } : failure(404, 'not_found', 'Bank account not found');
    }
    switch (path) {
      case '/v2/transactions':
        return paged(listTransactions(query), query);
      case '/v2/bank-accounts':
        return paged(listBankAccounts(query), query);
      default:
        return failure(404, 'not_found', 'Route not found');
    }
  }

  function listTransactions(query: URLSearchParams): SepayV2WireTransaction[] {
    const keep = transactionFilter(query);
    const sorts = behaviour.ignoreSort ? [] : sortKeys<SepayV2WireTransaction>(query, {
      transaction_date_sort: (w) => w.transaction_date,
      amount_in_sort: (w) => w.amount_in,
      amount_out_sort: (w) => w.amount_out,
    });
    const [first, ...more] = sorts;
    // By date alone (the default, and the pollers' `asc`): the stored order, no sort needed.
    if (more.length === 0 && (first === undefined || first.name === 'transaction_date_sort')) {
      const desc = first?.desc ?? true;
      const matched: SepayV2WireTransaction[] = [];
      for (let i = 0; i < txByDate.length; i++) {
        const row = txByDate[desc ? txByDate.length - 1 - i : i];
        if (row && keep(row)) matched.push(row.wire);
      }
      return matched;
    }
    return sortRows(txByDate.filter(keep), sorts);
  }

  function transactionFilter(query: URLSearchParams): (row: TxRow) => boolean {
    const q = text(query, 'q')?.toLowerCase() ?? null;
    const bankAccountId = text(query, 'bank_account_id');
    const vaId = text(query, 'va_id');
    const brand = text(query, 'bank_brand_name')?.toLowerCase() ?? null;
    const from = dateParam(query, 'transaction_date_from', 'start');
    const to = dateParam(query, 'transaction_date_to', 'end');
    const inMin = intParam(query, 'amount_in_min');
    const inMax = intParam(query, 'amount_in_max');
    const outMin = intParam(query, 'amount_out_min');
    const outMax = intParam(query, 'amount_out_max');
    const reference = text(query, 'reference_number');
    const content = text(query, 'transaction_content')?.toLowerCase() ?? null;
    const transferType = oneOf(query, 'transfer_type', ['in', 'out']);
    const webhook = oneOf(query, 'webhook_success', ['0', '1']);
    const since = sinceParam(query);
    return ({ wire, seq: n }) =>
      (q === null || [wire.reference_number, wire.transaction_content, wire.code].some((v) => v?.toLowerCase().includes(q))) &&
      (bankAccountId === null || wire.bank_account_id === bankAccountId) &&
      (vaId === null || wire.va_id === vaId) &&
      (brand === null || wire.bank_brand_name.toLowerCase() === brand) &&
      (from === null || wire.transaction_date >= from) &&
      (to === null || wire.transaction_date <= to) &&
      within(wire.amount_in, inMin, inMax) &&
      within(wire.amount_out, outMin, outMax) &&
      (reference === null || wire.reference_number === reference) &&
      (content === null || wire.transaction_content.toLowerCase().includes(content)) &&
      (transferType === null || wire.transfer_type === transferType) &&
      (webhook === null || (webhook === '1') === (wire.webhook_success !== 0)) &&
      (since === null || (behaviour.sinceIdInclusive ? n >= since : n > since));
  }

  /** The insertion number of the `since_id` row; an unknown id is a validation error. */
  function sinceParam(query: URLSearchParams): number | null {
    const id = text(query, 'since_id');
    if (id === null) return null;
    const row = txById.get(id);
    if (!row) throw new Invalid('The selected since id is invalid.');
    return row.seq;
  }

  /** Newest account first by default (`created_at`, then insertion). */
  function listBankAccounts(query: URLSearchParams): SepayV2WireBankAccount[] {
    const q = text(query, 'q')?.toLowerCase() ?? null;
    const shortName = text(query, 'bank_short_name')?.toLowerCase() ?? null;
    const from = dateParam(query, 'last_transaction_from', 'start');
    const to = dateParam(query, 'last_transaction_to', 'end');
    const min = intParam(query, 'accumulated_min');
    const max = intParam(query, 'accumulated_max');
    const active = oneOf(query, 'active', ['0', '1']);
    const sorts = behaviour.ignoreSort ? [] : sortKeys<SepayV2WireBankAccount>(query, {
      created_at_sort: (w) => w.created_at,
      last_transaction_sort: (w) => w.last_transaction ?? '',
      accumulated_sort: (w) => w.accumulated,
    });
    const matched = accounts.filter(({ wire }) => {
      const last = wire.last_transaction;
      return (
        (q === null || [wire.account_number, wire.account_holder_name, wire.label].some((v) => v.toLowerCase().includes(q))) &&
        (shortName === null || wire.bank_short_name.toLowerCase() === shortName) &&
        (from === null || (last !== null && last >= from)) &&
        (to === null || (last !== null && last <= to)) &&
        within(wire.accumulated, min, max) &&
        (active === null || String(wire.active) === active)
      );
    });
    return sortRows(matched, sorts.length > 0 ? sorts : [{ name: 'created_at_sort', value: (w) => w.created_at, desc: true }]);
  }

  function tooMany(retryAfterSeconds: number): FakeReply {
    return {
      status: 429,
      headers: {
        'retry-after': String(retryAfterSeconds),
        'x-ratelimit-limit': String(behaviour.rateLimitPerSecond),
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset': String(retryAfterSeconds),
      },
      body: { status: 'error', message: 'Too many requests', error_code: 'rate_limited' },
    };
  }

  function rateLimit(at: number): { limited: boolean; resetSeconds: number; headers: Record<string, string> } {
    const perSecond = behaviour.rateLimitPerSecond;
    if (!(perSecond > 0 && Number.isFinite(perSecond))) return { limited: false, resetSeconds: 0, headers: {} };
    recent = recent.filter((t) => at - t < 1000);
    const limited = recent.length >= perSecond;
    if (!limited) recent.push(at);
    const oldest = recent[0] ?? at;
    return {
      limited,
      resetSeconds: Math.max(1, Math.ceil((oldest + 1000 - at) / 1000)),
      headers: { 'x-ratelimit-limit': String(perSecond), 'x-ratelimit-remaining': String(Math.max(0, perSecond - recent.length)) },
    };
  }

  function addBankAccount(input: FakeV2BankAccountInput): SepayV2WireBankAccount {
    const shortName = input.bankShortName ?? 'Vietcombank';
    const bank = FAKE_BANKS[shortName];
    const wire: SepayV2WireBankAccount = {
      id: randomUUID(),
      account_holder_name: input.holder ?? 'NGUYEN VAN A',
      account_number: input.accountNumber,
      accumulated: input.accumulated ?? 0,
      last_transaction: null,
      label: input.label ?? '',
      account_type: 'personal',
      active: input.active === false ? 0 : 1,
      created_at: vietnamDateTime(input.createdAt ?? now()),
      bank_short_name: shortName,
      bank_full_name: bank?.full ?? shortName,
      bank_bin: bank?.bin ?? '',
      bank_code: bank?.code ?? '',
    };
    const row: AccountRow = { wire, seq: seq++ };
    accounts.push(row);
    accountWires.push(wire);
    accountsById.set(wire.id, row);
    accountsByNumber.set(wire.account_number, row);
    return wire;
  }

  const plumbing = await serveFakeSepay(behaviour, answer, { tooMany, retryAfterHeader: 'retry-after' });

  return {
    ...plumbing,

    addBankAccount,

    addTransaction(input) {
      if (!accountsByNumber.has(input.accountNumber)) {
        addBankAccount({ accountNumber: input.accountNumber, bankShortName: input.bankBrandName });
      }
      const account = accountsByNumber.get(input.accountNumber);
      if (!account) throw new Error(`no bank account ${input.accountNumber}`);
      const amountIn = input.amountIn ?? 0;
      const amountOut = input.amountOut ?? 0;
      const balance = input.accumulated ?? account.wire.accumulated + amountIn - amountOut;
      const date = wireDate(input.date, now);
      const n = seq++;
      const wire: SepayV2WireTransaction = {
        id: randomUUID(),
        transaction_date: date,
        account_number: input.accountNumber,
        va: input.va ?? '',
        transfer_type: amountOut > 0 ? 'out' : 'in',
        amount_in: amountIn,
        amount_out: amountOut,
        accumulated: balance,
        transaction_content: input.content,
        reference_number: input.referenceNumber === undefined ? `FT${25_000_000 + n}` : input.referenceNumber,
        code: input.code ?? null,
        bank_brand_name: input.bankBrandName ?? account.wire.bank_short_name,
        bank_account_id: account.wire.id,
        va_id: input.vaId ?? null,
        webhook_success: input.webhookSuccess ?? 1,
      };
      account.wire.accumulated = balance;
      if (account.wire.last_transaction === null || date > account.wire.last_transaction) account.wire.last_transaction = date;
      const row: TxRow = { wire, seq: n };
      // After every row of the same or an earlier date: ties stay in insertion order.
      txByDate.splice(upperBound(txByDate, date), 0, row);
      txById.set(wire.id, row);
      transactionWires.push(wire);
      return wire;
    },

    bankAccounts: accountWires,
    transactions: transactionWires,

    peakRequestsPerSecond() {
      return peakPerSecond(plumbing.hits.map((hit) => hit.at));
    },
  };
}

/** Laravel-style pagination of an already filtered and ordered list. */
function paged(rows: readonly unknown[], query: URLSearchParams): FakeReply {
  const perPage = Math.min(MAX_PER_PAGE, positiveInt(query, 'per_page') ?? DEFAULT_PER_PAGE);
  const page = positiveInt(query, 'page') ?? 1;
  const lastPage = Math.max(1, Math.ceil(rows.length / perPage));
  return {
    status: 200,
    body: {
      status: 'success',
      data: rows.slice((page - 1) * perPage, page * perPage),
      meta: { pagination: { total: rows.length, per_page: perPage, current_page: page, last_page: lastPage, has_more: page < lastPage } },
    },
  };
}

function failure(status: number, code: string, message: string): FakeReply {
  return { status, body: { status: 'error', message, error_code: code } };
}

/** First index whose date is later than `date`. */
function upperBound(rows: readonly TxRow[], date: string): number {
  let low = 0;
  let high = rows.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((rows[mid]?.wire.transaction_date ?? '') <= date) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** The `*_sort` parameters present, in the order the query gives them. */
function sortKeys<W>(query: URLSearchParams, keys: Record<string, (wire: W) => string | number>): SortKey<W>[] {
  const sorts: SortKey<W>[] = [];
  for (const [name, raw] of query) {
    const value = keys[name];
    if (!value) continue;
    if (raw !== 'asc' && raw !== 'desc') throw new Invalid(`The ${name} field must be asc or desc.`);
    sorts.push({ name, value, desc: raw === 'desc' });
  }
  return sorts;
}

/** Sorted by the keys, then by insertion in the direction of the first key. */
function sortRows<W>(rows: Row<W>[], sorts: readonly SortKey<W>[]): W[] {
  const tieDesc = sorts[0]?.desc ?? false;
  return [...rows]
    .sort((a, b) => {
      for (const { value, desc } of sorts) {
        const x = value(a.wire);
        const y = value(b.wire);
        if (x !== y) return (x < y ? -1 : 1) * (desc ? -1 : 1);
      }
      return (a.seq - b.seq) * (tieDesc ? -1 : 1);
    })
    .map((row) => row.wire);
}

function within(value: number, min: number | null, max: number | null): boolean {
  return (min === null || value >= min) && (max === null || value <= max);
}

function text(query: URLSearchParams, name: string): string | null {
  const raw = query.get(name);
  return raw === null || raw === '' ? null : raw;
}

function oneOf(query: URLSearchParams, name: string, allowed: readonly string[]): string | null {
  const raw = text(query, name);
  if (raw !== null && !allowed.includes(raw)) throw new Invalid(`The selected ${name} is invalid.`);
  return raw;
}

function intParam(query: URLSearchParams, name: string): number | null {
  const raw = text(query, name);
  if (raw === null) return null;
  if (!/^-?\d+$/.test(raw)) throw new Invalid(`The ${name} field must be an integer.`);
  return Number(raw);
}

function positiveInt(query: URLSearchParams, name: string): number | null {
  const value = intParam(query, name);
  if (value !== null && value < 1) throw new Invalid(`The ${name} field must be at least 1.`);
  return value;
}

/** A date filter, comparable (see `comparableDate`); absent: null; in any other form, v2's 422. */
function dateParam(query: URLSearchParams, name: string, end: 'start' | 'end'): string | null {
  const raw = text(query, name);
  if (raw === null) return null;
  const date = comparableDate(raw, end);
  if (date === null) throw new Invalid(`The ${name} field must be a valid date (Y-m-d H:i:s).`);
  return date;
}
