import path from 'node:path';
import { MemoryView, type PendingCommit, type RequestChange } from '../memory-store.js';
import type { Low } from 'lowdb';
import type { Acknowledgement, AlertMessage, Press, PressOutcome } from '../../core/acknowledgement.js';
import { DEFAULT_RULES, type ChatRules } from '../../core/chat-rules.js';
import type { Transaction } from '../../core/model.js';
import { settledOf, type PaymentRequest } from '../../core/payment-request.js';
import { vietnamDate } from '../../core/vietnam-time.js';
import type { Logger } from '../../log/logger.js';
import { HistoryJournal, type HistoryRecord } from './history-journal.js';
import type { AliasesOf } from '../../core/payment-aliases.js';
import { lockDataDir, type DataDirLock } from './lock.js';
import { newInCommits } from '../new-in-commits.js';
import { AckJournal } from './ack-journal.js';
import { leftRequests } from '../payment-requests.js';
import { RequestJournal } from './request-journal.js';
import { deadLettersOf, oldestCreatedAt, owedRows, rescheduled, withoutRows } from '../outbox.js';
import { openStateFile } from './state-file.js';
import type { DeadLetter, OutboxRow, State } from '../state-schema.js';
import type { StateStore } from '../state-store.js';
import type { ToldProblem } from '../../core/service-notice.js';
import { withToldProblem } from '../told-problems.js';
import { DIR_MODE, nodeStoreFs, type StoreFs } from './store-fs.js';
import { Writability } from '../writability.js';
import { logUnreadableRules, writableRules } from '../stored-rules.js';

export type { Commit } from '../state-store.js';

/** How long stored transactions stay searchable and count as seen. `/find` promises 30 days. */
export const DEFAULT_RETENTION_DAYS = 45;

/** The /qr requests done with, beside the state file (see `RequestJournal`). */
export const REQUEST_JOURNAL = 'payment-requests.jsonl';

/** How often an unwritable state is tried again when nothing else writes. */
const DEFAULT_RETRY_MS = 5_000;

export interface StoreOptions {
  dataDir: string;
  retentionDays?: number;
  now?: () => Date;
  /** The file-system calls used to write; node:fs/promises unless a test injects faults. */
  fs?: StoreFs;
  /** Where the state becoming unwritable, and writable again, is told. */
  logger?: Logger;
  /** How often an unwritable state is tried again on its own. */
  retryMs?: number;
  /** How providers that deliver one payment under two ids name it (dedupe across both). */
  aliases?: AliasesOf;
}

/**
 * The state in DATA_DIR: which transactions bankbell has seen (the searchable history, in
 * day files), and in one small state file the polling cursors and the outbox of alerts
 * still owed to each chat. One writer per data directory (a lock file). Every change is all or nothing, on disk and in memory:
 * memory changes only once the change is durably written, so a write that fails (disk
 * full, permissions) leaves the store exactly as before and the same payments are stored
 * and alerted when the provider retries, or at the next poll.
 */
export class Store extends MemoryView implements StateStore {
  private readonly writability: Writability;
  private prunedDay: string;

  private constructor(
    private readonly db: Low<State>,
    private readonly journal: HistoryJournal,
    private readonly lock: DataDirLock,
    private readonly acks: AckJournal,
    private readonly requestJournal: RequestJournal,
    private readonly options: StoreOptions & { now: () => Date },
    /** True when no state existed: nothing has been baselined yet. */
    readonly firstStart: boolean,
  ) {
    super(options.aliases);
    this.prunedDay = vietnamDate(options.now());
    this.writability = new Writability({
      logger: options.logger,
      where: { data_dir: options.dataDir },
      fix:
        'free space on the disk that holds DATA_DIR, or let the bot\'s user write it. Until then new payments are refused ' +
        '(webhooks get 5xx, polls retry) and alerts are held; nothing is lost, and the bot resumes by itself',
      retryMs: options.retryMs ?? DEFAULT_RETRY_MS,
      retry: () => void this.serial(() => this.write(this.db.data)).catch(() => undefined),
      onBack: () => this.notify(),
    });
  }

