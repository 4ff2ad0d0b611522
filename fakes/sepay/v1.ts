import { vietnamDateTime } from '../../src/core/vietnam-time.js';
import type { FakeReply, FakeRequest } from '../http.js';
import { comparableDate, FAKE_BANKS, peakPerSecond, serveFakeSepay, wireDate, type FakeSepayPlumbing } from './common.js';

/*
 * A stateful fake of SePay's user API v1 (`/userapi/...` on my.sepay.vn), served over real
 * HTTP on a loopback port so tests drive the real undici client. It behaves as the vendor
 * pages describe: Bearer token, the `{status: 200, error: null, messages: {success: true}}`
 * envelope, ids and money as strings (`"50012"`, `"250000.00"`), every documented list and
 * count filter, details routes with 404, 2 requests/second per token with 429 and
 * `x-sepay-userapi-retry-after`, and a rejected token answered with an empty 200.
 * What the docs leave open (inclusive `since_id`, which N rows a limited list keeps, their
 * order) is an option, so clients can be tested against every reading.
 *
 *   const sepay = await startFakeSepay({ apiToken: 'tok' });
 *   sepay.addBankAccount({ accountNumber: '0071000888888', accumulated: 1_000_000 });
 *   sepay.addTransaction({ accountNumber: '0071000888888', amountIn: 250_000, content: 'DH1042' });
 *   createSepayClient({ apiToken: 'tok', baseUrl: sepay.url, ... });
 *
 * Rows are kept in id order and each request is one pass over them, so tens of thousands of
 * transactions stay fast. With a tiny `maxLimit`, give transactions distinct `date`s: no
 * client can page through more than `maxLimit` rows that share one second.
 */

/** What the docs leave open, plus the fake's own knobs; every field can change with `configure`. */
export interface FakeSepayBehaviour {
  /** The token the fake accepts (`Authorization: Bearer <token>`). Default `test-sepay-token`. */
  apiToken: string;
  /** `since_id` keeps ids >= it (documented) or > it. Default true. */
  sinceIdInclusive: boolean;
  /** Order of list answers. Default `newest-first`. */
  order: 'newest-first' | 'oldest-first';
  /** Which rows a list keeps when more than `limit` match. Default `newest`. */
  window: 'newest' | 'oldest';
  /**
   * What "newest" means for `order` and `window`: the id (insertion order, default) or
   * `transaction_date` then id (a late-reported transfer then sorts among older ones).
   */
  sortBy: 'id' | 'transaction_date';
  /** Largest `limit` honoured on the transaction list, and its default. Default 5000. */
  maxLimit: number;
  /** Requests per second per token before 429s (sliding one-second window); 0 or Infinity turns it off. Default 2. */
  rateLimitPerSecond: number;
  /** How a wrong or missing token is answered. Default `empty-200` (v1's documented behaviour). */
  rejectAs: 'empty-200' | '401';
}

export interface FakeSepayOptions extends Partial<FakeSepayBehaviour> {
  /** Id of the first transaction; later ones count up. Default 50000. */
  firstTransactionId?: number;
  /** Id of the first bank account. Default 20. */
  firstBankAccountId?: number;
  /** Clock for transactions added without a `date`. Default: real time. */
  now?: () => Date;
}

/** A bank account as v1 sends it: every value a string. */
export interface SepayWireBankAccount {
  id: string;
  account_holder_name: string;
  account_number: string;
  accumulated: string;
  last_transaction: string | null;
  label: string;
  active: string;
  created_at: string;
  bank_short_name: string;
  bank_full_name: string;
  bank_bin: string;
  bank_code: string;
}

/** A transaction as v1 sends it: every value a string, or null. */
export interface SepayWireTransaction {
  id: string;
  bank_brand_name: string;
  account_number: string;
  transaction_date: string;
  amount_out: string;
  amount_in: string;
  accumulated: string;
  transaction_content: string;
  reference_number: string | null;
  code: string | null;
  sub_account: string | null;
  bank_account_id: string | null;
}

export interface FakeBankAccountInput {
  accountNumber: string;
  /** Default `NGUYEN VAN A`. */
  holder?: string;
  /** Default `Vietcombank`, with its full name, BIN and code. */
  bankShortName?: string;
  bankFullName?: string;
  bankBin?: string;
  bankCode?: string;
  /** Starting balance; a number is sent as `"1000000.00"`, a string verbatim. Default 0. */
  accumulated?: number | string;
  label?: string;
  active?: boolean;
  createdAt?: Date;
}

