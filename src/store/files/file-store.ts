import path from 'node:path';
import type { Acknowledgement, Press, PressOutcome } from '../../core/acknowledgement.js';
import { transactionKey } from '../../core/model.js';
import type { AliasesOf } from '../../core/payment-aliases.js';
import type { PaymentRequest, SettledRequest } from '../../core/payment-request.js';
import type { Logger } from '../../log/logger.js';
import { MemoryStore } from '../memory-store.js';
import { answersOfRequests } from '../payment-requests.js';
import { DEFAULT_RETENTION_DAYS, DEFAULT_RETRY_MS, NOTHING_MORE_STORED, type Mirror, type Persistence, type PlanContext, type ReadBack, type Step, type Written } from '../persistence.js';
import { logUnreadableRules } from '../stored-rules.js';
import { Writability } from '../writability.js';
import { AckJournal } from './ack-journal.js';
import { HistoryJournal, type DayFile, type HistoryMark } from './history-journal.js';
import { lockDataDir, type DataDirLock } from './lock.js';
import { RequestJournal } from './request-journal.js';
import { openStateFile, stateOf, type DurableJsonFile, type StoredState } from './state-file.js';
import { DIR_MODE, nodeStoreFs, type StoreFs } from './store-fs.js';

/** The /qr requests done with, beside the state file (see `RequestJournal`). */
export const REQUEST_JOURNAL = 'payment-requests.jsonl';

export interface FileStoreOptions {
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
 * still owed to each chat. One writer per data directory (a lock file). Memory changes only
 * once the change is on disk.
 */
export async function openFileStore(options: FileStoreOptions): Promise<MemoryStore> {
  return MemoryStore.open(await FilePersistence.open(options), options);
}

/**
 * How a change is made durable in DATA_DIR: the history appended and synced first, the journals
 * beside the state file next, then the state file (the commit point) replaced atomically.
 */
class FilePersistence implements Persistence {
  readonly shared = false;
  readonly search = null;
  readonly historyWindowDays = null;
  readonly refreshMs = null;
  readonly writability: Writability;
  /** What was read at open, until the store has it. */
  private opened: ReadBack | null;

  private constructor(
    private readonly file: DurableJsonFile,
    /** What the state file holds besides the slices: when it was made, and how far the history is committed. */
    private header: Pick<StoredState, 'createdAt' | 'history'>,
    private readonly journal: HistoryJournal,
    private readonly lock: DataDirLock,
    private readonly acks: AckJournal,
    private readonly requestJournal: RequestJournal,
    private readonly options: FileStoreOptions,
    readonly firstStart: boolean,
    opened: ReadBack,
  ) {
    this.opened = opened;
    this.writability = new Writability({
      logger: options.logger,
      where: { data_dir: options.dataDir },
      fix:
        'free space on the disk that holds DATA_DIR, or let the bot\'s user write it. Until then new payments are refused ' +
        '(webhooks get 5xx, polls retry) and alerts are held; nothing is lost, and the bot resumes by itself',
      retryMs: options.retryMs ?? DEFAULT_RETRY_MS,
    });
  }

  /** Takes the lock and reads the state file and its journals, repaired to what the state file committed. */
  static async open(options: FileStoreOptions): Promise<FilePersistence> {
    const now = options.now?.() ?? new Date();
    const fsys = options.fs ?? nodeStoreFs;
    await fsys.mkdir(options.dataDir, { recursive: true, mode: DIR_MODE });
    const lock = await lockDataDir(path.join(options.dataDir, 'bankbell.lock'));
    try {
      const { db, adapter, created, unreadableRules } = await openStateFile(path.join(options.dataDir, 'state.json'), now, fsys);
      logUnreadableRules(options.logger, unreadableRules);
      const { journal, days } = await HistoryJournal.open(path.join(options.dataDir, 'history'), db.data.history, {
        retentionDays: options.retentionDays ?? DEFAULT_RETENTION_DAYS,
        now,
        fs: fsys,
      });
      const acks = await AckJournal.open(path.join(options.dataDir, 'acknowledgements.jsonl'), fsys);
      const settled = await RequestJournal.open(path.join(options.dataDir, REQUEST_JOURNAL), fsys);
      const state = stateOf(db.data);
      // One still in the state was being written when the bot stopped: the state's is the one.
      const live = new Set(state.paymentRequests.map((r) => r.code));
      const kept = settled.requests.filter((r) => !live.has(r.code));
      const history = withAnswers(days, state.paymentRequests, kept).map(({ file, records }) => ({
        bucket: file,
        entries: records.map(({ tx, alert, storedAt, answered }) => ({ tx, alert, storedAt, answered: answered ?? null })),
      }));
      const opened = { state, settled: kept, history };
      if (created) await adapter.write(db.data);
      return new FilePersistence(adapter, db.data, journal, lock, acks, settled.journal, options, created, opened);
    } catch (error) {
      await lock.release();
      throw error;
    }
  }

