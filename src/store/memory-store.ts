import type { Acknowledgement, AlertMessage, Press, PressOutcome } from '../core/acknowledgement.js';
import { DEFAULT_RULES, type ChatRules } from '../core/chat-rules.js';
import { CounterLink } from '../core/counter-link.js';
import type { Transaction } from '../core/model.js';
import { noAliases, type AliasesOf } from '../core/payment-aliases.js';
import { CHECK_LOOKBACK_MS, expireChecks, type CheckOutcome, type PaymentCheck } from '../core/payment-check.js';
import { countPayments, expireRequests, settledOf, type AddOutcome, type PaymentRequest, type SettledRequest } from '../core/payment-request.js';
import type { ToldProblem } from '../core/service-notice.js';
import { vietnamDate } from '../core/zoned-time.js';
import type { Logger } from '../log/logger.js';
import type { TransactionSearch } from '../search/history-search.js';
import { searchStoredHistory } from '../search/search-index.js';
import { NotLeaderError } from './errors.js';
import { HistoryIndex } from './history-index.js';
import { newInCommits } from './new-in-commits.js';
import { deadLettersOf, oldestCreatedAt, owedRows, rescheduled, withoutRows } from './outbox.js';
import { withCheckAdded, withCheckPlaced, withChecksAnswered, withCheckShown, type CheckContext } from './payment-checks.js';
import { leftRequests, newAnswers, withRequestAdded, withRequestPlaced, withRequestShown } from './payment-requests.js';
import type { HistoryBatch, Mirror, Persistence, PlanContext, ReadBack, Step, StoredFacts, StoredPayment } from './persistence.js';
import { RecentPayments } from './recent-payments.js';
import { SerialQueue } from './serial-queue.js';
import { SettledRequests } from './settled-requests.js';
import { EMPTY_STATE, type DeadLetter, type OutboxRow, type RequestAnswer, type State } from './state-schema.js';
import type { Commit, StateStore, StoreEvent } from './state-store.js';
import { StoreListeners } from './store-listeners.js';
import { writableRules } from './stored-rules.js';
import { withToldProblem } from './told-problems.js';

export interface MemoryStoreOptions {
  now?: () => Date;
  /** Where a failed clean-up is told. */
  logger?: Logger;
  /** How providers that deliver one payment under two ids name it (dedupe across both). */
  aliases?: AliasesOf;
}

/** The slices that are lists changed item by item (/qr requests, /check answers). */
type ListSlice = 'paymentRequests' | 'paymentChecks';
/** A change to one of them: the list to store, or null for none. */
type ListChange<K extends ListSlice> = (list: State[K], now: Date) => State[K] | null;

/** A commit waiting to be written, and how to tell its caller what came of it. */
interface PendingCommit {
  change: Commit;
  resolve: (fresh: Transaction[]) => void;
  reject: (error: unknown) => void;
}

/**
 * The state, held once in memory: the small state as named slices (see `State`), the history
 * of payments with the request each answered, and the requests done with. It answers every
 * read, and makes every change: planned on what it holds, made durable by its `Persistence`
 * (DATA_DIR's files or a PostgreSQL database), and only then applied to memory. A change that
 * failed to write leaves it exactly as before, so the same payments are stored and alerted when
 * the provider retries. Changes run one at a time, in call order; commits that arrive while one
 * is written are written together next.
 */
export class MemoryStore implements StateStore, Mirror {
  private state: State = EMPTY_STATE;
  private readonly history: HistoryIndex;
  /** The requests done with. */
  private readonly settled = new SettledRequests();
  private readonly recent = new RecentPayments();
  private readonly listeners = new StoreListeners();
  private readonly queue = new SerialQueue();
  private readonly waitingCommits: PendingCommit[] = [];
  private readonly aliasesOf: AliasesOf;
  private readonly now: () => Date;
  /** The Vietnam day the history was last cleaned up. */
  private prunedDay = '';
  /** The refresh waiting for its turn, if one does. */
  private refreshing: Promise<void> | null = null;
  private readonly refreshTimer: NodeJS.Timeout | undefined;
  /** /find and the commands sharing its search: the database's queries, or an index over the history in memory. */
  readonly search: TransactionSearch;

