import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Low } from 'lowdb';
import { DEFAULT_RULES, type ChatRules } from '../core/chat-rules.js';
import { transactionKey, type Transaction } from '../core/model.js';
import { vietnamDate } from '../core/vietnam-time.js';
import { HistoryJournal, type HistoryRecord } from './history-journal.js';
import { lockDataDir, type DataDirLock } from './lock.js';
import { openStateFile } from './state-file.js';
import type { OutboxRow, State } from './state-schema.js';

/**
 * The same payment can reach us under two ids of one provider: SePay's webhook and API v1
 * use numeric ids, API v2 uses UUIDs. What the bank says about it (account, direction,
 * amount, bank reference) identifies it across both. Without a reference there is no safe
 * second key, and the provider id alone decides.
 */
export function paymentKey(tx: Transaction): string | null {
  if (tx.reference === null || tx.reference.trim() === '') return null;
  return [tx.provider, tx.accountNumber, tx.direction, Math.abs(tx.amount), tx.reference.trim()].join('|');
}

function idSpace(key: string): 'numeric' | 'other' {
  return /:\d+$/.test(key) ? 'numeric' : 'other';
}

/** How long stored transactions stay searchable and count as seen. `/find` promises 30 days. */
export const DEFAULT_RETENTION_DAYS = 45;

/** What one poll (or webhook delivery) hands to the store in a single commit. */
export interface Commit {
  transactions: readonly { tx: Transaction; alert: boolean }[];
  /** Cursor values that become true once these transactions are stored. */
  cursors?: Readonly<Record<string, string>>;
  /** Accounts whose existing transactions are now recorded as seen. */
  baselined?: readonly string[];
  /** Where alerts go; one outbox row per alerted transaction and destination. */
  destinations: readonly string[];
}

export interface StoreOptions {
  dataDir: string;
  retentionDays?: number;
  now?: () => Date;
}

/**
 * Everything bankbell remembers: which transactions it has seen (the searchable history),
 * the polling cursors, and the outbox of alerts still owed to each chat. One writer per
 * data directory (a lock file). A commit stores new transactions, their outbox rows and the
 * cursors that follow from them all at once, so a crash at any moment loses nothing and
 * repeats nothing but an alert that was being sent.
 */
export class Store {
  private readonly byKey = new Map<string, Transaction>();
  /** Payments by what the bank says about them (see `paymentKey`) → the key they were stored under. */
  private readonly byPayment = new Map<string, string>();
  /** `provider:account` → Vietnam date → how many stored: lets an idle Casso poll stop at page one. */
  private readonly perDay = new Map<string, Map<string, number>>();
  private queue: Promise<unknown> = Promise.resolve();
  private readonly waitingCommits: {
    change: Commit;
    resolve: (fresh: Transaction[]) => void;
    reject: (error: unknown) => void;
  }[] = [];
  private readonly listeners = new Set<() => void>();
  private readonly storedListeners = new Set<(txs: readonly Transaction[]) => void>();

  private constructor(
    private readonly db: Low<State>,
    private readonly journal: HistoryJournal,
    private readonly lock: DataDirLock,
    private readonly now: () => Date,
    /** True when no state existed: nothing has been baselined yet. */
    readonly firstStart: boolean,
  ) {}

  static async open(options: StoreOptions): Promise<Store> {
    const now = options.now ?? (() => new Date());
    await mkdir(options.dataDir, { recursive: true });
    const lock = await lockDataDir(path.join(options.dataDir, 'bankbell.lock'));
    try {
      const { db, created } = await openStateFile(path.join(options.dataDir, 'state.json'), now());
      const { journal, records } = await HistoryJournal.open(path.join(options.dataDir, 'history'), db.data.history, {
        retentionDays: options.retentionDays ?? DEFAULT_RETENTION_DAYS,
        now: now(),
      });
      const store = new Store(db, journal, lock, now, created);
      for (const record of records) store.remember(record.tx);
      if (created) await db.write();
      return store;
    } catch (error) {
      await lock.release();
      throw error;
    }
  }

