import { parseVietnamTime, vietnamDate, vietnamDateTime } from '../../src/core/vietnam-time.js';
import { startFakeServer, type FakeReply, type FakeRequest, type FakeServer } from '../http.js';

/**
 * A stateful, in-memory Casso API v2 on a real loopback port, for tests, the demo and
 * benchmarks. It speaks the documented envelope `{error, message, data}` on every route
 * (errors included), filters by Vietnam calendar dates, sorts, pages with a capped page
 * size, and renders both transaction schemas:
 *
 * - `GET /v2/userInfo`
 * - `GET /v2/accounts`, `GET /v2/accounts/:id` (404 envelope when unknown)
 * - `GET /v2/accounts/:id/transactions` (camelCase records: `privateId`, `reference`, `transactionDateTime`…)
 * - `GET /v2/transactions` (all accounts, legacy names: `id`, `tid`, `when`, `cusum_balance`…)
 * - `POST /v2/sync` with `{"bank_acc_id": "<account number>"}` (recorded in `syncs`)
 *
 * Listing parameters behave as documented: `fromDate` (default 7 days ago) and `toDate`
 * (default today) are inclusive Vietnam dates, `sort` is `ASC` (default) or `DESC` by time
 * then id, `page` defaults to 1, `pageSize` to 10 and is capped at `maxPageSize`. Choices
 * where Casso's docs are silent: a malformed date is a 400 envelope; `nextPage`/`prevPage`
 * are null past either end; an unknown route is a 404 envelope.
 *
 * Transactions are kept sorted as they are added, and a page is a slice found by binary
 * search, so listing stays fast with tens of thousands of them.
 */

export const FAKE_CASSO_API_KEY = 'AK_CS.0123456789abcdef0123456789abcdef.fake-secret';

export interface FakeCassoOptions {
  /** The key accepted as `Authorization: Apikey <key>`; default FAKE_CASSO_API_KEY. */
  apiKey?: string;
  /** Largest page served whatever `pageSize` asks; default 50. */
  maxPageSize?: number;
  /** Send every numeric field as a string (`"250000"`), to prove clients parse either. */
  stringNumbers?: boolean;
  /** The fake's clock: default date filters and default transaction times. */
  now?: () => Date;
  /**
   * Called with each request the fake answers itself (injected faults excluded), before it
   * answers: lets a test or the demo change state mid-walk, e.g. new transactions arriving.
   */
  onRequest?: (request: FakeRequest) => void;
}

export interface FakeCassoAccountInput {
  accountNumber: string;
  /** Holder name; default `NGUYEN VAN A`. */
  accountName?: string;
  /** Default `MBBank`. */
  bankName?: string;
  /** Default `mbbank`. */
  bankCodeName?: string;
  /** Default 970422 (MB). */
  bin?: number;
  /** Opening balance in đồng; each transaction moves it. Default 0. */
  balance?: number;
  /** Fields merged verbatim into the account as sent, to simulate quirks (`{balance: 0}`, `{bankName: null}`). */
  wire?: Record<string, unknown>;
}

export interface FakeCassoAccount {
  readonly id: number;
  readonly accountNumber: string;
  readonly accountName: string;
  readonly bankName: string;
  readonly bankCodeName: string;
  readonly bin: number;
  readonly openingBalance: number;
  /** Current balance: opening balance plus every transaction added. */
  readonly balance: number;
  readonly wire: Readonly<Record<string, unknown>>;
}

export interface FakeCassoTransactionInput {
  /** Signed đồng: negative is money out. */
  amount: number;
  description: string;
  /** When it happened; default the fake's now. Drives date filters and sorting. */
  when?: Date;
  /** Bank reference; default `FT` + the id zero-padded to 14 digits. */
  reference?: string;
  counterAccountName?: string;
  counterAccountNumber?: string;
  counterAccountBankId?: string;
  counterAccountBankName?: string;
  virtualAccountNumber?: string;
  virtualAccountName?: string;
  /**
   * Fields merged verbatim into both record renderings, to simulate quirks: a date-only
   * `when`, a `transactionDateTime: null`, `cusumBalance` instead of `cusum_balance`
   * (`{cusum_balance: undefined, cusumBalance: 5}`), a fractional `amount`… Filters and
   * sorting still use `when` above.
   */
  wire?: Record<string, unknown>;
}