  private constructor(
    private readonly persistence: Persistence,
    private readonly options: MemoryStoreOptions,
  ) {
    this.now = options.now ?? (() => new Date());
    this.aliasesOf = options.aliases ?? noAliases;
    this.history = new HistoryIndex(this.aliasesOf);
    this.search = persistence.search ?? searchStoredHistory(this);
    persistence.writability.watch({
      retry: () => void this.serial(() => this.write(() => this.stepOf(this.state))).catch(() => undefined),
      onBack: () => this.listeners.tell(['writable-again']),
    });
    if (persistence.refreshMs !== null) {
      this.refreshTimer = setInterval(() => void this.refresh(), persistence.refreshMs);
      this.refreshTimer.unref();
    }
  }

  /** Loads what `persistence` holds, and drops what aged out while the bot was down; closes `persistence` if it cannot. */
  static async open(persistence: Persistence, options: MemoryStoreOptions): Promise<MemoryStore> {
    const store = new MemoryStore(persistence, options);
    try {
      await store.serial(() => persistence.load(store));
    } catch (error) {
      clearInterval(store.refreshTimer);
      persistence.writability.stop();
      await persistence.close();
      throw error;
    }
    await store.serial(() => store.prune(store.now()));
    return store;
  }

  get firstStart(): boolean {
    return this.persistence.firstStart;
  }

  /** False while the state cannot be written (disk full, database down): alerts are held, webhooks refused. */
  get writable(): boolean {
    return this.persistence.writability.writable;
  }

  /**
   * Brings memory up to what is stored (other bots' writes), after the writes queued before it.
   * At most one refresh waits: ticks during a stall join it rather than queue up.
   */
  refresh(): Promise<void> {
    this.refreshing ??= this.serial(async () => {
      this.refreshing = null;
      await this.persistence.refresh(this);
    });
    return this.refreshing;
  }

  // Reads, all from memory.

  cursor(name: string): string | undefined {
    return own(this.state.cursors, name);
  }

  isBaselined(accountKey: string): boolean {
    return own(this.state.baselined, accountKey) !== undefined;
  }

  has(key: string): boolean {
    return this.history.has(key);
  }

  /** Whether this transaction, or the same payment under another of its names (see `PaymentAliases`), is stored. */
  knows(tx: Transaction): boolean {
    return this.history.knows(tx);
  }

  get(key: string): Transaction | undefined {
    return this.history.get(key);
  }

  /** Every stored transaction, for `/find`. */
  transactions(): Iterable<Transaction> {
    return this.history.values();
  }

  get size(): number {
    return this.history.size;
  }

  countSince(provider: Transaction['provider'], accountNumber: string, fromDate: string): number {
    return this.history.countSince(`${provider}:${accountNumber}`, fromDate);
  }

  /** Alerts owed to `dest`, oldest first: none while this bot does not lead (another bot sends them). */
  pending(dest: string): OutboxRow[] {
    if (!this.persistence.leads()) return [];
    return this.state.outbox.filter((row) => row.dest === dest);
  }

  get outboxSize(): number {
    return this.state.outbox.length;
  }

  oldestWaitingSince(): number | null {
    return oldestCreatedAt(this.state.outbox);
  }

  get deadLetters(): readonly DeadLetter[] {
    return this.state.deadLetters;
  }

  movedTo(dest: string): string | undefined {
    return own(this.state.moved, dest);
  }

  chatRules(dest: string): ChatRules {
    return own(this.state.chatRules, dest) ?? DEFAULT_RULES;
  }

  summaryPostedOn(dest: string): string | undefined {
    return own(this.state.summaries, dest);
  }

  toldProblems(): Readonly<Record<string, ToldProblem>> {
    return this.state.toldProblems;
  }

  /** The requests still open, or done too recently to leave (see `isSettled`), oldest first. */
  paymentRequests(): readonly PaymentRequest[] {
    return this.state.paymentRequests;
  }

  paymentRequest(code: string): SettledRequest | undefined {
    const live = this.state.paymentRequests.find((r) => r.code === code);
    return live === undefined ? this.settled.get(code) : settledOf(live);
  }

  /** The checks waiting, or answered too recently to leave, oldest first. */
  paymentChecks(): readonly PaymentCheck[] {
    return this.state.paymentChecks;
  }

  requestAnswered(key: string): RequestAnswer | undefined {
    return this.history.answered(key);
  }

  counterLink(dest: string): CounterLink | undefined {
    return own(this.state.counterLinks, dest);
  }

  counterLinks(): Readonly<Record<string, CounterLink>> {
    return this.state.counterLinks;
  }