  has(key: string): boolean {
    return this.byKey.has(key);
  }

  /** Whether this transaction, or the same payment under an id of the provider's other id space, is stored. */
  knows(tx: Transaction): boolean {
    if (this.byKey.has(transactionKey(tx))) return true;
    const payment = paymentKey(tx);
    const stored = payment === null ? undefined : this.byPayment.get(payment);
    // Two ids of one space are two payments, however alike: only a numeric id and a UUID can be one.
    return stored !== undefined && idSpace(stored) !== idSpace(transactionKey(tx));
  }

  get(key: string): Transaction | undefined {
    return this.byKey.get(key);
  }

  /** Every stored transaction, for `/find`. */
  transactions(): Iterable<Transaction> {
    return this.byKey.values();
  }

  get size(): number {
    return this.byKey.size;
  }

  /** How many transactions of this account are stored with a Vietnam date on or after `fromDate`. */
  countSince(provider: Transaction['provider'], accountNumber: string, fromDate: string): number {
    let count = 0;
    for (const [day, n] of this.perDay.get(`${provider}:${accountNumber}`) ?? []) if (day >= fromDate) count += n;
    return count;
  }

  cursor(name: string): string | undefined {
    return this.db.data.cursors[name];
  }

  isBaselined(accountKey: string): boolean {
    return accountKey in this.db.data.baselined;
  }

  /**
   * Stores the transactions not seen before, with their outbox rows and the cursors, as one
   * durable step: history appended and synced first, then the state file (the commit point)
   * replaced atomically. Returns the transactions that were new. Commits that arrive while
   * one is being written are written together next (group commit): a burst of webhook
   * deliveries costs one sync and one state write, not one each.
   */
  commit(change: Commit): Promise<Transaction[]> {
    return new Promise((resolve, reject) => {
      this.waitingCommits.push({ change, resolve, reject });
      if (this.waitingCommits.length === 1) void this.serial(() => this.writeWaitingCommits());
    });
  }

  private async writeWaitingCommits(): Promise<void> {
    const group = this.waitingCommits.splice(0);
    try {
      const now = this.now();
      const fresh = new Map<string, { tx: Transaction; alert: boolean; destinations: readonly string[] }>();
      const newPerCommit = group.map(({ change }) => {
        const added: Transaction[] = [];
        for (const item of change.transactions) {
          const key = transactionKey(item.tx);
          if (fresh.has(key) || this.knows(item.tx)) continue;
          fresh.set(key, { ...item, destinations: change.destinations });
          added.push(item.tx);
        }
        return added;
      });
      const records: HistoryRecord[] = [...fresh.values()].map(({ tx, alert }) => ({ tx, alert, storedAt: now.getTime() }));
      const mark = records.length > 0 ? await this.journal.append(records, now) : this.db.data.history;

      // From here to the write, no await: a concurrent write must never see half a commit.
      const data = this.db.data;
      for (const [key, { tx, alert, destinations }] of fresh) {
        this.remember(tx);
        if (!alert) continue;
        for (const dest of destinations) {
          data.outbox.push({ key, dest, attempts: 0, nextAt: 0, lastError: null, createdAt: now.getTime() });
        }
      }
      if (fresh.size > 0) this.notifyStored([...fresh.values()].map(({ tx }) => tx));
      for (const { change } of group) {
        Object.assign(data.cursors, change.cursors);
        for (const account of change.baselined ?? []) data.baselined[account] ??= now.toISOString();
      }
      data.history = mark;
      await this.db.write();
      if (records.some((r) => r.alert)) this.notify();
      group.forEach(({ resolve }, i) => resolve(newPerCommit[i] ?? []));
    } catch (error) {
      for (const { reject } of group) reject(error);
    }
  }

  /** Outbox rows for `dest`, oldest transaction first. */
  pending(dest: string): OutboxRow[] {
    return this.db.data.outbox.filter((row) => row.dest === dest);
  }

