import { err, ok, type Result } from '../../core/result.js';
import type { Logger } from '../../log/logger.js';
import { ProviderBadResponseError, type ProviderError } from '../../core/provider-errors.js';
import type { Transaction } from '../../core/model.js';

/*
 * Reading "everything after id X" (and "everything between two times") from SePay v1, whose
 * list endpoint is ambiguous in ways that matter (docs/providers.md, "SePay: the since_id walk"):
 *   - `since_id` is documented as inclusive (>=) but may be exclusive;
 *   - `limit` caps the answer, and when more rows match, the server may keep the newest N
 *     or the oldest N, and send them in any order;
 *   - ids follow insertion, but dates need not follow ids (a bank reports a transfer late,
 *     it gets a new, larger id with an older date).
 *
 * The walk relies on two things only:
 *   (a) an answer with fewer rows than the limit holds every row matching its filters
 *       (since_id, and a date window inclusive at whole seconds);
 *   (b) ids are handed out in insertion order: a row inserted later has a larger id.
 *
 * transactionsAfter(X):
 *   1. Ask `since_id=X`. Fewer rows than the limit: that is everything (one request).
 *   2. Otherwise walk forward with `since_id` = largest id seen while pages stay full and
 *      the largest id moves. If the server keeps the oldest N this alone reads everything;
 *      if it keeps the newest N it costs one request. Either way it ends with B, the
 *      largest id seen so far.
 *   3. Bisect the date axis with `since_id=X` fixed: a full answer for a window is split at
 *      the median second of the rows it returned (so both halves exclude a row we know is
 *      in the window, and the splitting ends); an answer that is not full is complete for
 *      its window. Every window is asked after B was seen, so by (b) every row with
 *      X < id <= B already existed then, and is in the answer for the window of its date.
 *   4. Return the rows with X < id <= B, each once, ascending by id. Rows above B may have
 *      been inserted mid-walk into a window already done; dropping them keeps the answer
 *      gap-free, so a caller that moves its cursor to the largest id returned misses
 *      nothing: they come with the next call.
 * None of this depends on the order, on which N rows are kept, on inclusive vs exclusive
 * `since_id`, or on dates following ids. Cost: about 4·n/limit requests for n new rows,
 * only when more than a page is new. The one case it cannot resolve is a full page within
 * a single second (more than `limit`, 5000 by default, rows with the same time): that is
 * an error, never a silent gap.
 *
 * transactionsBetween(from, to) is step 3 on the window [from, to] without since_id.
 */

/** One list request, as the walk varies it. */
export interface SliceQuery {
  /** `since_id` to send; absent for a plain date window. */
  sinceId?: string;
  /** Inclusive bounds, in whole seconds since the epoch; null is unbounded. */
  fromSec: number | null;
  toSec: number | null;
}

export interface Slice {
  rows: Transaction[];
  /** The server sent as many rows as the limit allows: more may match. */
  full: boolean;
}

export interface WalkOptions {
  fetchSlice: (query: SliceQuery) => Promise<Result<Slice, ProviderError>>;
  /** Route label for errors and logs. */
  endpoint: string;
  /** Safety cap against a server that ignores its filters. */
  maxRequests: number;
  logger: Logger;
}

interface Window {
  fromSec: number | null;
  toSec: number | null;
}

/** A window whose answer was full, with the rows that answer held. */
interface FullWindow extends Window {
  rows: Transaction[];
}

/** Every transaction with id > `sinceId`, each once, ascending by id; see the comment above. */
export async function walkTransactionsAfter(
  sinceId: string,
  options: WalkOptions,
): Promise<Result<Transaction[], ProviderError>> {
  const after = BigInt(sinceId);
  const walk = new Walk(options);
  const unbounded: Window = { fromSec: null, toSec: null };

  const first = await walk.fetch({ sinceId, ...unbounded });
  if (!first.ok) return first;
  if (!first.value.full) return ok(walk.result((id) => id > after));

  let cursor = walk.maxId() ?? after;
  for (;;) {
    const page = await walk.fetch({ sinceId: cursor.toString(), ...unbounded });
    if (!page.ok) return page;
    const next = walk.maxId() ?? after;
    if (!page.value.full || next === cursor) break;
    cursor = next;
  }
  const bound = walk.maxId() ?? after;

  const bisected = await walk.bisect(sinceId, { ...unbounded, rows: first.value.rows });
  if (!bisected.ok) return bisected;
  options.logger.info('sepay.walk.truncated', { since_id: sinceId, requests: walk.requests, bound: bound.toString() });
  return ok(walk.result((id) => id > after && id <= bound));
}