export interface FakeCassoTransaction {
  readonly id: number;
  readonly accountId: number;
  readonly amount: number;
  readonly description: string;
  readonly when: Date;
  readonly reference: string;
  /** The account's balance right after this transaction was added. */
  readonly runningBalance: number;
  readonly counterAccountName: string;
  readonly counterAccountNumber: string;
  readonly counterAccountBankId: string;
  readonly counterAccountBankName: string;
  readonly virtualAccountNumber: string;
  readonly virtualAccountName: string;
  readonly wire: Readonly<Record<string, unknown>>;
}

export interface FakeCasso extends FakeServer {
  readonly apiKey: string;
  /** Links a bank account; ids count up from 1. */
  addAccount(input: FakeCassoAccountInput): FakeCassoAccount;
  /** Books a transaction on an account (throws if the account is unknown); ids count up from 1. */
  addTransaction(accountId: number, input: FakeCassoTransactionInput): FakeCassoTransaction;
  /** Every account, in id order. */
  accounts(): FakeCassoAccount[];
  /** One account's transactions, or everyone's, oldest first (time, then id). */
  transactions(accountId?: number): FakeCassoTransaction[];
  /** The `bank_acc_id` of each accepted `POST /v2/sync`, in order. */
  readonly syncs: string[];
}

const DAY_MS = 24 * 60 * 60 * 1000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

interface AccountState {
  id: number;
  accountNumber: string;
  accountName: string;
  bankName: string;
  bankCodeName: string;
  bin: number;
  openingBalance: number;
  balance: number;
  wire: Record<string, unknown>;
  /** Sorted by time, then id. */
  transactions: FakeCassoTransaction[];
}