  get outboxSize(): number {
    return this.db.data.outbox.length;
  }

  /** When the oldest alert still waiting was stored (epoch ms), or null when none waits. */
  oldestWaitingSince(): number | null {
    let oldest: number | null = null;
    for (const row of this.db.data.outbox) if (oldest === null || row.createdAt < oldest) oldest = row.createdAt;
    return oldest;
  }

  /** The chat accepted these: forget them, durably, before anything else is sent. */
  delivered(rows: readonly OutboxRow[]): Promise<void> {
    const done = new Set(rows);
    return this.serial(async () => {
      this.db.data.outbox = this.db.data.outbox.filter((row) => !done.has(row));
      await this.db.write();
    });
  }

  /** Sending failed: try again not before `nextAt`, remembering why. */
  reschedule(rows: readonly OutboxRow[], nextAt: number, error: string): Promise<void> {
    return this.serial(async () => {
      for (const row of rows) {
        row.attempts += 1;
        row.nextAt = nextAt;
        row.lastError = error;
      }
      await this.db.write();
    });
  }

  /** Drops rows owed to destinations that are no longer configured; returns how many. */
  dropDestinationsExcept(destinations: readonly string[]): Promise<number> {
    const keep = new Set(destinations);
    return this.serial(async () => {
      const before = this.db.data.outbox.length;
      this.db.data.outbox = this.db.data.outbox.filter((row) => keep.has(row.dest));
      const dropped = before - this.db.data.outbox.length;
      if (dropped > 0) await this.db.write();
      return dropped;
    });
  }

  chatMigration(chatId: string): string | undefined {
    return this.db.data.chatMigrations[chatId];
  }

  recordChatMigration(from: string, to: string): Promise<void> {
    return this.serial(async () => {
      this.db.data.chatMigrations[from] = to;
      await this.db.write();
    });
  }

  /** The rules a destination set for itself, or the defaults. */
  chatRules(dest: string): ChatRules {
    return this.db.data.chatRules[dest] ?? DEFAULT_RULES;
  }

  /** Replaces a destination's rules, durably; waiting alerts are then looked at again under them. */
  setChatRules(dest: string, rules: ChatRules): Promise<void> {
    return this.serial(async () => {
      const before = this.db.data.chatRules[dest];
      this.db.data.chatRules[dest] = rules;
      try {
        await this.db.write();
      } catch (error) {
        // Not on disk, so not in force: the chat is told the change failed and nothing changed.
        if (before === undefined) delete this.db.data.chatRules[dest];
        else this.db.data.chatRules[dest] = before;
        throw error;
      }
      this.notify();
    });
  }

  /** Called after a commit adds outbox rows or a chat's rules change (the dispatcher wakes up and looks again). */
  onOutboxAdded(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Called with the transactions a commit adds, as they join `transactions()` (before the state
   * write, as `transactions()` does), so a follower such as the /find index always agrees with it.
   */
  onStored(listener: (txs: readonly Transaction[]) => void): () => void {
    this.storedListeners.add(listener);
    return () => this.storedListeners.delete(listener);
  }

  /** Waits for pending writes, then lets another process have the data directory. */
  async close(): Promise<void> {
    await this.serial(() => this.db.write());
    await this.lock.release();
  }

  private remember(tx: Transaction): void {
    const key = transactionKey(tx);
    this.byKey.set(key, tx);
    const payment = paymentKey(tx);
    if (payment !== null) this.byPayment.set(payment, key);
    const account = `${tx.provider}:${tx.accountNumber}`;
    const days = this.perDay.get(account) ?? new Map<string, number>();
    const day = vietnamDate(new Date(tx.occurredAt));
    days.set(day, (days.get(day) ?? 0) + 1);
    this.perDay.set(account, days);
  }

  private notifyStored(txs: readonly Transaction[]): void {
    for (const listener of this.storedListeners) listener(txs);
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }

  /** Commits and outbox updates run one at a time, in call order. */
  private serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }
}