  static async open(options: StoreOptions): Promise<Store> {
    const now = options.now ?? (() => new Date());
    const fsys = options.fs ?? nodeStoreFs;
    await fsys.mkdir(options.dataDir, { recursive: true, mode: DIR_MODE });
    const lock = await lockDataDir(path.join(options.dataDir, 'bankbell.lock'));
    try {
      const { db, created, unreadableRules } = await openStateFile(path.join(options.dataDir, 'state.json'), now(), fsys);
      logUnreadableRules(options.logger, unreadableRules);
      const { journal, days } = await HistoryJournal.open(path.join(options.dataDir, 'history'), db.data.history, {
        retentionDays: options.retentionDays ?? DEFAULT_RETENTION_DAYS,
        now: now(),
        fs: fsys,
      });
      const acks = await AckJournal.open(path.join(options.dataDir, 'acknowledgements.jsonl'), fsys);
      const settled = await RequestJournal.open(path.join(options.dataDir, REQUEST_JOURNAL), fsys);
      const store = new Store(db, journal, lock, acks, settled.journal, { ...options, now }, created);
      for (const day of days) store.history.add(day.file, day.records.map((r) => r.tx));
      // One still in the state was being written when the bot stopped: the state's is the one.
      const live = new Set(db.data.paymentRequests.map((r) => r.code));
      store.settled.add(settled.requests.filter((r) => !live.has(r.code)));
      // Those that aged out while the bot was down go now; later ones, daily.
      await store.forgetAgedRequests(now());
      if (created) await db.adapter.write(db.data);
      return store;
    } catch (error) {
      await lock.release();
      throw error;
    }
  }

  /** False while the state cannot be written (disk full, permissions): alerts are held, webhooks refused. */
  get writable(): boolean {
    return this.writability.writable;
  }

  /** This bot alone writes DATA_DIR: what it holds is what is stored, and failed writes are retried on their own. */
  refresh(): Promise<void> {
    return Promise.resolve();
  }







  cursor(name: string): string | undefined {
    return this.db.data.cursors[name];
  }

  isBaselined(accountKey: string): boolean {
    return accountKey in this.db.data.baselined;
  }

  /** A group of commits, durably: history written and synced first, then the state file (the commit point) replaced atomically, and only then memory. */
  protected async writeCommits(group: PendingCommit[]): Promise<void> {
    try {
      const now = this.options.now();
      const { fresh, perCommit: newPerCommit } = newInCommits(
        group.map(({ change }) => change),
        this.history,
      );
      const records: HistoryRecord[] = [...fresh.values()].map(({ tx, alert }) => ({ tx, alert, storedAt: now.getTime() }));
      const data = this.db.data;
      const alerted = [...fresh].filter(([, item]) => item.alert).map(([key, { destinations }]) => ({ key, destinations }));
      const next: State = {
        ...data,
        cursors: { ...data.cursors },
        baselined: { ...data.baselined },
        outbox: [...data.outbox, ...owedRows(alerted, now.getTime())],
      };
      // A payment answering a /qr request counts in the same write that stores it.
      next.paymentRequests = this.withPaymentsCounted(data.paymentRequests, [...fresh.values()].map(({ tx }) => tx), now);
      for (const { change } of group) {
        Object.assign(next.cursors, change.cursors);
        for (const account of change.baselined ?? []) next.baselined[account] ??= now.toISOString();
      }
      if (records.length > 0) next.history = await this.journal.append(records, now).catch((error: unknown) => this.failed(error));
      await this.write(next);
      this.db.data = next;
      this.journal.committed(next.history);
      if (next.history !== null && fresh.size > 0) {
        const txs = [...fresh.values()].map(({ tx }) => tx);
        this.history.add(next.history.file, txs);
        this.listeners.tellStored(txs);
      }
      if (records.some((r) => r.alert) || next.paymentRequests !== data.paymentRequests) this.notify();
      group.forEach(({ resolve }, i) => resolve(newPerCommit[i] ?? []));
    } catch (error) {
      for (const { reject } of group) reject(error);
      return;
    }
    this.pruneDaily();
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
    return oldestCreatedAt(this.db.data.outbox);
  }