export interface FakeTransactionInput {
  accountNumber: string;
  /** Đồng in; a number is sent as `"250000.00"`, a string verbatim (e.g. `"18067000.50"`). */
  amountIn?: number | string;
  amountOut?: number | string;
  content: string;
  /** Bank-side time; a Date is sent as Vietnam time, a string verbatim. Default: `now()`. */
  date?: Date | string;
  /** Default `FT<id>`; null for none. */
  referenceNumber?: string | null;
  code?: string | null;
  subAccount?: string | null;
  /** Default: the bank of the account, if added, else `Vietcombank`. */
  bankBrandName?: string;
  /** Balance after; default the account's running balance (its `accumulated` follows). */
  accumulated?: number | string;
}

export interface FakeSepay extends FakeSepayPlumbing<FakeSepayBehaviour> {
  addBankAccount(input: FakeBankAccountInput): SepayWireBankAccount;
  addTransaction(input: FakeTransactionInput): SepayWireTransaction;
  /** All bank accounts / transactions, in id order, as they are sent (live arrays: do not modify). */
  readonly bankAccounts: readonly SepayWireBankAccount[];
  readonly transactions: readonly SepayWireTransaction[];
  /** Most requests that reached the fake with one token within any one second (429s included). */
  peakRequestsPerSecond(): number;
}

/** A transaction and the values its filters compare, computed once. */
interface Row {
  wire: SepayWireTransaction;
  id: number;
  date: string;
  amountIn: number;
  amountOut: number;
}

interface AccountRow {
  wire: SepayWireBankAccount;
  id: number;
  balance: number;
}

class BadParam extends Error {}

/** v1 names the wait of a 429 in its own header, in seconds. */
const RETRY_AFTER = 'x-sepay-userapi-retry-after';

function tooMany(retryAfterSeconds: number): FakeReply {
  return {
    status: 429,
    headers: { [RETRY_AFTER]: String(retryAfterSeconds) },
    body: { status: 429, error: 'Too many requests', messages: { success: false } },
  };
}

