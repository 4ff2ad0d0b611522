import type { Direction, Transaction } from '../core/model.js';
import { endOfDay, startOfDay } from '../core/zoned-time.js';
import type { FindQuery } from './query.js';

/** A /find answer: how many transactions matched, and the newest few of them. */
export interface FindResult {
  /** How many matched; when `more`, a floor: the count stopped there. */
  total: number;
  /**
   * More than `total` matched: the database counts only up to a cap
   * (src/store/postgres/history-queries.ts); the in-memory index always counts them all (false).
   */
  more: boolean;
  /** Newest first by `occurredAt`, equal instants by transaction key. */
  shown: Transaction[];
}

/** Which transactions a query covers, besides the query itself. */
export interface MatchOptions {
  /** TZ_DISPLAY: the zone whose calendar days `day`/`from`/`to` name. */
  timeZone: string;
  /** Only transactions of the accounts this accepts (a chat's `/accounts`); every account when not given. */
  account?: (accountNumber: string) => boolean;
}

export interface FindOptions extends MatchOptions {
  /** How many to show; 10 when not given. */
  limit?: number;
}

export interface TallyOptions extends MatchOptions {
  /** Only transactions made before this instant (epoch ms). */
  before?: number;
}

/** How many transactions one account had in one direction, and their sum (đồng, positive). */
export interface Movement {
  accountNumber: string;
  bank: string;
  direction: Direction;
  count: number;
  total: number;
}

/**
 * Every transaction a query matches, as stored when it was asked (what is stored later is not
 * in it): how many, the oldest and newest, and all of them oldest first (equal instants by key),
 * a page at a time. Each call of `pages` starts over.
 */
export interface Listing {
  total: number;
  oldest: Transaction | null;
  newest: Transaction | null;
  pages(): AsyncIterable<readonly Transaction[]>;
}

/**
 * The stored history as /find, /report, /export and /qr's code search read it. Asynchronous, so
 * that it is answered from memory (DATA_DIR, src/search/search-index.ts) or by the database
 * (src/store/postgres/history-queries.ts) alike; both give the same answers.
 */
export interface TransactionSearch {
  find(query: FindQuery, options: FindOptions): Promise<FindResult>;
  /** What `find` would count, summed per account, bank and direction. */
  tally(query: FindQuery, options: TallyOptions): Promise<Movement[]>;
  list(query: FindQuery, options: MatchOptions): Promise<Listing>;
  /** The stored transactions of these keys (those not stored are left out). */
  stored(keys: readonly string[]): Promise<Transaction[]>;
}

/** Sums transactions per account, bank and direction, as `tally` answers. */
export class MovementTally {
  private readonly movements = new Map<string, Movement>();

  add(tx: Transaction): void {
    const key = `${tx.bank}\n${tx.accountNumber}\n${tx.direction}`;
    let movement = this.movements.get(key);
    if (movement === undefined) {
      movement = { accountNumber: tx.accountNumber, bank: tx.bank, direction: tx.direction, count: 0, total: 0 };
      this.movements.set(key, movement);
    }
    movement.count++;
    movement.total += Math.abs(tx.amount);
  }

  result(): Movement[] {
    return [...this.movements.values()];
  }
}

/** Transactions per page of a listing: a few hundred kB of rows at a time. */
export const LISTING_PAGE = 2000;

/** A listing of transactions already found, in order, oldest first. */
export function listingOf(oldestFirst: readonly Transaction[]): Listing {
  return {
    total: oldestFirst.length,
    oldest: oldestFirst[0] ?? null,
    newest: oldestFirst.at(-1) ?? null,
    async *pages() {
      for (let start = 0; start < oldestFirst.length; start += LISTING_PAGE) yield oldestFirst.slice(start, start + LISTING_PAGE);
    },
  };
}

/** The instants (epoch ms) a query's days cover: from `lower` inclusive to `upper` exclusive; infinite where it names no day. */
export function timeBounds(query: Pick<FindQuery, 'day' | 'from' | 'to'>, timeZone: string): { lower: number; upper: number } {
  const lowers = [query.day, query.from].flatMap((day) => (day ? [startOfDay(day, timeZone)] : []));
  const uppers = [query.day, query.to].flatMap((day) => (day ? [endOfDay(day, timeZone)] : []));
  return { lower: Math.max(-Infinity, ...lowers), upper: Math.min(Infinity, ...uppers) };
}

/** Account numbers are compared on their digits, in case a provider spaces or dashes them. */
export function accountEndsWith(accountNumber: string, suffix: string): boolean {
  if (accountNumber.endsWith(suffix)) return true;
  return /\D/.test(accountNumber) && accountNumber.replace(/\D/g, '').endsWith(suffix);
}
