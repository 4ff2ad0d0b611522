import { ChatBlockedError, ChatTransientError, type ChatError } from '../core/chat-errors.js';
import type { ChatRules } from '../core/chat-rules.js';
import type { AlertMessage } from '../core/acknowledgement.js';
import type { AlertLook, TextMessage } from '../core/chat-sender.js';
import { transactionKey, type Transaction } from '../core/model.js';
import { err, type Result } from '../core/result.js';
import type { Logger } from '../log/logger.js';
import type { OutboxRow } from '../store/state-schema.js';
import type { StateStore } from '../store/state-store.js';
import { applyRules } from './apply-rules.js';
import { currentTarget, type Destination } from './destination.js';
import type { DroppedAlerts } from './dropped-alerts.js';
import { remedyFor, STATE_RETRY_MS, type FailureWaits, type Remedy } from './failure-policy.js';
import type { OwedUpdate, UpdateSource } from './owed-update.js';
import type { SendBudget } from './send-budget.js';

export interface WorkerOptions {
  store: StateStore;
  logger: Logger;
  /** Where the updates owed to messages the bot posted come from. */
  updates: readonly UpdateSource[];
  waits: FailureWaits;
  now: () => number;
  /** TZ_DISPLAY: the zone chats' quiet hours are written in. */
  timeZone: string;
  /** Whether this bot leads now (see src/core/leadership.ts), asked right before each message goes out. */
  leading: () => boolean;
  onDelivered?: (dest: string, rows: readonly OutboxRow[]) => void;
  onFailure?: (dest: string, error: ChatError) => void;
  /** Forgets alerts the chat's rules dropped, with every other worker's drops in one write. */
  dropped: DroppedAlerts;
}

type PostResult = Result<{ ref: string }, ChatError>;

/** What an alert's wait is logged as, by why it waits. */
const ALERT_WAIT_EVENTS: Partial<Record<ChatError['kind'], string>> = { rate_limited: 'alert.rate_limited', transient: 'alert.retry', blocked: 'alert.blocked' };

/**
 * Everything that goes to one destination's chat, one message at a time, within the chat's send
 * budget: alerts (durable, from the outbox), updates owed to messages the bot posted (durable,
 * from the state) and other posts (notices, summaries; in memory, not retried), in that order
 * of precedence. Whatever the chat does not take, the one failure policy (failure-policy.ts)
 * says what to do about. Nothing waits while the budget has room; a burst spends it at once.
 */
export class DestinationWorker {
  private readonly store: StateStore;
  private readonly logger: Logger;
  private stopped = false;
  private running: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;
  /** Woken since the turn began: what it read may be stale, so it looks again before sleeping. */
  private woken = false;
  /** Nothing goes to the chat before this instant: its platform asked for a pause, or its alerts failed. */
  private notBefore = 0;
  /** After a chat rejected a digest, its alerts go one by one to find the one it refuses. */
  private singlesOwed = 0;
  /**
   * Alerts the chat took whose recording failed (the state could not be written): recorded as
   * soon as it can be, never sent again by this bot. Lost only with the process (or the lead),
   * where at most that one message is repeated.
   */
  private unrecorded: { rows: readonly OutboxRow[]; message?: AlertMessage } | null = null;
  /** Messages that are not alerts, waiting for room in the budget; in memory only. */
  private readonly posts: { message: TextMessage; settle: (result: PostResult) => void }[] = [];
  /** Owed updates (by key) whose last edit failed: not before `until`, after `failures` in a row. */
  private readonly editWaits = new Map<string, { until: number; failures: number }>();

  constructor(
    private readonly destination: Destination,
    private readonly budget: SendBudget,
    private readonly options: WorkerOptions,
  ) {
    this.store = options.store;
    this.logger = options.logger.child({ dest: destination.id });
  }

  get dest(): string {
    return this.destination.id;
  }

  start(): void {
    this.running ??= this.run();
  }

  /**
   * Posts a message that is not an alert, within the chat's budget and never ahead of an alert
   * or an edit it could send instead; resolves once the chat answered. Not retried.
   */
  post(message: TextMessage): Promise<PostResult> {
    if (this.stopped) return Promise.resolve(err(new ChatTransientError(this.dest, 'the bot is stopping')));
    return new Promise((settle) => {
      this.posts.push({ message, settle });
      this.wake();
    });
  }

  wake(): void {
    this.woken = true;
    this.wakeUp?.();
  }