export async function startFakeCasso(options: FakeCassoOptions = {}): Promise<FakeCasso> {
  const apiKey = options.apiKey ?? FAKE_CASSO_API_KEY;
  const maxPageSize = options.maxPageSize ?? 50;
  const now = options.now ?? (() => new Date());
  const num = (n: number): number | string => (options.stringNumbers ? String(n) : n);

  const accounts = new Map<number, AccountState>();
  /** Every account's transactions, sorted by time, then id. */
  const all: FakeCassoTransaction[] = [];
  const syncs: string[] = [];
  let nextAccountId = 1;
  let nextTransactionId = 1;

  function renderAccount(account: AccountState): Record<string, unknown> {
    let credit = 0;
    let debit = 0;
    let credits = 0;
    let debits = 0;
    for (const tx of account.transactions) {
      if (tx.amount >= 0) {
        credit += tx.amount;
        credits++;
      } else {
        debit -= tx.amount;
        debits++;
      }
    }
    const last = account.transactions.at(-1);
    return {
      id: num(account.id),
      accountNumber: account.accountNumber,
      accountName: account.accountName,
      accountType: '',
      balance: num(account.balance),
      currency: 'VND',
      swift: '',
      citad: '',
      serviceType: 'personal',
      bankName: account.bankName,
      BIN: num(account.bin),
      bankCodeName: account.bankCodeName,
      memo: '',
      connectStatus: num(1),
      beginningSettingDate: '2020-08-01',
      beginningTxnDate: null,
      beginningBalance: num(account.openingBalance),
      creditTxnTotal: num(credit),
      creditTxnAmount: num(credits),
      debitTxnTotal: num(debit),
      debitTxnAmount: num(debits),
      lockSyncDate: null,
      endingBalance: num(account.balance),
      endingTxnDate: last ? `${vietnamDate(last.when)}T00:00:00Z` : null,
      ...account.wire,
    };
  }

  /** `/v2/accounts/:id/transactions` shape; the bogus `Z` on a local time is Casso's own. */
  function renderAccountTransaction(tx: FakeCassoTransaction): Record<string, unknown> {
    const date = vietnamDate(tx.when);
    return {
      privateId: num(tx.id),
      reference: tx.reference,
      bookingDate: date,
      transactionDate: date,
      transactionDateTime: `${vietnamDateTime(tx.when).replace(' ', 'T')}Z`,
      amount: num(tx.amount),
      description: tx.description,
      runningBalance: num(tx.runningBalance),
      virtualAccountNumber: tx.virtualAccountNumber,
      virtualAccountName: tx.virtualAccountName,
      paymentChannel: '',
      counterAccountNumber: tx.counterAccountNumber,
      counterAccountName: tx.counterAccountName,
      counterAccountBankId: tx.counterAccountBankId,
      counterAccountBankName: tx.counterAccountBankName,
      ...tx.wire,
    };
  }

  /** `/v2/transactions` shape. */
  function renderTransaction(tx: FakeCassoTransaction): Record<string, unknown> {
    const account = accountOf(tx.accountId);
    return {
      id: num(tx.id),
      tid: tx.reference,
      description: tx.description,
      amount: num(tx.amount),
      cusum_balance: num(tx.runningBalance),
      when: vietnamDateTime(tx.when).replace(' ', 'T'),
      bankSubAccId: account.accountNumber,
      paymentChannel: '',
      virtualAccount: tx.virtualAccountNumber,
      virtualAccountName: tx.virtualAccountName,
      corresponsiveName: tx.counterAccountName,
      corresponsiveAccount: tx.counterAccountNumber,
      corresponsiveBankId: tx.counterAccountBankId,
      corresponsiveBankName: tx.counterAccountBankName,
      accountId: num(account.id),
      bankCodeName: account.bankCodeName,
      ...tx.wire,
    };
  }

  function accountOf(id: number): AccountState {
    const account = accounts.get(id);
    if (!account) throw new Error(`fake Casso: no account ${id}`);
    return account;
  }

  function addAccount(input: FakeCassoAccountInput): FakeCassoAccount {
    const openingBalance = input.balance ?? 0;
    const account: AccountState = {
      id: nextAccountId++,
      accountNumber: input.accountNumber,
      accountName: input.accountName ?? 'NGUYEN VAN A',
      bankName: input.bankName ?? 'MBBank',
      bankCodeName: input.bankCodeName ?? 'mbbank',
      bin: input.bin ?? 970422,
      openingBalance,
      balance: openingBalance,
      wire: input.wire ?? {},
      transactions: [],
    };
    accounts.set(account.id, account);
    return account;
  }

  function addTransaction(accountId: number, input: FakeCassoTransactionInput): FakeCassoTransaction {
    const account = accountOf(accountId);
    const id = nextTransactionId++;
    account.balance += input.amount;
    const tx: FakeCassoTransaction = {
      id,
      accountId,
      amount: input.amount,
      description: input.description,
      when: input.when ?? now(),
      reference: input.reference ?? `FT${String(id).padStart(14, '0')}`,
      runningBalance: account.balance,
      counterAccountName: input.counterAccountName ?? '',
      counterAccountNumber: input.counterAccountNumber ?? '',
      counterAccountBankId: input.counterAccountBankId ?? '',
      counterAccountBankName: input.counterAccountBankName ?? '',
      virtualAccountNumber: input.virtualAccountNumber ?? '',
      virtualAccountName: input.virtualAccountName ?? '',
      wire: input.wire ?? {},
    };
    insertSorted(account.transactions, tx);
    insertSorted(all, tx);
    return tx;
  }

  function listPage(
    request: FakeRequest,
    source: FakeCassoTransaction[],
    render: (tx: FakeCassoTransaction) => Record<string, unknown>,
  ): FakeReply {
    const today = now();
    const from = dayStart(request.query.get('fromDate') ?? vietnamDate(new Date(today.getTime() - 7 * DAY_MS)));
    const to = dayStart(request.query.get('toDate') ?? vietnamDate(today));
    if (from === null) return failure(400, 'fromDate must be YYYY-MM-DD');
    if (to === null) return failure(400, 'toDate must be YYYY-MM-DD');
    const descending = request.query.get('sort')?.toUpperCase() === 'DESC';
    const page = positiveInt(request.query.get('page')) ?? 1;
    const pageSize = Math.min(positiveInt(request.query.get('pageSize')) ?? 10, maxPageSize);

    const lo = lowerBound(source, from);
    const hi = Math.max(lo, lowerBound(source, to + DAY_MS));
    const totalRecords = hi - lo;
    const totalPages = Math.ceil(totalRecords / pageSize);
    const skip = (page - 1) * pageSize;
    const slice = descending
      ? source.slice(Math.max(lo, hi - skip - pageSize), Math.max(lo, hi - skip)).reverse()
      : source.slice(Math.min(hi, lo + skip), Math.min(hi, lo + skip + pageSize));
    return success('success', {
      page: num(page),
      pageSize: num(pageSize),
      nextPage: page < totalPages ? num(page + 1) : null,
      prevPage: page > 1 ? num(page - 1) : null,
      totalPages: num(totalPages),
      totalRecords: num(totalRecords),
      records: slice.map(render),
    });
  }

  function sync(request: FakeRequest): FakeReply {
    let accountNumber: unknown;
    try {
      accountNumber = (JSON.parse(request.body) as { bank_acc_id?: unknown }).bank_acc_id;
    } catch {
      return failure(400, 'Body must be JSON');
    }
    if (typeof accountNumber !== 'string' || accountNumber === '') return failure(400, 'bank_acc_id is required');
    if (![...accounts.values()].some((a) => a.accountNumber === accountNumber)) {
      return failure(404, 'Bank account not found');
    }
    syncs.push(accountNumber);
    return success('success', null);
  }

  function handle(request: FakeRequest): FakeReply {
    options.onRequest?.(request);
    if (request.headers.authorization !== `Apikey ${apiKey}`) return failure(401, 'Unauthorized Access');
    const path = request.path.replace(/\/+$/, '');
    if (request.method === 'POST' && path === '/v2/sync') return sync(request);
    if (request.method !== 'GET') return failure(404, 'Not found');
    if (path === '/v2/userInfo') {
      return success('success', {
        user: { id: num(1), email: 'owner@example.com' },
        business: { id: num(1), name: 'Cửa hàng Demo' },
        bankAccs: [...accounts.values()].map((a) => ({
          id: num(a.id),
          bank: { bin: num(a.bin), codeName: a.bankCodeName },
          bankAccountName: a.accountName,
          bankSubAccId: a.accountNumber,
          connectStatus: num(1),
          planStatus: num(1),
        })),
      });
    }
    if (path === '/v2/accounts') return success('Successful', [...accounts.values()].map(renderAccount));
    if (path === '/v2/transactions') return listPage(request, all, renderTransaction);
    const match = /^\/v2\/accounts\/([^/]+)(\/transactions)?$/.exec(path);
    if (match?.[1]) {
      const account = accounts.get(Number(match[1]));
      if (!account) return failure(404, 'Account not found');
      return match[2]
        ? listPage(request, account.transactions, renderAccountTransaction)
        : success('Successful', renderAccount(account));
    }
    return failure(404, 'Not found');
  }

  const server = await startFakeServer(handle);
  return {
    ...server,
    apiKey,
    addAccount,
    addTransaction,
    accounts: () => [...accounts.values()],
    transactions: (accountId) => [...(accountId === undefined ? all : accountOf(accountId).transactions)],
    syncs,
  };
}

