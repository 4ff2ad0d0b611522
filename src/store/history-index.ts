import { transactionKey, type Transaction } from '../core/model.js';
import { addDays, vietnamDate } from '../core/zoned-time.js';
import { reportName, type AliasesOf } from '../core/payment-aliases.js';
import { NOTHING_MORE_STORED, type StoredFacts } from './persistence.js';
import type { RequestAnswer } from './state-schema.js';

/** A stored payment as the history holds it: the transaction, and the /qr request it answered. */
export interface HistoryEntry {
  tx: Transaction;
  answered: RequestAnswer | null;
}

/**
 * The reports of one group of commits, counted on top of the stored ones. One transfer may be
 * reported once per numbering (see `PaymentAliases`); a new report is one another numbering
 * already gave when that numbering holds more reports of the same transfer (account,
 * direction, amount, bank reference) than its own does. Counting, not just looking, keeps two
 * different transfers that a bank gave one reference apart: each numbering reports both.
 */
export interface ReportTally {
  add(tx: Transaction): void;
  reportedElsewhere(tx: Transaction): boolean;
}

/**
 * What the store knows of the history in memory: transactions by key, the request each
 * answered, the dedupe maps and per-day counts, each remembering which bucket (day file, day)
 * holds it so that it can be forgotten when that bucket ages out. Changed only once a commit
 * is durable.
 */
export class HistoryIndex {
  /**
   * Provider → provider id → transaction. Keyed by the id string the transaction already
   * holds rather than by `provider:id`, so 100 000 stored cost no second copy of every key.
   */
  private readonly byProvider = new Map<string, Map<string, Transaction>>();
  private total = 0;
  /** Stored transfers by the bank's identity and numbering (see `reportName`) → how many reports. */
  private readonly reports = new Map<string, number>();
  /** Every numbering that reported a transfer with a bank reference. */
  private readonly numberings = new Set<string>();
  /** `provider:account` → Vietnam date → how many stored: lets an idle Casso poll stop at page one. */
  private readonly perDay = new Map<string, Map<string, number>>();
  /** Day file → the transactions stored in it. */
  private readonly txsByFile = new Map<string, Transaction[]>();
  /** Transaction key → the /qr request it answered, for those that answered one. */
  private readonly answers = new Map<string, RequestAnswer>();

  constructor(private readonly aliasesOf: AliasesOf) {}

  get size(): number {
    return this.total;
  }

  has(key: string): boolean {
    return this.get(key) !== undefined;
  }

  get(key: string): Transaction | undefined {
    const colon = key.indexOf(':');
    return colon < 0 ? undefined : this.byProvider.get(key.slice(0, colon))?.get(key.slice(colon + 1));
  }

  /** The /qr request a stored payment answered. */
  answered(key: string): RequestAnswer | undefined {
    return this.answers.get(key);
  }

  /** The buckets holding stored transactions. */
  buckets(): string[] {
    return [...this.txsByFile.keys()];
  }

  /**
   * The transactions made after `since` (epoch ms), from the two newest buckets: a payment made
   * in the last hours was stored today or, just after midnight, yesterday (a bucket is the day a
   * payment was stored, and a clock stepped back keeps writing to the newest).
   */
  recent(since: number): Transaction[] {
    const newest = [...this.txsByFile.keys()].sort().slice(-2);
    return newest.flatMap((file) => (this.txsByFile.get(file) ?? []).filter((tx) => this.stored(tx) === tx && Date.parse(tx.occurredAt) > since));
  }

  *values(): Iterable<Transaction> {
    for (const txs of this.byProvider.values()) yield* txs.values();
  }

  /**
   * Whether this transaction, or the same payment as a twin numbering of its provider listed it,
   * is stored: in memory, or among the `more` stored beyond it.
   */
  knows(tx: Transaction, more: StoredFacts = NOTHING_MORE_STORED): boolean {
    if (this.stored(tx) !== undefined || more.keys.has(transactionKey(tx))) return true;
    return this.aliasesOf(tx).twins.some((n) => {
      const name = reportName(tx, n);
      return name !== null && (this.reports.has(name) || more.names.has(name));
    });
  }