  /** Stops after the message in flight has been answered and recorded. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake();
    await this.running;
    for (const waiting of this.posts.splice(0)) waiting.settle(err(new ChatTransientError(this.dest, 'the bot is stopping')));
  }

  private async run(): Promise<void> {
    while (!this.stopped) await this.turn();
  }

  /** Sends the one message that goes next, or sleeps until one may. */
  private async turn(): Promise<void> {
    this.woken = false;
    const now = this.now();
    const rows = this.store.pending(this.dest);
    const due = rows.filter((row) => row.nextAt <= now);
    const writable = this.store.writable;
    try {
      if (this.unrecorded !== null) {
        if (writable) await this.recordDelivered(this.unrecorded.rows, this.unrecorded.message);
        else await this.idle(STATE_RETRY_MS);
        return;
      }
      // Alerts the chat's rules let go now. While the state cannot be written none goes, nor any
      // edit: a message sent then could not be recorded as sent, and would go out again.
      const alerts = due.length > 0 && writable ? await this.followRules(due) : null;
      const edits = writable ? this.editsDue(now) : [];
      const readyAt = Math.max(this.notBefore, this.budget.freeAt(now));
      const [edit] = edits;
      if (alerts !== null && alerts.send.length > 0) {
        const goAt = this.budget.alertsGoAt(waitingSince(alerts.send), readyAt);
        if (goAt > now) await this.idle(goAt - now);
        else await this.sendAlerts(alerts.send, alerts.rules);
      } else if (edit !== undefined) {
        if (readyAt > now) await this.idle(readyAt - now);
        else await this.sendEdit(edit);
      } else if (this.posts.length > 0) {
        // Notices and summaries go also while quiet hours or the state hold the alerts; they
        // leave a share of the bot-wide budget to other chats' alerts.
        const postAt = Math.max(this.notBefore, this.budget.freeAt(now, true));
        if (postAt > now) await this.idle(postAt - now);
        else await this.sendPost();
      } else {
        const held = due.length > 0 && !writable ? now + STATE_RETRY_MS : (alerts?.holdUntil ?? null);
        await this.idle(this.nextLook(rows, now, held) - now);
      }
    } catch (error) {
      // The state could not be written (disk full, permissions). What is owed stays owed: try
      // again shortly rather than end this chat's worker and leave its messages unsent.
      this.logger.error('delivery.state_write_failed', { error: String(error), retry_in_ms: STATE_RETRY_MS });
      await this.idle(STATE_RETRY_MS);
    }
  }

  /** When something may go that cannot now: an alert's retry, the end of quiet hours or of a failed edit's wait. */
  private nextLook(rows: readonly OutboxRow[], now: number, held: number | null): number {
    // A loop, not Math.min(...rows): a chat blocked for days can owe more rows than a call takes arguments.
    let next = held ?? Infinity;
    for (const row of rows) if (row.nextAt > now) next = Math.min(next, row.nextAt);
    for (const wait of this.editWaits.values()) next = Math.min(next, wait.until);
    return next;
  }

  private now(): number {
    return this.options.now();
  }

  private leading(): boolean {
    return this.options.leading();
  }

  /** Records alerts the chat took; while that fails, they are held as unrecorded, not sent again. */
  private async recordDelivered(rows: readonly OutboxRow[], message?: AlertMessage): Promise<void> {
    this.unrecorded = message === undefined ? { rows } : { rows, message };
    await this.store.delivered(rows, message);
    this.unrecorded = null;
  }

  /**
   * Counts a message leaving now against the budget, unless the budget has no room (another
   * chat's worker may have spent a shared one while this one awaited) or this bot no longer leads
   * (a leader paused past its lease finds out here, before it sends what the new leader sends).
   * Null when it must not go: the loop then looks again.
   */
  private spend(yielding = false): { at: number; answered: (at: number) => void } | null {
    const at = this.now();
    if (this.budget.freeAt(at, yielding) > at || !this.leading()) return null;
    return { at, answered: this.budget.take(at) };
  }