  /**
   * The chat accepted these: forget them, durably, before anything else is sent. A message with
   * the button is journaled first: should the state write then fail, the rows are sent again
   * and the first message's record only lets a press on it work as well. The journal is the
   * button's only: when it cannot be written (removed, unwritable) that button is lost and the
   * log says so, but the rows still go, or the alert would be sent again at every retry.
   */
  delivered(rows: readonly OutboxRow[], message?: AlertMessage): Promise<void> {
    return this.serial(async () => {
      if (message !== undefined) {
        await this.acks.append([{ message }]).catch((error: unknown) => {
          this.options.logger?.error('ack.message_unrecorded', {
            dest: message.dest,
            ref: message.ref,
            error: String(error),
            effect: "a press on this alert's button changes nothing; the alert itself is not sent again",
          });
        });
      }
      const next: State = { ...this.db.data, outbox: withoutRows(this.db.data.outbox, rows) };
      await this.write(next);
      this.db.data = next;
    });
  }

  /** Sending failed: try again not before `nextAt`, remembering why. */
  reschedule(rows: readonly OutboxRow[], nextAt: number, error: string): Promise<void> {
    return this.update((data) => ({ ...data, outbox: rescheduled(data.outbox, rows, nextAt, error) }));
  }

  /** Alerts a chat refused for good (with their transactions): out of the queue, into the dead letters. */
  deadLetter(rows: readonly { row: OutboxRow; tx: Transaction }[], error: string): Promise<void> {
    const dead = deadLettersOf(rows, error, this.options.now().getTime());
    return this.update((data) => ({
      ...data,
      outbox: withoutRows(data.outbox, rows.map(({ row }) => row)),
      deadLetters: [...data.deadLetters, ...dead],
    }));
  }

  get deadLetters(): readonly DeadLetter[] {
    return this.db.data.deadLetters;
  }

  /** Drops rows owed to destinations that are no longer configured; returns how many. */
  async dropDestinationsExcept(destinations: readonly string[]): Promise<number> {
    const keep = new Set(destinations);
    const dropped = this.db.data.outbox.filter((row) => !keep.has(row.dest)).length;
    if (dropped > 0) await this.update((data) => ({ ...data, outbox: data.outbox.filter((row) => keep.has(row.dest)) }));
    return dropped;
  }

  chatMigration(chatId: string): string | undefined {
    return this.db.data.chatMigrations[chatId];
  }

  recordChatMigration(from: string, to: string): Promise<void> {
    return this.update((data) => ({ ...data, chatMigrations: { ...data.chatMigrations, [from]: to } }));
  }

  /** The rules a destination set for itself, or the defaults. */
  chatRules(dest: string): ChatRules {
    return this.db.data.chatRules[dest] ?? DEFAULT_RULES;
  }

  /** Replaces a destination's rules, durably; waiting alerts are then looked at again under them. */
  async setChatRules(dest: string, rules: ChatRules): Promise<void> {
    const checked = writableRules(dest, rules);
    await this.update((data) => ({ ...data, chatRules: { ...data.chatRules, [dest]: checked } }));
    this.notify();
  }

  paymentRequests(): readonly PaymentRequest[] {
    return this.db.data.paymentRequests;
  }

  /**
   * One change to the requests, written like any other; the message editor is woken after it.
   * Requests it lets go (done with) are journaled first, then leave the state.
   */
  protected async changeRequests(change: RequestChange): Promise<void> {
    let changed = false;
    await this.serial(async () => {
      const before = this.db.data.paymentRequests;
      const next = change(before, this.options.now());
      if (next === null) return;
      const settled = leftRequests(before, next).map(settledOf);
      // Failing, they stay in the state and are tried again: nothing the state holds is lost.
      await this.requestJournal.append(settled, () => [...this.settled.values()]);
      const state = { ...this.db.data, paymentRequests: next };
      await this.write(state);
      this.db.data = state;
      this.settled.add(settled);
      changed = true;
    });
    if (changed) this.notify();
  }

