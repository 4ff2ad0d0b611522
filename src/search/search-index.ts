import { transactionKey, type Transaction } from '../core/model.js';
import { foldVietnamese } from './fold.js';
import { accountEndsWith, listingOf, MovementTally, timeBounds, type FindOptions, type FindResult, type MatchOptions, type TransactionSearch } from './history-search.js';
import type { FindQuery } from './query.js';

/** The part of the Store the index follows. */
export interface StoredHistory {
  transactions(): Iterable<Transaction>;
  get(key: string): Transaction | undefined;
  /** Called with what each change stores. */
  onStored(listener: (stored: readonly { tx: Transaction }[]) => void): () => void;
  /** Transactions aged out of the history. */
  onForgotten(listener: () => void): () => void;
}

/** Folded contents never hold a newline (whitespace folds to a space), so it can end each one. */
const SEPARATOR = '\n';

/** Transactions folded between two joins while the index is built. */
const FOLD_CHUNK = 1000;

/**
 * Every transaction /find can show, laid out for scanning: times and amounts in typed arrays,
 * accounts as numbers into a short list, and all contents folded once into one string (each
 * followed by a newline) searched with `indexOf`. 100 000 transactions add about 6 MB beyond
 * the transactions themselves. Append-only, as the store is.
 */
export class SearchIndex {
  private count = 0;
  private txs: Transaction[] = [];
  /** `occurredAt` as epoch ms; -Infinity when unreadable (oldest, outside every date bound). */
  private epochs = new Float64Array(1024);
  private amounts = new Float64Array(1024);
  private accountIds = new Int32Array(1024);
  private readonly accounts: string[] = [];
  private readonly accountIdOf = new Map<string, number>();
  /** Where each folded content starts in `text`. */
  private starts = new Int32Array(1024);
  private text = '';

  constructor(txs: Iterable<Transaction> = []) {
    this.add(txs);
  }

  get size(): number {
    return this.count;
  }

  add(txs: Iterable<Transaction>): void {
    // Folded contents are joined into flat text every FOLD_CHUNK transactions: held all at once
    // until the end, 100 000 of them (ropes of slices) outlive the young generation and leave
    // the old one ~30 MB larger for good.
    const chunks: string[] = [];
    let folded: string[] = [];
    let offset = this.text.length;
    for (const tx of txs) {
      const i = this.count++;
      if (i === this.epochs.length) this.grow();
      const content = foldVietnamese(tx.content);
      this.txs.push(tx);
      this.epochs[i] = epochOf(tx.occurredAt);
      this.amounts[i] = Math.abs(tx.amount);
      this.accountIds[i] = this.accountId(tx.accountNumber);
      this.starts[i] = offset;
      offset += content.length + 1;
      folded.push(content);
      if (folded.length === FOLD_CHUNK) {
        chunks.push(folded.join(SEPARATOR) + SEPARATOR);
        folded = [];
      }
    }
    if (folded.length > 0) chunks.push(folded.join(SEPARATOR) + SEPARATOR);
    if (chunks.length > 0) this.text += chunks.join('');
  }

  find(query: FindQuery, options: FindOptions): FindResult {
    const requested = options.limit ?? 10;
    const limit = Number.isNaN(requested) ? 10 : Math.max(0, Math.floor(requested));
    const top = new TopNewest(limit, this.epochs, this.txs);
    let total = 0;
    this.scan(query, options, (i) => {
      total++;
      top.offer(i);
    });
    return { total, more: false, shown: top.newestFirst() };
  }

  /** Hands every transaction `find` would count to `visit`, so a tally agrees with /find's total. */
  each(query: FindQuery, options: MatchOptions, visit: (tx: Transaction) => void): void {
    this.scan(query, options, (i) => {
      const tx = this.txs[i];
      if (tx) visit(tx);
    });
  }

  /**
   * Every transaction `find` would count, oldest first (equal instants by their key, so the
   * order does not depend on the store's). Only references to the stored transactions are kept.
   */
  oldestFirst(query: FindQuery, options: MatchOptions): Transaction[] {
    const found: number[] = [];
    this.scan(query, options, (i) => found.push(i));
    const { epochs, txs } = this;
    const key = (i: number) => {
      const tx = txs[i];
      return tx ? transactionKey(tx) : '';
    };
    const order = Int32Array.from(found).sort((a, b) => {
      const byTime = (epochs[a] ?? 0) - (epochs[b] ?? 0);
      if (byTime) return byTime;
      return key(a) < key(b) ? -1 : 1;
    });
    return Array.from(order, (i) => txs[i]).filter((tx) => tx !== undefined);
  }

  /** Every index matching the query, in store order. */
  private scan(query: FindQuery, options: MatchOptions, visit: (i: number) => void): void {
    const matches = this.compile(query, options.timeZone, options.account);
    if (query.text.length === 0) {
      for (let i = 0; i < this.count; i++) if (matches(i)) visit(i);
      return;
    }
    // Leapfrog: each term jumps the candidate to the next content holding it, until all hold in
    // one. A term that jumped moves to the front, so the rarest soon leads and few calls are made.
    const terms = [...query.text];
    const { text, starts, count } = this;
    let i = 0;
    candidates: while (i < count) {
      const start = starts[i] ?? 0;
      for (let t = 0; t < terms.length; t++) {
        const term = terms[t] ?? '';
        const at = text.indexOf(term, start);
        if (at === -1) break candidates;
        const holder = this.owner(at, i);
        if (holder !== i) {
          i = holder;
          if (t > 0) terms.splice(0, 0, ...terms.splice(t, 1));
          continue candidates;
        }
      }
      if (matches(i)) visit(i);
      i++;
    }
  }