  /**
   * The chat's rules as they are now: alerts it no longer wants are forgotten; in its quiet
   * hours the rest wait for the window's end (`holdUntil`), else they go (`send`).
   */
  private async followRules(dueRows: OutboxRow[]): Promise<{ send: OutboxRow[]; rules: ChatRules; holdUntil: number | null }> {
    const rules = this.store.chatRules(this.dest);
    const alerts = dueRows.flatMap((row) => {
      const tx = this.store.get(row.key);
      // A row whose transaction aged out is left to the orphan handling in sendAlerts.
      return tx ? [{ row, tx }] : [];
    });
    const verdict = applyRules(alerts, rules, this.now(), this.options.timeZone);
    if (verdict.drop.length > 0) {
      await this.options.dropped.forget(verdict.drop);
      this.logger.debug('alert.filtered', { count: verdict.drop.length });
    }
    if (verdict.holdUntil !== null) {
      // Woken early by a rule change or a new alert, the worker looks again.
      this.logger.debug('alert.quiet', { until: new Date(verdict.holdUntil).toISOString() });
      return { send: [], rules, holdUntil: verdict.holdUntil };
    }
    const orphans = dueRows.filter((row) => this.store.get(row.key) === undefined);
    return { send: [...orphans, ...verdict.send], rules, holdUntil: null };
  }

  /** Sends what is due as one message (all of it when it fits, else the platform's share). */
  private async sendAlerts(due: OutboxRow[], rules: ChatRules): Promise<void> {
    const { sender } = this.destination;
    const look: AlertLook = {
      locale: rules.lang,
      privacy: rules.privacy,
      ack: rules.ack,
      requestOf: (tx) => this.store.requestAnswered(transactionKey(tx)),
    };
    const txs: Transaction[] = [];
    const sendable: OutboxRow[] = [];
    const orphans: OutboxRow[] = [];
    for (const row of due) {
      const tx = this.store.get(row.key);
      if (tx) {
        txs.push(tx);
        sendable.push(row);
      } else orphans.push(row);
    }
    if (orphans.length > 0) {
      // Only possible if the history aged out while the chat was unreachable for weeks.
      this.logger.error('alert.dropped', { reason: 'transaction no longer in history', count: orphans.length });
      await this.store.delivered(orphans);
      if (txs.length === 0) return;
    }
    // After a digest the chat refused, its payments go one by one until each was tried alone.
    const count = this.singlesOwed > 0 ? 1 : sender.batchSize(txs, look);
    const rows = sendable.slice(0, count);
    const sent = txs.slice(0, count);
    const spent = this.spend();
    if (spent === null) return;
    const result = await sender.send(this.target(), sent, look);
    spent.answered(this.now());
    if (count === 1) this.singlesOwed = Math.max(0, this.singlesOwed - 1);
    if (result.ok) {
      this.options.onDelivered?.(this.dest, rows);
      const { button } = result.value;
      // A message with the button is remembered with its payments, so that a press knows what it acknowledges.
      const message = button === undefined ? undefined : { dest: this.dest, ref: button, keys: rows.map((r) => r.key), at: this.now() };
      await this.recordDelivered(rows, message);
      this.logger.info('alert.sent', {
        count: rows.length,
        ref: result.value.ref,
        waited_ms: spent.at - rows.reduce((oldest, r) => Math.min(oldest, r.createdAt), Infinity),
      });
      return;
    }
    const error = result.error;
    this.options.onFailure?.(this.dest, error);
    const remedy = remedyFor(error, { items: rows.length, failures: rows[0]?.attempts ?? 0 }, this.options.waits);
    const fields = { count: rows.length, kind: error.kind, error: error.message };
    switch (remedy.act) {
      case 'follow':
        return this.follow(remedy);
      case 'wait': {
        // The chat's alerts go in order: a wait holds them all, and what arrives meanwhile joins them then.
        this.notBefore = this.now() + remedy.ms;
        await this.store.reschedule(rows, this.notBefore, error.message);
        const fix = error instanceof ChatBlockedError ? error.hint : undefined;
        const event = ALERT_WAIT_EVENTS[error.kind] ?? 'alert.retry';
        if (error.kind === 'blocked') this.logger.error(event, { ...fields, retry_in_ms: remedy.ms, fix });
        else this.logger.warn(event, { ...fields, retry_in_ms: remedy.ms });
        return;
      }
      case 'split':
        this.singlesOwed = rows.length;
        this.logger.warn('alert.digest_rejected', { count: rows.length, error: error.message, next: 'sending them one by one' });
        return;
      case 'set-aside':
        await this.store.deadLetter(
          rows.flatMap((row, i) => (sent[i] ? [{ row, tx: sent[i] }] : [])),
          error.message,
        );
        this.logger.error('alert.dead_letter', {
          key: rows[0]?.key,
          error: error.message,
          fix: 'the chat refused this alert for good: it is kept in the state; `npm run doctor` lists it with the payment',
        });
        return;
    }
  }