  recentPayments(): readonly StoredPayment[] {
    return this.recent.list();
  }

  /** Every request kept (those of the last 45 days), for /metrics. */
  *keptRequests(): Iterable<SettledRequest> {
    for (const request of this.state.paymentRequests) yield settledOf(request);
    yield* this.settled.values();
  }

  acknowledgements(dest: string, keys: readonly string[]): Promise<Acknowledgement[]> {
    return this.persistence.acknowledgements(dest, keys);
  }

  // What it tells.

  on(events: readonly StoreEvent[], listener: () => void): () => void {
    return this.listeners.on(events, listener);
  }

  /**
   * Called with the payments a change adds, as they join `transactions()` (once the change is
   * durable), so a follower such as the /find index always agrees with it.
   */
  onStored(listener: (payments: readonly StoredPayment[]) => void): () => void {
    return this.listeners.onStored(listener);
  }

  /** Called when transactions aged out of the history and left `transactions()`. */
  onForgotten(listener: () => void): () => void {
    return this.listeners.onForgotten(listener);
  }

  // Changes.

  /**
   * Stores the transactions not seen before, with their outbox rows and cursors, as one durable
   * step; resolves with those that were new. Commits that arrive while one is being written are
   * written together next (group commit): a burst of webhook deliveries costs one write, not one each.
   */
  commit(change: Commit): Promise<Transaction[]> {
    return new Promise((resolve, reject) => {
      this.waitingCommits.push({ change, resolve, reject });
      if (this.waitingCommits.length === 1) void this.serial(() => this.writeCommits(this.waitingCommits.splice(0)));
    });
  }

  /** The chat accepted these: forget them, durably, before anything else is sent; `message`, with the button, is recorded with it. */
  delivered(rows: readonly OutboxRow[], message?: AlertMessage): Promise<void> {
    return this.update((s) => ({ outbox: withoutRows(s.outbox, rows) }), 'recording alerts as sent', message);
  }

  /** Sending failed: try again not before `nextAt`, remembering why. */
  reschedule(rows: readonly OutboxRow[], nextAt: number, error: string): Promise<void> {
    return this.update((s) => ({ outbox: rescheduled(s.outbox, rows, nextAt, error) }), 'rescheduling alerts');
  }

  /** Alerts a chat refused for good (with their transactions): out of the queue, into the dead letters. */
  deadLetter(rows: readonly { row: OutboxRow; tx: Transaction }[], error: string): Promise<void> {
    const dead = deadLettersOf(rows, error, this.now().getTime());
    return this.update(
      (s) => ({ outbox: withoutRows(s.outbox, rows.map(({ row }) => row)), deadLetters: [...s.deadLetters, ...dead] }),
      'setting alerts aside',
    );
  }

  /**
   * Drops alerts owed to destinations not among these; returns how many. Alone on its state,
   * this bot drops them all; sharing it, only those no bot can send any more (their payment
   * left the history): another bot may be configured for their chat (its configuration newer
   * than this one's, during an update).
   */
  dropDestinationsExcept(destinations: readonly string[]): Promise<number> {
    const keep = new Set(destinations);
    const sendable = (row: OutboxRow) => keep.has(row.dest) || (this.persistence.shared && this.history.has(row.key));
    return this.serial(async () => {
      let dropped = 0;
      await this.write(() => {
        const gone = this.state.outbox.filter((row) => !sendable(row));
        dropped = gone.length;
        return gone.length === 0 ? null : this.stepOf({ ...this.state, outbox: withoutRows(this.state.outbox, gone) });
      });
      return dropped;
    });
  }

  recordMove(dest: string, to: string): Promise<void> {
    return this.update((s) => ({ moved: { ...s.moved, [dest]: to } }), 'recording a moved chat');
  }

  /** Any bot may change a chat's rules (commands reach standbys too); what cannot be read back is refused before anything is written. */
  async setChatRules(dest: string, rules: ChatRules): Promise<void> {
    const checked = writableRules(dest, rules);
    await this.update((s) => ({ chatRules: { ...s.chatRules, [dest]: checked } }));
  }

  /** Any bot may (commands reach standbys too); a link that could not be read back is refused before anything is written. */
  async setCounterLink(dest: string, link: CounterLink | null): Promise<void> {
    const checked = link === null ? null : CounterLink.parse(link);
    await this.update(({ counterLinks }) => ({
      counterLinks: checked === null ? Object.fromEntries(Object.entries(counterLinks).filter(([d]) => d !== dest)) : { ...counterLinks, [dest]: checked },
    }));
  }