  /** This bot alone writes DATA_DIR: it leads, for ever. */
  leads(): boolean {
    return true;
  }

  async load(mirror: Mirror): Promise<void> {
    if (this.opened !== null) mirror.adopt(this.opened);
    this.opened = null;
  }

  /**
   * The history first (synced, so a committed mark never points past it), then the journals
   * beside the state file, then the state file naming the new mark. A message with the button is
   * journaled, but its failure is only logged: should it fail, that button is lost and the log
   * says so, but the rows still go, or the alert would be sent again at every retry. Requests let
   * go are journaled before the state drops them: failing, they stay and are tried again.
   */
  async write(mirror: Mirror, plan: (context: PlanContext) => Step | null): Promise<Written | null> {
    const step = plan({ leads: true, stored: NOTHING_MORE_STORED });
    if (step === null) return null;
    let mark = this.header.history;
    if (step.stored.length > 0) {
      const records = step.stored.map(({ tx, alert, storedAt, answered }) => ({ tx, alert, storedAt, ...(answered === null ? {} : { answered }) }));
      mark = await this.journal.append(records, step.now).catch((error: unknown) => this.failed(error));
    }
    const { message } = step;
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
    await this.requestJournal.append(step.settled, () => mirror.settledRequests());
    await this.writeState(step, mark);
    return { step, bucket: step.stored.length > 0 ? (mark?.file ?? null) : null };
  }

  /** This bot alone writes DATA_DIR: what it holds is what is stored, and failed writes are retried on their own. */
  async refresh(): Promise<void> {}

  /** Deletes the day files past retention, the alert messages and presses of their time, and rewrites the requests journal without `aged`. */
  async prune(mirror: Mirror, now: Date, aged: readonly SettledRequest[]): Promise<string[]> {
    const files = await this.journal.prune(now);
    await this.acks.prune(now.getTime() - (this.options.retentionDays ?? DEFAULT_RETENTION_DAYS) * 86_400_000);
    if (aged.length > 0) {
      const gone = new Set(aged.map((r) => r.code));
      await this.requestJournal.replace(mirror.settledRequests().filter((r) => !gone.has(r.code)));
    }
    return files;
  }

  /** A press that cannot be journaled is refused (the presser may press again); the state itself is fine. */
  async acknowledge(_mirror: Mirror, press: Press): Promise<PressOutcome> {
    const found = this.acks.pressOn(press);
    if (found === null) return { message: null };
    await this.acks.append(found.fresh.map((ack) => ({ ack })));
    const { message, fresh } = found;
    return { message, fresh: fresh.map((a) => a.key), acks: this.acks.acknowledgedIn(message.dest, message.keys) };
  }

  acknowledgements(dest: string, keys: readonly string[]): Promise<Acknowledgement[]> {
    return Promise.resolve(this.acks.acknowledgedIn(dest, keys));
  }

  /** Lets another process have the data directory. */
  close(): Promise<void> {
    return this.lock.release();
  }

  /**
   * Replaces the state file, tracking whether writing works: told once when it stops, tried
   * again on a timer, told once when it is back. Only the state file, the commit point, proves
   * it is back: a journal append may still fit in a nearly full disk.
   */
  private async writeState(step: Step, mark: HistoryMark | null): Promise<void> {
    const stored: StoredState = { version: 1, createdAt: this.header.createdAt, history: mark, ...step.next };
    await this.file.write(stored).catch((error: unknown) => this.failed(error));
    this.writability.succeeded();
    this.header = stored;
    this.journal.committed(mark);
  }

  private failed(error: unknown): never {
    this.writability.failed(error);
    throw error;
  }
}

/**
 * The day files with, for each payment, the /qr request it answered: payments stored before
 * answers were recorded with them (history journals of older bankbells) get theirs from the
 * requests kept.
 */
export function withAnswers(days: readonly DayFile[], live: readonly PaymentRequest[], settled: readonly SettledRequest[]): DayFile[] {
  const answers = answersOfRequests(live, settled);
  return days.map(({ file, records }) => ({ file, records: records.map((r) => ({ ...r, answered: r.answered ?? answers.get(transactionKey(r.tx)) })) }));
}