  /** The updates owed to this chat's messages that are not waiting after a failed edit, oldest first. */
  private editsDue(now: number): OwedUpdate[] {
    // Asked of the state, like the alerts: none while another bot leads.
    if (!this.leading()) return [];
    const owed = this.options.updates.flatMap((source) => source.owed()).filter((update) => update.dest === this.dest);
    const keys = new Set(owed.map((update) => update.key));
    for (const key of this.editWaits.keys()) if (!keys.has(key)) this.editWaits.delete(key);
    return owed.filter((update) => (this.editWaits.get(update.key)?.until ?? 0) <= now);
  }

  /** Rewrites one message the bot posted to show what it owes. */
  private async sendEdit(update: OwedUpdate): Promise<void> {
    const log = update.log;
    const edit = update.editBy(this.destination.sender);
    if (edit === undefined) {
      // This platform cannot edit: nothing will ever show it.
      this.logger.warn(`${update.part}.edit_skipped`, { ...log, reason: 'chat cannot edit' });
      await update.shown();
      return;
    }
    const rules = this.store.chatRules(this.dest);
    const spent = this.spend();
    if (spent === null) return;
    const result = await edit(this.target(), { locale: rules.lang, privacy: rules.privacy });
    spent.answered(this.now());
    if (result.ok) {
      this.editWaits.delete(update.key);
      await update.shown();
      this.logger.info(`${update.part}.edited`, log);
      return;
    }
    const error = result.error;
    const failures = (this.editWaits.get(update.key)?.failures ?? 0) + 1;
    const remedy = remedyFor(error, { items: 1, failures: failures - 1 }, this.options.waits);
    switch (remedy.act) {
      case 'follow':
        return this.follow(remedy);
      case 'wait':
        this.editWaits.set(update.key, { until: this.now() + remedy.ms, failures });
        if (remedy.wholeChat) this.notBefore = this.now() + remedy.ms;
        this.logger.warn(`${update.part}.edit_retry`, { ...log, kind: error.kind, error: error.message, retry_in_ms: remedy.ms });
        return;
      case 'split':
      case 'set-aside':
        // The message is gone or can no longer be edited; trying again would fail the same way.
        this.editWaits.delete(update.key);
        await update.shown();
        this.logger.error(`${update.part}.edit_refused`, { ...log, error: error.message });
        return;
    }
  }

  /** Posts the oldest message waiting that is not an alert, and tells its caller what came of it. */
  private async sendPost(): Promise<void> {
    const waiting = this.posts.shift();
    if (waiting === undefined) return;
    if (!this.leading()) {
      waiting.settle(err(new ChatTransientError(this.dest, 'this bot no longer leads: another bot posts')));
      return;
    }
    const spent = this.spend(true);
    if (spent === null) {
      this.posts.unshift(waiting);
      return;
    }
    const result = await this.destination.sender.post(this.target(), waiting.message);
    spent.answered(this.now());
    if (!result.ok) {
      this.options.onFailure?.(this.dest, result.error);
      const remedy = remedyFor(result.error, { items: 1, failures: 0 }, this.options.waits);
      if (remedy.act === 'follow') {
        // The same chat under its new id: the message goes there next.
        this.posts.unshift(waiting);
        return this.follow(remedy);
      }
      // Not retried here (the caller knows whether it matters), but the platform's pause holds the alerts too.
      if (remedy.act === 'wait' && remedy.wholeChat) this.notBefore = this.now() + remedy.ms;
    }
    waiting.settle(result);
  }

  /** Where the chat's messages go now, following a chat that moved to a new id. */
  private target(): string {
    return currentTarget(this.destination, this.store);
  }

  /** The chat moved to a new id: recorded, so everything owed to it goes there from now on, across restarts. */
  private async follow(remedy: Extract<Remedy, { act: 'follow' }>): Promise<void> {
    const from = this.target();
    await this.store.recordMove(this.dest, remedy.to);
    this.logger.warn('chat.moved', { from, to: remedy.to, fix: remedy.hint });
  }

  private idle(ms: number): Promise<void> {
    if (this.stopped || this.woken) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = Number.isFinite(ms) ? setTimeout(done, Math.max(0, Math.min(ms, 2 ** 31 - 1))) : undefined;
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = done;
    });
  }
}

/** Since when the longest-waiting of these alerts has been owed: stored, or due again after a failure. */
function waitingSince(rows: readonly OutboxRow[]): number {
  let since = Infinity;
  for (const row of rows) since = Math.min(since, Math.max(row.createdAt, row.nextAt));
  return since;
}
