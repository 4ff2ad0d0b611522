import { err, ok, type Result } from '../http/result.js';
import type { ProviderError } from '../providers/errors.js';
import type { Transaction } from '../providers/model.js';
import type { SepayClient } from '../providers/sepay/client.js';
import type { StateStore } from '../store/state-store.js';
import { accountFilter, alertable, pollFailure, pollSuccess, type PollOutcome, type PollSource } from './poll-source.js';

export const SEPAY_CURSOR = 'sepay:v1';
/** When SePay was last polled successfully, whichever API version: where a v1 → v2 switch resumes. */
export const SEPAY_POLLED_AT = 'sepay:polledAt';

export interface SepaySourceOptions {
  client: Pick<SepayClient, 'listTransactions' | 'transactionsAfter' | 'transactionsBetween'>;
  watch: readonly string[] | null;
  /** Days of existing transactions loaded (without alerts) on first start, for `/find`. */
  historyDays: number;
}

/**
 * SePay numbers every transaction with an increasing id, across all accounts, so one cursor
 * covers them all: each cycle asks once for everything after it (one request when nothing
 * is new), and a transaction the bank reports late still gets a new, larger id.
 */
export function createSepaySource(options: SepaySourceOptions): PollSource {
  const watched = accountFilter(options.watch);
  return {
    provider: 'sepay',
    async poll(store: StateStore, now: Date): Promise<PollOutcome> {
      const cursor = store.cursor(SEPAY_CURSOR);
      const fetched = cursor === undefined ? await baseline(options, now) : await newSince(options, cursor);
      if (!fetched.ok) return pollFailure(fetched.error);
      const { transactions, alert } = fetched.value;
      return pollSuccess(
        transactions.map((tx) => ({ tx, alert: alert && alertable(tx) })),
        { [SEPAY_CURSOR]: maxId(transactions, cursor ?? '0'), [SEPAY_POLLED_AT]: now.toISOString() },
        watched,
      );
    },
  };
}

type Fetched = Result<{ transactions: Transaction[]; alert: boolean }, ProviderError>;

/** First start: what exists is seen, not alerted; the last `historyDays` become searchable. */
async function baseline(options: SepaySourceOptions, now: Date): Promise<Fetched> {
  // The unfiltered list is documented as "the 5000 most recent". Whatever it really keeps,
  // asking for everything after its largest id too finds the true newest id.
  const latest = await options.client.listTransactions();
  if (!latest.ok) return latest;
  const history = await options.client.transactionsBetween(new Date(now.getTime() - options.historyDays * 86_400_000), now);
  if (!history.ok) return history;
  const rest = await options.client.transactionsAfter(maxId([...latest.value, ...history.value], '0'));
  if (!rest.ok) return rest;
  return ok({ transactions: [...history.value, ...latest.value, ...rest.value], alert: false });
}

async function newSince(options: SepaySourceOptions, cursor: string): Promise<Fetched> {
  const after = await options.client.transactionsAfter(cursor);
  return after.ok ? ok({ transactions: after.value, alert: true }) : err(after.error);
}

function maxId(transactions: readonly Transaction[], start: string): string {
  let max = BigInt(start);
  for (const tx of transactions) {
    const id = BigInt(tx.providerId);
    if (id > max) max = id;
  }
  return String(max);
}
