import { transactionKey, type Transaction } from '../core/model.js';
import { vietnamDate } from '../core/vietnam-time.js';
import type { AliasesOf } from '../core/payment-aliases.js';

/**
 * What the store knows of the history in memory: transactions by key, the dedupe maps and
 * per-day counts, each remembering which day file holds it so that it can be forgotten when
 * that file ages out. Changed only once a commit is on disk.
 */
export class HistoryIndex {
  private readonly byKey = new Map<string, Transaction>();
  /** Other names of stored payments (see `PaymentAliases`) → the key they were stored under. */
  private readonly aliases = new Map<string, string>();
  /** `provider:account` → Vietnam date → how many stored: lets an idle Casso poll stop at page one. */
  private readonly perDay = new Map<string, Map<string, number>>();
  /** Day file → keys stored in it. */
  private readonly keysByFile = new Map<string, string[]>();

  constructor(private readonly aliasesOf: AliasesOf) {}

  get size(): number {
    return this.byKey.size;
  }

  has(key: string): boolean {
    return this.byKey.has(key);
  }

  get(key: string): Transaction | undefined {
    return this.byKey.get(key);
  }

  values(): Iterable<Transaction> {
    return this.byKey.values();
  }

  /** Whether this transaction, or the same payment under another of its names, is stored. */
  knows(tx: Transaction): boolean {
    return this.byKey.has(transactionKey(tx)) || this.aliasesOf(tx).sameAs.some((name) => this.aliases.has(name));
  }

  countSince(account: string, fromDate: string): number {
    let count = 0;
    for (const [day, n] of this.perDay.get(account) ?? []) if (day >= fromDate) count += n;
    return count;
  }

  add(file: string, txs: readonly Transaction[]): void {
    const keys = this.keysByFile.get(file) ?? [];
    this.keysByFile.set(file, keys);
    for (const tx of txs) {
      const key = transactionKey(tx);
      this.byKey.set(key, tx);
      keys.push(key);
      for (const name of this.aliasesOf(tx).names) this.aliases.set(name, key);
      this.count(tx, 1);
    }
  }

  /** Forgets everything stored in these day files; returns how many transactions that was. */
  dropFiles(files: readonly string[]): number {
    let dropped = 0;
    for (const file of files) {
      for (const key of this.keysByFile.get(file) ?? []) {
        const tx = this.byKey.get(key);
        if (tx === undefined) continue;
        this.byKey.delete(key);
        for (const name of this.aliasesOf(tx).names) if (this.aliases.get(name) === key) this.aliases.delete(name);
        this.count(tx, -1);
        dropped++;
      }
      this.keysByFile.delete(file);
    }
    return dropped;
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
