import { transactionKey, type Transaction } from '../core/model.js';
import { vietnamDate } from '../core/vietnam-time.js';
import type { AliasesOf } from '../core/payment-aliases.js';

/**
 * What the store knows of the history in memory: transactions by key, the dedupe maps and
 * per-day counts, each remembering which day file holds it so that it can be forgotten when
 * that file ages out. Changed only once a commit is on disk.
 */
export class HistoryIndex {
  /**
   * Provider → provider id → transaction. Keyed by the id string the transaction already
   * holds rather than by `provider:id`, so 100 000 stored cost no second copy of every key.
   */
  private readonly byProvider = new Map<string, Map<string, Transaction>>();
  private total = 0;
  /** Other names of stored payments (see `PaymentAliases`) → the key they were stored under. */
  private readonly aliases = new Map<string, string>();
  /** `provider:account` → Vietnam date → how many stored: lets an idle Casso poll stop at page one. */
  private readonly perDay = new Map<string, Map<string, number>>();
  /** Day file → the transactions stored in it. */
  private readonly txsByFile = new Map<string, Transaction[]>();

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

  *values(): Iterable<Transaction> {
    for (const txs of this.byProvider.values()) yield* txs.values();
  }

  /** Whether this transaction, or the same payment under another of its names, is stored. */
  knows(tx: Transaction): boolean {
    return this.stored(tx) !== undefined || this.aliasesOf(tx).sameAs.some((name) => this.aliases.has(name));
  }

  countSince(account: string, fromDate: string): number {
    let count = 0;
    for (const [day, n] of this.perDay.get(account) ?? []) if (day >= fromDate) count += n;
    return count;
  }

  add(file: string, txs: readonly Transaction[]): void {
    const inFile = this.txsByFile.get(file) ?? [];
    this.txsByFile.set(file, inFile);
    for (const tx of txs) {
      const ids = this.byProvider.get(tx.provider) ?? new Map<string, Transaction>();
      this.byProvider.set(tx.provider, ids);
      if (!ids.has(tx.providerId)) this.total++;
      ids.set(tx.providerId, tx);
      inFile.push(tx);
      for (const name of this.aliasesOf(tx).names) this.aliases.set(name, transactionKey(tx));
      this.count(tx, 1);
    }
  }

  /** Forgets everything stored in these day files; returns how many transactions that was. */
  dropFiles(files: readonly string[]): number {
    let dropped = 0;
    for (const file of files) {
      for (const old of this.txsByFile.get(file) ?? []) {
        const tx = this.stored(old);
        if (tx !== old) continue;
        const key = transactionKey(tx);
        this.byProvider.get(tx.provider)?.delete(tx.providerId);
        this.total--;
        for (const name of this.aliasesOf(tx).names) if (this.aliases.get(name) === key) this.aliases.delete(name);
        this.count(tx, -1);
        dropped++;
      }
      this.txsByFile.delete(file);
    }
    return dropped;
  }

  private stored(tx: Transaction): Transaction | undefined {
    return this.byProvider.get(tx.provider)?.get(tx.providerId);
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