export async function startFakeSepay(options: FakeSepayOptions = {}): Promise<FakeSepay> {
  const behaviour: FakeSepayBehaviour = {
    apiToken: options.apiToken ?? 'test-sepay-token',
    sinceIdInclusive: options.sinceIdInclusive ?? true,
    order: options.order ?? 'newest-first',
    window: options.window ?? 'newest',
    sortBy: options.sortBy ?? 'id',
    maxLimit: options.maxLimit ?? 5000,
    rateLimitPerSecond: options.rateLimitPerSecond ?? 2,
    rejectAs: options.rejectAs ?? 'empty-200',
  };
  const now = options.now ?? (() => new Date());
  let nextTransactionId = options.firstTransactionId ?? 50_000;
  let nextAccountId = options.firstBankAccountId ?? 20;
  const rows: Row[] = [];
  /** The wire views of `rows` and `accounts`, kept alongside so the getters cost nothing. */
  const transactionWires: SepayWireTransaction[] = [];
  const accountWires: SepayWireBankAccount[] = [];
  const rowsById = new Map<number, Row>();
  const accounts: AccountRow[] = [];
  const accountsByNumber = new Map<string, AccountRow>();
  const balances = new Map<string, number>();
  /** Arrival times of answered requests per token, for the sliding one-second window. */
  const recent = new Map<string, number[]>();

  function answer(req: FakeRequest, token: string | null, at: number): FakeReply {
    if (rateLimited(token ?? '', at)) return tooMany(1);
    if (token !== behaviour.apiToken) {
      return behaviour.rejectAs === '401'
        ? { status: 401, body: { status: 401, error: 'Unauthorized', messages: { success: false } } }
        : { status: 200, body: '' };
    }
    if (req.method !== 'GET') return notFound('route');
    try {
      return route(req.path, req.query);
    } catch (error) {
      if (error instanceof BadParam) {
        // v1 reports business errors inside a 200 (providers.md §2.2).
        return { status: 200, body: { status: 400, error: error.message, messages: { success: false } } };
      }
      throw error;
    }
  }

  function route(path: string, query: URLSearchParams): FakeReply {
    const detail = /^\/userapi\/(transactions|bankaccounts)\/details\/([^/]+)$/.exec(path);
    if (detail) {
      const id = Number(decodeURIComponent(detail[2] ?? ''));
      if (detail[1] === 'transactions') {
        const row = Number.isSafeInteger(id) ? rowsById.get(id) : undefined;
        return row ? success({ transaction: row.wire }) : notFound('transaction');
      }
      const account = accounts.find((a) => a.id === id);
      return account ? success({ bankaccount: account.wire }) : notFound('bank account');
    }
    switch (path) {
      case '/userapi/transactions/list':
        return success({ transactions: listTransactions(query).map((row) => row.wire) });
      case '/userapi/transactions/count':
        return success({ count_transactions: rows.filter(transactionFilter(query)).length });
      case '/userapi/bankaccounts/list':
        return success({ bankaccounts: listBankAccounts(query).map((account) => account.wire) });
      case '/userapi/bankaccounts/count':
        return success({ count_bankaccounts: accounts.filter(bankAccountFilter(query)).length });
      default:
        return notFound('route');
    }
  }

  function listTransactions(query: URLSearchParams): Row[] {
    let matched = rows.filter(transactionFilter(query));
    if (behaviour.sortBy === 'transaction_date') {
      matched = matched.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.id - b.id));
    }
    const limit = limitParam(query, behaviour.maxLimit, behaviour.maxLimit);
    const kept =
      matched.length <= limit ? matched : behaviour.window === 'newest' ? matched.slice(-limit) : matched.slice(0, limit);
    return behaviour.order === 'newest-first' ? kept.reverse() : kept;
  }

  function transactionFilter(query: URLSearchParams): (row: Row) => boolean {
    const account = query.get('account_number');
    const min = dateParam(query, 'transaction_date_min', 'start');
    const max = dateParam(query, 'transaction_date_max', 'end');
    const since = idParam(query, 'since_id');
    const reference = query.get('reference_number');
    const amountIn = amountParam(query, 'amount_in');
    const amountOut = amountParam(query, 'amount_out');
    return (row) =>
      (account === null || row.wire.account_number === account) &&
      (min === null || row.date >= min) &&
      (max === null || row.date <= max) &&
      (since === null || (behaviour.sinceIdInclusive ? row.id >= since : row.id > since)) &&
      (reference === null || row.wire.reference_number === reference) &&
      (amountIn === null || row.amountIn === amountIn) &&
      (amountOut === null || row.amountOut === amountOut);
  }

  /** "By default only the 100 most recently added", newest first. */
  function listBankAccounts(query: URLSearchParams): AccountRow[] {
    const limit = limitParam(query, 100, Number.MAX_SAFE_INTEGER);
    return accounts.filter(bankAccountFilter(query)).slice(-limit).reverse();
  }

  function bankAccountFilter(query: URLSearchParams): (account: AccountRow) => boolean {
    const shortName = query.get('short_name')?.toLowerCase() ?? null;
    const min = dateParam(query, 'last_transaction_date_min', 'start');
    const max = dateParam(query, 'last_transaction_date_max', 'end');
    const since = idParam(query, 'since_id');
    const balanceMin = amountParam(query, 'accumulated_min');
    const balanceMax = amountParam(query, 'accumulated_max');
    return (account) => {
      const last = account.wire.last_transaction;
      return (
        (shortName === null || account.wire.bank_short_name.toLowerCase() === shortName) &&
        (min === null || (last !== null && last >= min)) &&
        (max === null || (last !== null && last <= max)) &&
        (since === null || (behaviour.sinceIdInclusive ? account.id >= since : account.id > since)) &&
        (balanceMin === null || account.balance >= balanceMin) &&
        (balanceMax === null || account.balance <= balanceMax)
      );
    };
  }

  function rateLimited(key: string, at: number): boolean {
    const perSecond = behaviour.rateLimitPerSecond;
    if (!(perSecond > 0 && Number.isFinite(perSecond))) return false;
    const times = (recent.get(key) ?? []).filter((t) => at - t < 1000);
    const limited = times.length >= perSecond;
    if (!limited) times.push(at);
    recent.set(key, times);
    return limited;
  }

  const plumbing = await serveFakeSepay(behaviour, answer, { tooMany, retryAfterHeader: RETRY_AFTER });

  return {
    ...plumbing,

    addBankAccount(input) {
      const shortName = input.bankShortName ?? 'Vietcombank';
      const bank = FAKE_BANKS[shortName];
      const balance = input.accumulated === undefined ? 0 : Number(input.accumulated);
      const id = nextAccountId++;
      const wire: SepayWireBankAccount = {
        id: String(id),
        account_holder_name: input.holder ?? 'NGUYEN VAN A',
        account_number: input.accountNumber,
        accumulated: money(input.accumulated ?? 0),
        last_transaction: null,
        label: input.label ?? '',
        active: input.active === false ? '0' : '1',
        created_at: vietnamDateTime(input.createdAt ?? now()),
        bank_short_name: shortName,
        bank_full_name: input.bankFullName ?? bank?.full ?? shortName,
        bank_bin: input.bankBin ?? bank?.bin ?? '',
        bank_code: input.bankCode ?? bank?.code ?? '',
      };
      const account: AccountRow = { wire, id, balance };
      accounts.push(account);
      accountWires.push(wire);
      accountsByNumber.set(input.accountNumber, account);
      balances.set(input.accountNumber, balance);
      return wire;
    },

    addTransaction(input) {
      const id = nextTransactionId++;
      const account = accountsByNumber.get(input.accountNumber);
      const amountIn = Number(input.amountIn ?? 0);
      const amountOut = Number(input.amountOut ?? 0);
      const balance = (balances.get(input.accountNumber) ?? 0) + amountIn - amountOut;
      balances.set(input.accountNumber, balance);
      const date = wireDate(input.date, now);
      const wire: SepayWireTransaction = {
        id: String(id),
        bank_brand_name: input.bankBrandName ?? account?.wire.bank_short_name ?? 'Vietcombank',
        account_number: input.accountNumber,
        transaction_date: date,
        amount_out: money(input.amountOut ?? 0),
        amount_in: money(input.amountIn ?? 0),
        accumulated: money(input.accumulated ?? balance),
        transaction_content: input.content,
        reference_number: input.referenceNumber === undefined ? `FT${id}` : input.referenceNumber,
        code: input.code ?? null,
        sub_account: input.subAccount ?? null,
        bank_account_id: account ? account.wire.id : null,
      };
      if (account) {
        account.balance = balance;
        account.wire.accumulated = money(balance);
        if (account.wire.last_transaction === null || date > account.wire.last_transaction) {
          account.wire.last_transaction = date;
        }
      }
      const row: Row = { wire, id, date, amountIn, amountOut };
      rows.push(row);
      transactionWires.push(wire);
      rowsById.set(id, row);
      return wire;
    },

    bankAccounts: accountWires,
    transactions: transactionWires,

    peakRequestsPerSecond() {
      const byToken = new Map<string, number[]>();
      for (const hit of plumbing.hits) {
        const times = byToken.get(hit.token ?? '') ?? [];
        times.push(hit.at);
        byToken.set(hit.token ?? '', times);
      }
      return Math.max(0, ...[...byToken.values()].map(peakPerSecond));
    },
  };
}