  /** Records a press on an alert's button: the first press per payment and chat, durably. */
  acknowledge(press: Press): Promise<PressOutcome> {
    return this.serial(async () => {
      const found = this.acks.pressOn(press);
      if (found === null) return { message: null };
      // A press that cannot be journaled is refused (the presser may press again); the state itself is fine.
      await this.acks.append(found.fresh.map((ack) => ({ ack })));
      const { message, fresh } = found;
      return { message, fresh: fresh.map((a) => a.key), acks: this.acks.acknowledgedIn(message.dest, message.keys) };
    });
  }

  summaryPostedOn(dest: string): string | undefined {
    return this.db.data.summaries[dest];
  }

  recordSummaryPosted(dest: string, day: string): Promise<void> {
    return this.update((data) => ({ ...data, summaries: { ...data.summaries, [dest]: day } }));
  }

  toldProblems(): Readonly<Record<string, ToldProblem>> {
    return this.db.data.toldProblems;
  }

  recordToldProblem(key: string, told: ToldProblem | null): Promise<void> {
    return this.update((data) => ({ ...data, toldProblems: withToldProblem(data.toldProblems, key, told) }));
  }

  acknowledgements(dest: string, keys: readonly string[]): Promise<Acknowledgement[]> {
    return Promise.resolve(this.acks.acknowledgedIn(dest, keys));
  }

  /** Waits for pending writes, then lets another process have the data directory. */
  async close(): Promise<void> {
    await this.serial(async () => undefined);
    this.writability.stop();
    await this.lock.release();
  }

  /** Applies `change` to a copy of the state, writes it, and only then makes it the state in memory. */
  private update(change: (data: State) => State): Promise<void> {
    return this.serial(async () => {
      const next = change(this.db.data);
      await this.write(next);
      this.db.data = next;
    });
  }

  /**
   * Writes the state file, tracking whether writing works: told once when it stops, tried
   * again on a timer, told once when it is back. Only the state file, the commit point,
   * proves it is back: a journal append may still fit in a nearly full disk.
   */
  private async write(next: State): Promise<void> {
    await this.db.adapter.write(next).catch((error: unknown) => this.failed(error));
    this.writability.succeeded();
  }

  private failed(error: unknown): never {
    this.writability.failed(error);
    throw error;
  }

  /** Forgets the /qr requests done with that were made 45 days ago, and rewrites their journal without them. */
  private async forgetAgedRequests(now: Date): Promise<void> {
    const aged = new Set(this.settled.expired(now));
    if (aged.size === 0) return;
    await this.requestJournal.replace([...this.settled.values()].filter((r) => !aged.has(r)));
    this.settled.forget([...aged]);
  }

  /** Once a Vietnam day, drops the day files past retention and forgets their transactions. */
  private pruneDaily(): void {
    if (vietnamDate(this.options.now()) === this.prunedDay) return;
    // Queued behind the commit that called it, not awaited inside it.
    void this.serial(async () => {
      const today = vietnamDate(this.options.now());
      if (today === this.prunedDay) return;
      try {
        const files = await this.journal.prune(this.options.now());
        // Alert messages and presses go with the history of their time.
        await this.acks.prune(this.options.now().getTime() - (this.options.retentionDays ?? DEFAULT_RETENTION_DAYS) * 86_400_000);
        await this.forgetAgedRequests(this.options.now());
        this.prunedDay = today;
        if (this.history.dropFiles(files) > 0) this.listeners.tellForgotten();
      } catch (error) {
        this.options.logger?.warn('history.prune_failed', { error: String(error), retry: 'at the next commit' });
      }
    });
  }


}
