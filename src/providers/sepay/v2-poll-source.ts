import type { SepayV2Client } from './v2-client.js';
import {
  accountFilter,
  pollFailure,
  pollSuccess,
  type AccountFilter,
  type PollBatch,
  type PollOutcome,
  type PollSource,
  type PollState,
} from '../../core/poll.js';
import { SEPAY_CURSOR, SEPAY_POLLED_AT } from './poll-source.js';

export const SEPAY_V2_CURSOR = 'sepay:v2';

const DAY = 86_400_000;

export interface SepayV2SourceOptions {
  client: Pick<SepayV2Client, 'transactionsAfter' | 'transactionsBetween'>;
  watch: readonly string[] | null;
  historyDays: number;
}

/**
 * SePay API v2: a UUID cursor, so each cycle asks once for everything after it.
 *
 * Its first cycle is either a first start (what exists is seen, not alerted) or an operator
 * switching from v1. v1 and v2 number transactions differently, so on a switch the last
 * days are read again and every payment the store does not know under either id (see
 * `sepayPaymentAliases`) that happened since the last v1 poll, less a day for banks that report
 * late, is alerted: no flood, no gap.
 */
export function createSepayV2Source(options: SepayV2SourceOptions): PollSource {
  const watched = accountFilter(options.watch);
  return {
    provider: 'sepay',
    async poll(store: PollState, now: Date): Promise<PollOutcome> {
      const cursor = store.cursor(SEPAY_V2_CURSOR);
      if (cursor !== undefined) {
        const after = await options.client.transactionsAfter(cursor);
        if (!after.ok) return pollFailure(after.error);
        const items = after.value.transactions.map((tx) => ({ tx, news: true }));
        return found(items, after.value.cursor, now, watched);
      }

      const start = await options.client.transactionsAfter(null);
      if (!start.ok) return pollFailure(start.error);
      const history = await options.client.transactionsBetween(new Date(now.getTime() - options.historyDays * DAY), now);
      if (!history.ok) return pollFailure(history.error);
      const switching = store.cursor(SEPAY_CURSOR) !== undefined;
      const v1PolledAt = Date.parse(store.cursor(SEPAY_POLLED_AT) ?? '');
      const alertSince = switching && !Number.isNaN(v1PolledAt) ? v1PolledAt - DAY : Infinity;
      const items = history.value.map((tx) => ({
        tx,
        news: Date.parse(tx.occurredAt) >= alertSince,
      }));
      return found(items, start.value.cursor, now, watched);
    },
  };
}

/** What a cycle found, with the cursor to ask from next time. */
function found(items: PollBatch['transactions'], cursor: string, now: Date, watched: AccountFilter): PollOutcome {
  return pollSuccess(items, { [SEPAY_V2_CURSOR]: cursor, [SEPAY_POLLED_AT]: now.toISOString() }, watched);
}