  recordSummaryPosted(dest: string, day: string): Promise<void> {
    return this.update((s) => ({ summaries: { ...s.summaries, [dest]: day } }), 'recording a daily summary as posted');
  }

  recordToldProblem(key: string, told: ToldProblem | null): Promise<void> {
    return this.update((s) => ({ toldProblems: withToldProblem(s.toldProblems, key, told) }), 'recording a service notice');
  }

  /** Stores a new /qr request, unless its code is taken or its chat has the most open requests. Any bot may (commands reach standbys too). */
  async addPaymentRequest(request: PaymentRequest): Promise<AddOutcome> {
    let outcome: AddOutcome = 'code-taken';
    await this.changeList('paymentRequests', (requests) => {
      const added = withRequestAdded(requests, request, (code) => this.settled.get(code) !== undefined);
      outcome = added.outcome;
      return added.next;
    });
    return outcome;
  }

  placePaymentRequest(code: string, messageRef: string): Promise<void> {
    return this.changeList('paymentRequests', (requests) => withRequestPlaced(requests, code, messageRef));
  }

  /** The leader's: expiry leads to edits, which only the leader makes. Requests done with leave for the settled ones. */
  expirePaymentRequests(): Promise<void> {
    return this.changeList(
      'paymentRequests',
      (requests, now) => {
        const next = expireRequests(requests, now);
        return next === requests ? null : next;
      },
      'expiring payment requests',
    );
  }

  paymentRequestShown(code: string, revision: number): Promise<void> {
    return this.changeList('paymentRequests', (requests) => withRequestShown(requests, code, revision), 'recording a request message as edited');
  }

  /**
   * Stores a new /check, answered in the same write by a payment of the last 30 minutes that no
   * other check of its chat took, if there is one. Any bot may (commands reach standbys too).
   */
  async addPaymentCheck(check: PaymentCheck): Promise<CheckOutcome> {
    let outcome: CheckOutcome = { kind: 'id-taken' };
    await this.changeList('paymentChecks', (checks, now) => {
      const added = withCheckAdded(checks, check, this.history.recent(now.getTime() - CHECK_LOOKBACK_MS), this.checkContext());
      outcome = added.outcome;
      return added.next;
    });
    return outcome;
  }

  placePaymentCheck(id: string, messageRef: string): Promise<void> {
    return this.changeList('paymentChecks', (checks) => withCheckPlaced(checks, id, messageRef));
  }

  /** The leader's: a missed check owes the ❌ edit, which only the leader makes. */
  expirePaymentChecks(): Promise<void> {
    return this.changeList(
      'paymentChecks',
      (checks, now) => {
        const next = expireChecks(checks, now);
        return next === checks ? null : next;
      },
      'expiring payment checks',
    );
  }

  paymentCheckShown(id: string, revision: number): Promise<void> {
    return this.changeList('paymentChecks', (checks) => withCheckShown(checks, id, revision), 'recording a check answer as edited');
  }

  /** Records a press on an alert's button: the first press per payment and chat, durably. Any bot may (Slack's reach standbys too). */
  acknowledge(press: Press): Promise<PressOutcome> {
    return this.serial(() => this.persistence.acknowledge(this, press));
  }

  /** Waits for pending writes, then lets go of where the state is kept. */
  async close(): Promise<void> {
    clearInterval(this.refreshTimer);
    await this.serial(async () => undefined);
    this.persistence.writability.stop();
    await this.persistence.close();
  }

  // What a persistence reads back (Mirror).

  /** Takes what was read back as stored, and tells what changed. */
  adopt(read: ReadBack): void {
    const before = this.state;
    if (read.state !== undefined) this.state = read.state;
    if (read.settled !== undefined) this.settled.add(read.settled);
    if (read.history !== undefined) this.addHistory(read.history);
    if (read.forget !== undefined) this.forget(read.forget);
    this.tellChanges(before, this.state);
  }

  buckets(): string[] {
    return this.history.buckets();
  }

  settledRequests(): SettledRequest[] {
    return [...this.settled.values()];
  }

  // How changes are made.

