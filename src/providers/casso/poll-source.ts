import { ok, type Result } from '../../core/result.js';
import type { ProviderError } from '../../core/provider-errors.js';
import { transactionKey, type Account, type Transaction } from '../../core/model.js';
import type { CassoClient } from './client.js';
import { vietnamDate } from '../../core/zoned-time.js';
import { accountFilter, byTime, type PollBatch, type PollOutcome, type PollSource, type PollState } from '../../core/poll.js';

export interface CassoSourceOptions {
  client: Pick<CassoClient, 'listAccounts' | 'listAccountTransactions'>;
  watch: readonly string[] | null;
  /** Days of existing transactions loaded (without alerts) when an account is first seen. */
  historyDays: number;
  /** Banks report late and back-dated: every poll re-reads at least this many days. */
  lookbackDays?: number;
  /** The account list changes rarely; re-read it this often rather than every cycle. */
  accountsRefreshMs?: number;
}

const DAY = 86_400_000;

/**
 * Casso has no id cursor, and a transaction can show up late with an older date. So each
 * account is re-read over a window (at least `lookbackDays`, more after downtime) and
 * deduplicated by id against the store. The cursor per account is the time of its last
 * complete read: after the bot was down the window reaches back to it.
 */
export function createCassoSource(options: CassoSourceOptions): PollSource {
  const watched = accountFilter(options.watch);
  const lookbackMs = (options.lookbackDays ?? 3) * DAY;
  const refreshMs = options.accountsRefreshMs ?? 10 * 60_000;
  let accounts: { list: Account[]; readAt: number } | undefined;

  return {
    provider: 'casso',
    async poll(store: PollState, now: Date): Promise<PollOutcome> {
      const errors: ProviderError[] = [];
      if (!accounts || now.getTime() - accounts.readAt >= refreshMs) {
        const listed = await options.client.listAccounts();
        if (listed.ok) accounts = { list: listed.value.filter((a) => watched(a.accountNumber)), readAt: now.getTime() };
        else errors.push(listed.error); // keep polling the accounts we already know
      }
      const batch: PollBatch = { transactions: [], cursors: {}, baselined: [] };
      // Accounts fail independently: one account's error does not hold back the others.
      const results = await Promise.all(
        (accounts?.list ?? []).map((account) =>
          pollAccount(options.client, account, store, now, { lookbackMs, historyDays: options.historyDays }),
        ),
      );
      for (const result of results) {
        if (!result.ok) {
          errors.push(result.error);
          continue;
        }
        batch.transactions.push(...result.value.transactions);
        Object.assign(batch.cursors, result.value.cursors);
        batch.baselined.push(...result.value.baselined);
      }
      batch.transactions.sort(byTime);
      return { batch, errors };
    },
  };
}

async function pollAccount(
  client: CassoSourceOptions['client'],
  account: Account,
  store: PollState,
  now: Date,
  window: { lookbackMs: number; historyDays: number },
): Promise<Result<PollBatch, ProviderError>> {
  const key = `casso:${account.providerId}`;
  const known = store.isBaselined(key);
  const lastRead = Date.parse(store.cursor(key) ?? '');
  const from = known
    ? Math.min(now.getTime() - window.lookbackMs, Number.isNaN(lastRead) ? Infinity : lastRead - DAY)
    : now.getTime() - window.historyDays * DAY;
  const fromDate = vietnamDate(new Date(from));
  const listed = await client.listAccountTransactions(
    account,
    // A day ahead: the bank's "today" and ours may straddle midnight.
    { fromDate, toDate: vietnamDate(new Date(now.getTime() + DAY)), sort: 'DESC' },
    {
      // Newest first: if page one holds nothing new and Casso counts exactly what we hold for
      // the window, nothing new hides deeper (a late, back-dated one would raise the count).
      // One request per idle account; any doubt means reading every page.
      enoughAfterFirst: (first) =>
        known &&
        first.totalRecords === store.countSince('casso', account.accountNumber, fromDate) &&
        first.transactions.every((tx) => store.has(transactionKey(tx))),
    },
  );
  if (!listed.ok) return listed;
  return ok({
    // An account seen for the first time (first start, or newly added or watched) is baseline.
    transactions: listed.value.map((tx: Transaction) => ({ tx, news: known })),
    cursors: { [key]: now.toISOString() },
    baselined: known ? [] : [key],
  });
}