/** Every transaction dated within [fromSec, toSec] (whole seconds, inclusive), each once, ascending by id. */
export async function walkTransactionsBetween(
  fromSec: number,
  toSec: number,
  options: WalkOptions,
): Promise<Result<Transaction[], ProviderError>> {
  if (toSec < fromSec) return ok([]);
  const walk = new Walk(options);
  const window: Window = { fromSec, toSec };
  const first = await walk.fetch(window);
  if (!first.ok) return first;
  if (first.value.full) {
    const bisected = await walk.bisect(undefined, { ...window, rows: first.value.rows });
    if (!bisected.ok) return bisected;
    options.logger.info('sepay.walk.truncated', { from: fromSec, to: toSec, requests: walk.requests });
  }
  // A server that ignored the window must not leak rows from outside it.
  return ok(walk.result((_id, tx) => inWindow(secondOf(tx), window)));
}

/** The rows found so far, deduplicated by id, and the requests spent finding them. */
class Walk {
  readonly found = new Map<string, Transaction>();
  requests = 0;

  constructor(private readonly options: WalkOptions) {}

  async fetch(query: SliceQuery): Promise<Result<Slice, ProviderError>> {
    if (this.requests >= this.options.maxRequests) {
      return err(this.fail(`still incomplete after ${this.requests} requests; stopped in case the server ignores filters`));
    }
    this.requests++;
    const slice = await this.options.fetchSlice(query);
    if (!slice.ok) return slice;
    for (const tx of slice.value.rows) {
      if (!this.found.has(tx.providerId)) this.found.set(tx.providerId, tx);
    }
    this.options.logger.debug('sepay.walk.slice', {
      since_id: query.sinceId,
      from: query.fromSec,
      to: query.toSec,
      rows: slice.value.rows.length,
      full: slice.value.full,
    });
    return slice;
  }

  /** Splits full windows until every piece came back complete (step 3). */
  async bisect(sinceId: string | undefined, root: FullWindow): Promise<Result<void, ProviderError>> {
    const pending: FullWindow[] = [root];
    for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
      const halves = split(node);
      if (typeof halves === 'string') return err(this.fail(halves));
      for (const half of halves) {
        const slice = await this.fetch({ sinceId, ...half });
        if (!slice.ok) return slice;
        if (slice.value.full) pending.push({ ...half, rows: slice.value.rows });
      }
    }
    return ok(undefined);
  }

  maxId(): bigint | null {
    let max: bigint | null = null;
    for (const id of this.found.keys()) {
      const n = BigInt(id);
      if (max === null || n > max) max = n;
    }
    return max;
  }

  result(keep: (id: bigint, tx: Transaction) => boolean): Transaction[] {
    return [...this.found.values()]
      .map((tx) => ({ tx, id: BigInt(tx.providerId) }))
      .filter(({ id, tx }) => keep(id, tx))
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
      .map(({ tx }) => tx);
  }

  private fail(detail: string): ProviderError {
    return new ProviderBadResponseError('sepay', this.options.endpoint, 200, `paging: ${detail}`);
  }
}

/**
 * Halves of a window whose answer was full, each excluding at least one row that answer
 * held (so the recursion ends), or why it cannot be split.
 */
function split(node: FullWindow): Window[] | string {
  const seconds = [...new Set(node.rows.map(secondOf).filter((s) => inWindow(s, node)))].sort((a, b) => a - b);
  const low = seconds[0];
  if (low === undefined) return 'the server answered a date window with rows from outside it';
  if (seconds.length >= 2) {
    const pivot = seconds[Math.floor((seconds.length - 1) / 2)] ?? low;
    return [
      { fromSec: node.fromSec, toSec: pivot },
      { fromSec: pivot + 1, toSec: node.toSec },
    ];
  }
  // Every row shares one second: ask around it, and that second alone.
  const halves: Window[] = [];
  if (node.fromSec === null || node.fromSec < low) halves.push({ fromSec: node.fromSec, toSec: low - 1 });
  if (node.toSec === null || node.toSec > low) halves.push({ fromSec: low + 1, toSec: node.toSec });
  if (halves.length === 0) {
    return `a full page of ${node.rows.length} rows all dated ${node.rows[0]?.occurredAt ?? low}: cannot page within one second`;
  }
  halves.push({ fromSec: low, toSec: low });
  return halves;
}

function secondOf(tx: Transaction): number {
  return Math.floor(Date.parse(tx.occurredAt) / 1000);
}

function inWindow(second: number, window: Window): boolean {
  return (window.fromSec === null || second >= window.fromSec) && (window.toSec === null || second <= window.toSec);
}
