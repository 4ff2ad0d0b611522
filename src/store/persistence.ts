import type { Acknowledgement, AlertMessage, Press, PressOutcome } from '../core/acknowledgement.js';
import type { Transaction } from '../core/model.js';
import type { SettledRequest } from '../core/payment-request.js';
import type { TransactionSearch } from '../search/history-search.js';
import type { HistoryEntry } from './history-index.js';
import type { State } from './state-schema.js';
import type { Writability } from './writability.js';

/** A payment a change stores: whether alerts are owed for it, when, and the /qr request it answered. */
export interface StoredPayment extends HistoryEntry {
  alert: boolean;
  storedAt: number;
}

/**
 * One change to the state, as the memory store made it on the state it holds (src/store/memory-store.ts):
 * what a persistence makes durable, all or nothing.
 */
export interface Step {
  /** When it was made. */
  now: Date;
  /** The small state it was made on, and after it: a slice it leaves alone is the same object. */
  before: State;
  next: State;
  /** The payments it stores in the history. */
  stored: readonly StoredPayment[];
  /** The /qr requests it lets go (done with): kept apart from then on. */
  settled: readonly SettledRequest[];
  /** An alert delivered with the acknowledge button: recorded if it can be; failing, that costs the button, never the change. */
  message?: AlertMessage;
}

/** What a step was written as: the bucket of the history (day file, day) its payments went to. */
export interface Written {
  step: Step;
  bucket: string | null;
}

/** Stored history, by bucket: what retention drops at once. */
export interface HistoryBatch {
  bucket: string;
  /** In the order they were stored. */
  entries: readonly StoredPayment[];
}

/** What a persistence read back of the stored state: at open, whole; sharing a database, what other bots changed since. */
export interface ReadBack {
  /** The small state, whole. */
  state?: State;
  history?: readonly HistoryBatch[];
  settled?: readonly SettledRequest[];
  /** Buckets of history that retention dropped. */
  forget?: readonly string[];
}

/** The memory store, as a persistence sees it: where what it reads back goes, and what it holds beside the small state. */
export interface Mirror {
  adopt(read: ReadBack): void;
  /** The buckets the history held in memory fills. */
  buckets(): string[];
  /** The /qr requests done with, held in memory. */
  settledRequests(): SettledRequest[];
}

/**
 * What is stored, beyond the history held in memory (see `Persistence.historyWindowDays`), of
 * the payments a change brings: their keys, their names as reports of a transfer (`reportName`)
 * under every numbering stored, and those numberings.
 */
export interface StoredFacts {
  keys: ReadonlySet<string>;
  names: ReadonlySet<string>;
  numberings: ReadonlySet<string>;
}

export const NOTHING_MORE_STORED: StoredFacts = { keys: new Set(), names: new Set(), numberings: new Set() };

/** Whether this bot leads in the state as stored, when a step is planned, and what is stored of what the change asks about. */
export interface PlanContext {
  leads: boolean;
  stored: StoredFacts;
}

/**
 * How the state is made durable, and (shared by several bots) how their changes are read back.
 * The memory store answers every read and plans every change; a persistence writes them:
 * DATA_DIR's files (src/store/files/file-store.ts) or a PostgreSQL database
 * (src/store/postgres/postgres-store.ts). It tells its `writability` when writes fail and work again.
 */
export interface Persistence {
  /** True when no state existed: nothing has been baselined yet. */
  readonly firstStart: boolean;
  readonly writability: Writability;
  /**
   * Several bots share this state: some writes are the leader's only, and the alerts owed to a
   * destination this bot does not know are dropped only once no bot can send them.
   */
  readonly shared: boolean;
  /** How often other bots' changes are read back; null when there are none. */
  readonly refreshMs: number | null;
  /** Whether this bot acts as the leader now (the alerts are its to send). */
  leads(): boolean;
  /** Answers /find and the commands sharing its search from where the history is stored; null: from memory. */
  readonly search: TransactionSearch | null;
  /**
   * How many of the newest days of history memory holds (with the payments alerts are still owed
   * for, whatever their day); what is older is asked of the store when a change needs it
   * (`StoredFacts`). Null: memory holds the whole history.
   */
  readonly historyWindowDays: number | null;
  /** Reads what is stored (what changed since it last read) into `mirror`. */
  load(mirror: Mirror): Promise<void>;
  /**
   * Makes one change durable: calls `plan` once `mirror` is up to date with what is stored, and
   * writes the step it returns (null: nothing to write); resolves once it is durable, with what
   * was written. `leaderOnly` names a change only the leader may make (refused with
   * `NotLeaderError` when this bot does not lead in the stored state). What is stored of the
   * payments `asking` beyond memory is looked up in the same write, so that no payment is stored
   * or alerted twice, whichever bot it reached.
   */
  write(mirror: Mirror, plan: (context: PlanContext) => Step | null, leaderOnly?: string, asking?: readonly Transaction[]): Promise<Written | null>;
  /** Reads other bots' changes back, and tries a write at once if writes were failing. */
  refresh(mirror: Mirror): Promise<void>;
  /** Deletes the history past retention and the requests `aged` (done with, 45 days old); returns the buckets dropped. */
  prune(mirror: Mirror, now: Date, aged: readonly SettledRequest[]): Promise<string[]>;
  /** The alerts with the button and the presses on them grow with the history: each persistence keeps them its own way. */
  acknowledge(mirror: Mirror, press: Press): Promise<PressOutcome>;
  acknowledgements(dest: string, keys: readonly string[]): Promise<Acknowledgement[]>;
  close(): Promise<void>;
}

/** How long stored transactions stay searchable and count as seen. `/find` promises 30 days. */
export const DEFAULT_RETENTION_DAYS = 45;

/** How often an unwritable state is tried again when nothing else writes. */
export const DEFAULT_RETRY_MS = 5_000;