  /** The numeric filters of a query as a test of one index; text is searched separately. */
  private compile(query: FindQuery, timeZone: string, followed?: (accountNumber: string) => boolean): (i: number) => boolean {
    const { lower, upper } = timeBounds(query, timeZone);
    const wanted = query.amounts;
    const suffix = query.accountSuffix;
    const accountOk =
      suffix === null && followed === undefined
        ? null
        : this.accounts.map((account) => (suffix === null || accountEndsWith(account, suffix)) && (followed?.(account) ?? true));
    const { epochs, amounts, accountIds } = this;
    const dated = lower !== -Infinity || upper !== Infinity;
    return (i) => {
      if (wanted.length > 0 && !wanted.includes(amounts[i] ?? NaN)) return false;
      if (accountOk !== null && accountOk[accountIds[i] ?? -1] !== true) return false;
      if (dated) {
        const at = epochs[i] ?? -Infinity;
        if (at < lower || at >= upper) return false;
      }
      return true;
    };
  }

  /** The transaction whose content holds text offset `at`, searching forward from `from`. */
  private owner(at: number, from: number): number {
    const { starts, count } = this;
    // Gallop: hits are usually in the next few contents, sometimes far ahead.
    let lo = from;
    let hi = from + 1;
    for (let step = 1; hi < count && (starts[hi] ?? 0) <= at; step *= 2) {
      lo = hi;
      hi += step;
    }
    hi = Math.min(hi, count);
    while (hi - lo > 1) {
      const mid = (lo + hi) >>> 1;
      if ((starts[mid] ?? 0) <= at) lo = mid;
      else hi = mid;
    }
    return lo;
  }

  private accountId(accountNumber: string): number {
    let id = this.accountIdOf.get(accountNumber);
    if (id === undefined) {
      id = this.accounts.push(accountNumber) - 1;
      this.accountIdOf.set(accountNumber, id);
    }
    return id;
  }

  private grow(): void {
    const size = this.epochs.length * 2;
    this.epochs = grown(this.epochs, new Float64Array(size));
    this.amounts = grown(this.amounts, new Float64Array(size));
    this.accountIds = grown(this.accountIds, new Int32Array(size));
    this.starts = grown(this.starts, new Int32Array(size));
  }
}

/** Epoch ms of an ISO instant; -Infinity when unreadable (oldest, outside every date bound). */
function epochOf(iso: string): number {
  const epoch = Date.parse(iso);
  return Number.isNaN(epoch) ? -Infinity : epoch;
}

function grown<T extends Float64Array | Int32Array>(old: T, bigger: T): T {
  bigger.set(old);
  return bigger;
}

/** The newest `limit` indexes offered, kept sorted newest first in a fixed array. */
class TopNewest {
  private readonly kept: Int32Array;
  private length = 0;

  constructor(
    private readonly limit: number,
    private readonly epochs: Float64Array,
    private readonly txs: readonly Transaction[],
  ) {
    this.kept = new Int32Array(limit);
  }

  offer(i: number): void {
    const { kept, limit, length } = this;
    if (limit === 0) return;
    if (length === limit && !this.newer(i, kept[limit - 1] ?? 0)) return;
    let at = Math.min(length, limit - 1);
    if (length === 0 || this.newer(i, kept[0] ?? 0)) {
      // Stores mostly hold transactions in time order: a new newest is the common case.
      kept.copyWithin(1, 0, at);
      at = 0;
    } else {
      for (; at > 0 && this.newer(i, kept[at - 1] ?? 0); at--) kept[at] = kept[at - 1] ?? 0;
    }
    kept[at] = i;
    this.length = Math.min(length + 1, limit);
  }

  newestFirst(): Transaction[] {
    return Array.from(this.kept.subarray(0, this.length), (i) => this.txs[i]).filter((tx) => tx !== undefined);
  }

  /** Later instant first; equal instants by transaction key, so the answer does not depend on order. */
  private newer(a: number, b: number): boolean {
    const ta = this.epochs[a] ?? -Infinity;
    const tb = this.epochs[b] ?? -Infinity;
    if (ta !== tb) return ta > tb;
    const [ka, kb] = [this.txs[a], this.txs[b]].map((tx) => (tx ? transactionKey(tx) : ''));
    return (ka ?? '') > (kb ?? '');
  }
}

/**
 * /find over the store's history, built on the first search (start-up stays cheap and small)
 * and kept current from then on by every commit and every day's retention.
 */
export function searchStoredHistory(history: StoredHistory): TransactionSearch {
  let built: SearchIndex | null = null;
  history.onStored((stored) => built?.add(stored.map(({ tx }) => tx)));
  // Ageing out happens once a day: the index is rebuilt from the history at the next search.
  history.onForgotten(() => (built = null));
  const index = () => (built ??= new SearchIndex(history.transactions()));
  return {
    find: async (query, options) => index().find(query, options),
    async tally(query, options) {
      const tally = new MovementTally();
      const before = options.before ?? Infinity;
      index().each(query, options, (tx) => {
        if (!(Date.parse(tx.occurredAt) >= before)) tally.add(tx);
      });
      return tally.result();
    },
    list: async (query, options) => listingOf(index().oldestFirst(query, options)),
    stored: async (keys) => keys.flatMap((key) => history.get(key) ?? []),
  };
}