  /**
   * Counts the reports of a group of commits on top of those stored, to tell which new ones
   * are a transfer another provider already reported (see `ReportTally`). A report stored
   * beyond memory (`more`) counts once.
   */
  tally(more: StoredFacts = NOTHING_MORE_STORED): ReportTally {
    const pending = new Map<string, number>();
    const numberings = new Set([...this.numberings, ...more.numberings]);
    const stored = (name: string) => Math.max(this.reports.get(name) ?? 0, more.names.has(name) ? 1 : 0);
    const count = (name: string | null) => (name === null ? 0 : stored(name) + (pending.get(name) ?? 0));
    return {
      add: (tx) => {
        const { numbering } = this.aliasesOf(tx);
        const name = reportName(tx, numbering);
        if (name === null) return;
        pending.set(name, (pending.get(name) ?? 0) + 1);
        numberings.add(numbering);
      },
      reportedElsewhere: (tx) => {
        const { numbering, twins } = this.aliasesOf(tx);
        const own = count(reportName(tx, numbering));
        return [...numberings].some((n) => n !== numbering && !twins.includes(n) && count(reportName(tx, n)) > own);
      },
    };
  }

  countSince(account: string, fromDate: string): number {
    let count = 0;
    for (const [day, n] of this.perDay.get(account) ?? []) if (day >= fromDate) count += n;
    return count;
  }

  add(file: string, entries: readonly HistoryEntry[]): void {
    const inFile = this.txsByFile.get(file) ?? [];
    this.txsByFile.set(file, inFile);
    for (const { tx, answered } of entries) {
      if (answered !== null) this.answers.set(transactionKey(tx), answered);
      const ids = this.byProvider.get(tx.provider) ?? new Map<string, Transaction>();
      this.byProvider.set(tx.provider, ids);
      if (!ids.has(tx.providerId)) this.total++;
      ids.set(tx.providerId, tx);
      inFile.push(tx);
      this.countReport(tx, 1);
      this.count(tx, 1);
    }
  }

  /** Forgets everything stored in these day files; returns how many transactions that was. */
  dropFiles(files: readonly string[]): number {
    return this.drop(files, () => false);
  }

  /**
   * Forgets what is stored before the newest `days` days, but for the transactions `keep`
   * names: memory holds a window of the history the store keeps (see `Persistence.historyWindowDays`).
   */
  keepNewest(days: number, keep: (key: string) => boolean): number {
    const newest = this.buckets().sort().at(-1);
    if (newest === undefined) return 0;
    const from = addDays(newest, 1 - days);
    return this.drop(
      this.buckets().filter((day) => day < from),
      keep,
    );
  }

  private drop(files: readonly string[], keep: (key: string) => boolean): number {
    let dropped = 0;
    for (const file of files) {
      const kept: Transaction[] = [];
      for (const old of this.txsByFile.get(file) ?? []) {
        const tx = this.stored(old);
        if (tx !== old) continue;
        const key = transactionKey(tx);
        if (keep(key)) {
          kept.push(tx);
          continue;
        }
        this.byProvider.get(tx.provider)?.delete(tx.providerId);
        this.answers.delete(key);
        this.total--;
        this.countReport(tx, -1);
        this.count(tx, -1);
        dropped++;
      }
      if (kept.length > 0) this.txsByFile.set(file, kept);
      else this.txsByFile.delete(file);
    }
    return dropped;
  }

  private stored(tx: Transaction): Transaction | undefined {
    return this.byProvider.get(tx.provider)?.get(tx.providerId);
  }

  private countReport(tx: Transaction, delta: number): void {
    const { numbering } = this.aliasesOf(tx);
    const name = reportName(tx, numbering);
    if (name === null) return;
    const n = (this.reports.get(name) ?? 0) + delta;
    if (n > 0) this.reports.set(name, n);
    else this.reports.delete(name);
    this.numberings.add(numbering);
  }

  private count(tx: Transaction, delta: number): void {
    const account = `${tx.provider}:${tx.accountNumber}`;
    const days = this.perDay.get(account) ?? new Map<string, number>();
    const day = vietnamDate(new Date(tx.occurredAt));
    const n = (days.get(day) ?? 0) + delta;
    if (n > 0) days.set(day, n);
    else days.delete(day);
    if (days.size > 0) this.perDay.set(account, days);
    else this.perDay.delete(account);
  }
}