function success(message: string, data: unknown): FakeReply {
  return { status: 200, body: { error: 0, message, data } };
}

/** Casso's error envelope; the HTTP status and the `error` code agree, as in its docs' 401. */
function failure(status: number, message: string): FakeReply {
  return { status, body: { error: status, message, data: null } };
}

/** The instant a Vietnam calendar day starts, or null if `date` is not `YYYY-MM-DD`. */
function dayStart(date: string): number | null {
  if (!DATE.test(date)) return null;
  const iso = parseVietnamTime(date);
  return iso === null ? null : Date.parse(iso);
}

function positiveInt(raw: string | null): number | null {
  if (raw === null || !/^\d+$/.test(raw.trim())) return null;
  const n = Number(raw);
  return n >= 1 ? n : null;
}

function compare(a: FakeCassoTransaction, b: FakeCassoTransaction): number {
  return a.when.getTime() - b.when.getTime() || a.id - b.id;
}

/** Keeps `list` sorted; appending (the usual case, new transactions are newest) is O(1) plus the search. */
function insertSorted(list: FakeCassoTransaction[], tx: FakeCassoTransaction): void {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const other = list[mid];
    if (other && compare(other, tx) <= 0) lo = mid + 1;
    else hi = mid;
  }
  list.splice(lo, 0, tx);
}

/** Index of the first transaction at or after `instant` (ms). */
function lowerBound(list: FakeCassoTransaction[], instant: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const other = list[mid];
    if (other && other.when.getTime() < instant) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
