import { err, ok, type Result } from '../../core/result.js';
import { addDays, endOfDay, startOfDay } from '../../core/zoned-time.js';
import { parseFindQuery, type FindQuery, type FindQueryError } from '../../search/query.js';
import type { Movement, TransactionSearch } from '../../search/history-search.js';

/** The days a /report covers, inclusive, as `YYYY-MM-DD` in TZ_DISPLAY. */
export interface ReportPeriod {
  from: string;
  to: string;
}

/** Why /report's words were refused: a date error as /find gives it, or words that are no date. */
export type ReportArgsError = FindQueryError | { kind: 'not-a-date' };

/** One account's movements over the period. */
export interface AccountTally {
  accountNumber: string;
  bank: string;
  inCount: number;
  /** đồng, positive. */
  inTotal: number;
  outCount: number;
  /** đồng, positive: how much left the account. */
  outTotal: number;
}

export interface Report {
  period: ReportPeriod;
  /** Set while the period is still running: the figures are up to this instant (ISO). */
  until: string | null;
  /** Accounts with any movement, by account number. */
  accounts: AccountTally[];
  incoming: { count: number; total: number };
  /** The same number of days just before, up to the same time of day. */
  previous: { period: ReportPeriod; incoming: { count: number; total: number } };
}

/**
 * Reads the words after `/report`: nothing (today), one date, or `from:`/`to:` written as for
 * /find. `from:` alone runs to `today`, `to:` alone is that one day. Anything else is refused,
 * so a report never silently counts less than was asked.
 */
export function parseReportArgs(args: string, today: string): Result<ReportPeriod, ReportArgsError> {
  if (args.trim() === '') return ok({ from: today, to: today });
  const query = parseFindQuery(args);
  if (!query.ok) return query;
  const { day, from, to, text, amounts, accountSuffix } = query.value;
  if (text.length > 0 || amounts.length > 0 || accountSuffix !== null) return err({ kind: 'not-a-date' });
  if (day !== null && (from !== null || to !== null)) return err({ kind: 'not-a-date' });
  if (day !== null) return ok({ from: day, to: day });
  const start = from ?? to ?? today;
  const end = to ?? (start > today ? start : today);
  return ok({ from: start, to: end });
}

/** A /find query over whole days, so the tally counts exactly what `/find <date>` counts. */
function daysQuery(period: ReportPeriod): FindQuery {
  const single = period.from === period.to;
  return {
    text: [],
    amounts: [],
    day: single ? period.from : null,
    from: single ? null : period.from,
    to: single ? null : period.to,
    accountSuffix: null,
  };
}

/**
 * Counts a period from the stored history through the same search /find uses: money in and out
 * per account, the incoming total, and the incoming total of the days just before up to the
 * same time of day (all of them when the period is over).
 */
export async function buildReport(
  search: TransactionSearch,
  period: ReportPeriod,
  options: { timeZone: string; now: number; account?: (accountNumber: string) => boolean },
): Promise<Report> {
  const { timeZone, now, account } = options;
  const start = startOfDay(period.from, timeZone);
  const running = now >= start && now < endOfDay(period.to, timeZone);

  const tallies = new Map<string, AccountTally>();
  const movements = await search.tally(daysQuery(period), { timeZone, account });
  for (const movement of movements) {
    const tally = tallyOf(tallies, movement);
    if (movement.direction === 'in') {
      tally.inCount += movement.count;
      tally.inTotal += movement.total;
    } else {
      tally.outCount += movement.count;
      tally.outTotal += movement.total;
    }
  }

  const days = Math.round((endOfDay(period.to, timeZone) - start) / 86_400_000);
  const before: ReportPeriod = { from: addDays(period.from, -days), to: addDays(period.to, -days) };
  // Up to the same time of day: as far into the earlier days as now is into these.
  const cutoff = running ? startOfDay(before.from, timeZone) + (now - start) : undefined;
  const earlier = incomingOf(await search.tally(daysQuery(before), { timeZone, account, before: cutoff }));

  return {
    period,
    until: running ? new Date(now).toISOString() : null,
    accounts: [...tallies.values()].sort((a, b) => a.accountNumber.localeCompare(b.accountNumber) || a.bank.localeCompare(b.bank)),
    incoming: incomingOf(movements),
    previous: { period: before, incoming: earlier },
  };
}

function incomingOf(movements: readonly Movement[]): { count: number; total: number } {
  const incoming = { count: 0, total: 0 };
  for (const m of movements) {
    if (m.direction !== 'in') continue;
    incoming.count += m.count;
    incoming.total += m.total;
  }
  return incoming;
}

function tallyOf(tallies: Map<string, AccountTally>, movement: Pick<Movement, 'accountNumber' | 'bank'>): AccountTally {
  const key = `${movement.bank}\n${movement.accountNumber}`;
  let tally = tallies.get(key);
  if (!tally) {
    tally = { accountNumber: movement.accountNumber, bank: movement.bank, inCount: 0, inTotal: 0, outCount: 0, outTotal: 0 };
    tallies.set(key, tally);
  }
  return tally;
}