function success(payload: Record<string, unknown>): FakeReply {
  return { status: 200, body: { status: 200, error: null, messages: { success: true }, ...payload } };
}

function notFound(what: string): FakeReply {
  return { status: 404, body: { status: 404, error: `${what} not found`, messages: { success: false } } };
}

/** v1 money: `"250000.00"` for a number; a string is sent exactly as given. */
function money(value: number | string): string {
  return typeof value === 'string' ? value : value.toFixed(2);
}

/** A date filter, comparable (see `comparableDate`); absent: null; in any other form, v1's error. */
function dateParam(query: URLSearchParams, name: string, end: 'start' | 'end'): string | null {
  const raw = query.get(name);
  if (raw === null || raw === '') return null;
  const date = comparableDate(raw, end);
  if (date === null) throw new BadParam(`${name} must be YYYY-MM-DD or YYYY-MM-DD HH:mm:ss`);
  return date;
}

function idParam(query: URLSearchParams, name: string): number | null {
  const raw = query.get(name);
  if (raw === null || raw === '') return null;
  if (!/^\d+$/.test(raw)) throw new BadParam(`${name} must be a number`);
  return Number(raw);
}

function amountParam(query: URLSearchParams, name: string): number | null {
  const raw = query.get(name);
  if (raw === null || raw === '') return null;
  const value = Number(raw);
  if (!Number.isFinite(value)) throw new BadParam(`${name} must be a number`);
  return value;
}

/** Absent or unusable: the default; above the maximum: the maximum. */
function limitParam(query: URLSearchParams, fallback: number, max: number): number {
  const value = Number(query.get('limit') ?? Number.NaN);
  if (!Number.isSafeInteger(value) || value <= 0) return fallback;
  return Math.min(value, max);
}