  /** A group of commits, durably, then memory, then each caller told; never rejects. */
  private async writeCommits(waiting: PendingCommit[]): Promise<void> {
    let group = waiting;
    let perCommit: Transaction[][] = [];
    try {
      const asking = waiting.flatMap(({ change }) => change.transactions.map(({ tx }) => tx));
      await this.write(({ leads, stored }) => {
        // A poll's commit (cursors, baselines) is the leader's; a webhook's any bot may make.
        if (!leads) group = waiting.filter(({ change }) => !pollCommit(change));
        const planned = this.planCommits(
          group.map(({ change }) => change),
          stored,
        );
        perCommit = planned.perCommit;
        return planned.step;
      }, undefined, asking);
    } catch (error) {
      for (const { reject } of waiting) reject(error);
      return;
    }
    group.forEach(({ resolve }, i) => resolve(perCommit[i] ?? []));
    for (const { reject } of waiting.filter((item) => !group.includes(item))) reject(new NotLeaderError('moving polling cursors'));
    this.pruneDaily();
  }

  /**
   * What a group of commits changes: the new payments, each with the /qr request it answered (a
   * payment answering a request counts in the same write that stores it), their outbox rows, the
   * cursors that moved and the accounts newly baselined.
   */
  private planCommits(changes: readonly Commit[], beyondMemory: StoredFacts): { step: Step; perCommit: Transaction[][] } {
    const now = this.now();
    const s = this.state;
    const { fresh, perCommit } = newInCommits(changes, this.history, beyondMemory);
    const txs = [...fresh.values()].map(({ tx }) => tx);
    const requests = countPayments(s.paymentRequests, txs, now, (tx) => this.aliasesOf(tx).numbering);
    const checks = withChecksAnswered(s.paymentChecks, txs, this.checkContext(), now);
    const answers = newAnswers(s.paymentRequests, requests);
    const stored: StoredPayment[] = [...fresh].map(([key, { tx, alert }]) => ({ tx, alert, storedAt: now.getTime(), answered: answers.get(key) ?? null }));
    const alerted = [...fresh].filter(([, item]) => item.alert).map(([key, { destinations }]) => ({ key, destinations }));
    const owed = owedRows(alerted, now.getTime());
    const next: State = {
      ...s,
      cursors: withCursors(s.cursors, changes),
      baselined: withBaselined(s.baselined, changes, now),
      outbox: owed.length === 0 ? s.outbox : [...s.outbox, ...owed],
      paymentRequests: requests,
      paymentChecks: checks,
    };
    return { step: this.stepOf(next, { now, stored }), perCommit };
  }

  /** One change to the slices, written like any other; `leaderOnly` names a change only the leader may make. */
  private update(change: (s: State) => Partial<State>, leaderOnly?: string, message?: AlertMessage): Promise<void> {
    return this.serial(async () => {
      await this.write(() => this.stepOf({ ...this.state, ...change(this.state) }, { message }), leaderOnly);
    });
  }

  /** One change to a list slice, planned on the state as stored; requests it lets go (done with) are kept apart from then on. */
  private changeList<K extends ListSlice>(slice: K, change: ListChange<K>, leaderOnly?: string): Promise<void> {
    return this.serial(async () => {
      await this.write(() => {
        const now = this.now();
        const next = change(this.state[slice], now);
        return next === null ? null : this.stepOf({ ...this.state, [slice]: next }, { now });
      }, leaderOnly);
    });
  }

  /** What deciding which payment answers which check needs, read from the state as it is when a step is planned. */
  private checkContext(): CheckContext {
    return { rulesOf: (dest) => this.chatRules(dest), numberingOf: (tx) => this.aliasesOf(tx).numbering };
  }

  /** The step from the state held now to `next`. */
  private stepOf(next: State, more: { now?: Date; stored?: readonly StoredPayment[]; message?: AlertMessage } = {}): Step {
    const before = this.state;
    const settled = leftRequests(before.paymentRequests, next.paymentRequests).map(settledOf);
    return { now: more.now ?? this.now(), before, next, stored: more.stored ?? [], settled, message: more.message };
  }

  /** Writes the step `plan` makes on the state as stored, then applies it to memory. */
  private async write(plan: (context: PlanContext) => Step | null, leaderOnly?: string, asking?: readonly Transaction[]): Promise<void> {
    const written = await this.persistence.write(this, plan, leaderOnly, asking);
    if (written === null) return;
    const { step, bucket } = written;
    this.state = step.next;
    this.settled.add(step.settled);
    if (bucket !== null && step.stored.length > 0) this.addHistory([{ bucket, entries: step.stored }]);
    this.tellChanges(step.before, step.next);
  }

  private addHistory(batches: readonly HistoryBatch[]): void {
    for (const { bucket, entries } of batches) {
      if (entries.length === 0) continue;
      this.history.add(bucket, entries);
      this.recent.add(entries);
      this.listeners.tellStored(entries);
    }
  }

  private forget(buckets: readonly string[]): void {
    if (this.history.dropFiles(buckets) > 0) this.listeners.tellForgotten();
  }

  private tellChanges(before: State, after: State): void {
    const told: StoreEvent[] = [];
    if (grew(before.outbox, after.outbox)) told.push('outbox-grew');
    if (differs(before.chatRules, after.chatRules)) told.push('rules-changed');
    if (differs(before.paymentRequests, after.paymentRequests)) told.push('requests-changed');
    if (differs(before.paymentChecks, after.paymentChecks)) told.push('checks-changed');
    if (differs(before.counterLinks, after.counterLinks)) told.push('counters-changed');
    this.listeners.tell(told);
  }

  /** Once a Vietnam day, drops the history past retention, behind the commit that called it (not awaited inside it). */
  private pruneDaily(): void {
    if (vietnamDate(this.now()) === this.prunedDay) return;
    void this.serial(async () => {
      const now = this.now();
      if (vietnamDate(now) !== this.prunedDay) await this.prune(now);
    });
  }

  /** Drops the history past retention, the alert messages and presses of its time, and the requests done with 45 days after they were made. */
  private async prune(now: Date): Promise<void> {
    try {
      const aged = this.settled.expired(now);
      const dropped = await this.persistence.prune(this, now, aged);
      this.settled.forget(aged);
      this.prunedDay = vietnamDate(now);
      this.forget(dropped);
    } catch (error) {
      this.options.logger?.warn('history.prune_failed', { error: String(error), retry: 'at the next commit' });
    }
    this.keepHistoryWindow();
  }

  /**
   * Where the store answers for the history (PostgreSQL), memory keeps only its newest days and
   * the payments alerts are still owed for (sent from memory). Nothing is told: the history
   * itself is unchanged.
   */
  private keepHistoryWindow(): void {
    const days = this.persistence.historyWindowDays;
    if (days === null) return;
    const owed = new Set(this.state.outbox.map((row) => row.key));
    this.history.keepNewest(days, (key) => owed.has(key));
  }

  /** Changes run one at a time, in call order. */
  private serial<T>(task: () => Promise<T>): Promise<T> {
    return this.queue.run(task);
  }
}

/** A record's own entry (a key such as `__proto__` is a plain key, never the prototype). */
function own<T>(record: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

function pollCommit(change: Commit): boolean {
  return Object.keys(change.cursors ?? {}).length > 0 || (change.baselined ?? []).length > 0;
}

/** The cursors with the commits' moved; the same object when none moved. */
function withCursors(cursors: Readonly<Record<string, string>>, changes: readonly Commit[]): Record<string, string> {
  const latest = Object.entries(Object.assign({}, ...changes.map((change) => change.cursors ?? {})) as Record<string, string>);
  const moved = latest.filter(([name, value]) => own(cursors, name) !== value);
  return moved.length === 0 ? cursors : { ...cursors, ...Object.fromEntries(moved) };
}

/** The baselined accounts with the commits' new ones (recorded now); one already recorded keeps its time. */
function withBaselined(baselined: Readonly<Record<string, string>>, changes: readonly Commit[], now: Date): Record<string, string> {
  const added = changes.flatMap(({ baselined: b }) => b ?? []).filter((account) => own(baselined, account) === undefined);
  return added.length === 0 ? baselined : { ...baselined, ...Object.fromEntries(added.map((account) => [account, now.toISOString()])) };
}

/** Whether `after` owes an alert `before` did not. */
function grew(before: readonly OutboxRow[], after: readonly OutboxRow[]): boolean {
  if (before === after) return false;
  const known = new Set(before.map((row) => `${row.key}\n${row.dest}`));
  return after.some((row) => !known.has(`${row.key}\n${row.dest}`));
}

/** Whether a slice holds something else (a slice read back is a new object even when it holds the same). */
function differs(before: unknown, after: unknown): boolean {
  return before !== after && JSON.stringify(before) !== JSON.stringify(after);
}
