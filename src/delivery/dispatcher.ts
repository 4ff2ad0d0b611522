import { ChatBlockedError, ChatMigratedError, ChatRateLimitError, ChatRejectedError, ChatTransientError, type ChatError } from '../core/chat-errors.js';
import type { TextMessage } from '../core/chat-sender.js';
import { err, type Result } from '../core/result.js';
import { backoffDelay, type RetryPolicy } from '../http/backoff.js';
import type { Logger } from '../log/logger.js';
import type { ChatRules } from '../core/chat-rules.js';
import { transactionKey, type Transaction } from '../core/model.js';
import type { AlertLook } from '../core/chat-sender.js';
import type { OutboxRow } from '../store/state-schema.js';
import type { StateStore } from '../store/state-store.js';
import { applyRules } from './apply-rules.js';
import type { Destination } from './destination.js';
import { BLOCKED_RETRY_MS, STATE_RETRY_MS, TRANSIENT_RETRY } from './retry-waits.js';
import { SendBudget } from './send-budget.js';

export interface DispatcherOptions {
  store: StateStore;
  destinations: readonly Destination[];
  logger: Logger;
  now?: () => number;
  /** Backoff for transient failures (network, 5xx). */
  retry?: RetryPolicy;
  /** How long alerts wait before trying again a chat the bot cannot post in. */
  blockedRetryMs?: number;
  /** Told about every accepted message (metrics). */
  onDelivered?: (dest: string, rows: readonly OutboxRow[]) => void;
  /** Told about every failed send (metrics). */
  onFailure?: (dest: string, error: ChatError) => void;
  /** TZ_DISPLAY: the zone chats' quiet hours are written in. */
  timeZone?: string;
  /** Whether this bot leads now (see src/core/leadership.ts), asked right before each message goes out; always, by default. */
  leading?: () => boolean;
}


/**
 * Drains the outbox: one worker per destination, so a chat that fails never holds back
 * the others. Whenever a chat's budget has room, its worker sends everything due for it (one
 * digest when more than one, as many messages as the platform's length limit needs), and
 * removes rows only after the chat accepted them (and that removal is on disk before the
 * next send). Nothing waits while the budget has room; a burst spends it at once.
 */
export class Dispatcher {
  private readonly workers: DestinationWorker[];
  private unsubscribe: (() => void) | undefined;

  constructor(private readonly options: DispatcherOptions) {
    // One budget per platform for what its limits count across all of the bot's chats, and one
    // per chat, which destinations in the same chat (a group's topics) share.
    const platforms = new Map<Destination['sender'], SendBudget>();
    const chats = new Map<string, SendBudget>();
    this.workers = options.destinations.map((d) => {
      const platform = platforms.get(d.sender) ?? new SendBudget(d.sender.sharedLimits);
      platforms.set(d.sender, platform);
      const chatKey = `${d.sender.platform}\n${d.sender.limitedAs?.(d.target) ?? d.target}`;
      const chat = chats.get(chatKey) ?? new SendBudget(d.sender.limits(d.target), [platform]);
      chats.set(chatKey, chat);
      return new DestinationWorker(d, chat, options);
    });
  }

  start(): void {
    this.unsubscribe = this.options.store.on(['outbox-grew', 'rules-changed', 'writable-again'], () => this.wake());
    for (const worker of this.workers) worker.start();
  }

  /**
   * Posts a message that is not an alert (a notice, a summary) to one destination, within its
   * send budget and never ahead of an alert it could send instead; resolves once the chat
   * answered. Not retried: the caller knows whether it matters.
   */
  post(dest: string, message: TextMessage): Promise<Result<{ ref: string }, ChatError>> {
    const worker = this.workers.find((w) => w.dest === dest);
    if (worker === undefined) return Promise.resolve(err(new ChatRejectedError(dest, 'not a configured destination')));
    return worker.post(message);
  }

  /** Wakes every worker, e.g. after a commit added rows. */
  wake(): void {
    for (const worker of this.workers) worker.wake();
  }

  /** Stops after the sends in flight have finished and been recorded. */
  async stop(): Promise<void> {
    this.unsubscribe?.();
    await Promise.all(this.workers.map((w) => w.stop()));
  }
}

class DestinationWorker {
  private readonly store: StateStore;
  private readonly logger: Logger;
  private readonly now: () => number;
  private readonly retry: RetryPolicy;
  private readonly blockedRetryMs: number;
  private stopped = false;
  private running: Promise<void> | undefined;
  private notBefore = 0;
  /** After a chat rejected a digest, its alerts go one by one to find the one it refuses. */
  private singlesOwed = 0;
  private wakeUp: (() => void) | undefined;
  /** Until when the chat's quiet hours hold the alerts that are due (0: they do not). */
  private quietUntil = 0;
  /** Messages that are not alerts, waiting for room in the budget; in memory only. */
  private readonly posts: { message: TextMessage; settle: (result: Result<{ ref: string }, ChatError>) => void }[] = [];

  constructor(
    private readonly destination: Destination,
    private readonly budget: SendBudget,
    private readonly options: DispatcherOptions,
  ) {
    this.store = options.store;
    this.logger = options.logger.child({ dest: destination.id });
    this.now = options.now ?? Date.now;
    this.retry = options.retry ?? TRANSIENT_RETRY;
    this.blockedRetryMs = options.blockedRetryMs ?? BLOCKED_RETRY_MS;
  }

  start(): void {
    this.running ??= this.run();
  }

  get dest(): string {
    return this.destination.id;
  }

  post(message: TextMessage): Promise<Result<{ ref: string }, ChatError>> {
    if (this.stopped) return Promise.resolve(err(new ChatTransientError(this.destination.id, 'the bot is stopping')));
    return new Promise((settle) => {
      this.posts.push({ message, settle });
      this.wake();
    });
  }

  wake(): void {
    this.wakeUp?.();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake();
    await this.running;
    for (const waiting of this.posts.splice(0)) waiting.settle(err(new ChatTransientError(this.destination.id, 'the bot is stopping')));
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      const now = this.now();
      const rows = this.store.pending(this.destination.id);
      const due = rows.filter((row) => row.nextAt <= now);
      const readyAt = Math.max(this.notBefore, this.budget.freeAt(now));
      // Other messages go when no alert could go instead: none due, or alerts held by the state or
      // by quiet hours (those hold alerts only: a notice or the summary the chat asked for goes).
      if (this.posts.length > 0 && (due.length === 0 || !this.store.writable || this.quietUntil > now)) {
        if (readyAt > now) await this.idle(readyAt - now);
        else await this.postOne();
      } else if (due.length === 0) {
        // A loop, not Math.min(...rows): a chat blocked for days can owe more rows than a call takes arguments.
        const next = rows.reduce((soonest, row) => Math.min(soonest, row.nextAt), Infinity);
        await this.idle(Number.isFinite(next) ? next - now : Infinity);
      } else if (readyAt > now) {
        await this.idle(readyAt - now);
      } else if (!this.store.writable) {
        // A message sent now could not be recorded as sent and would go out again: hold
        // alerts until the store can write (it wakes us when it can).
        await this.idle(STATE_RETRY_MS);
      } else {
        try {
          await this.sendSome(due);
        } catch (error) {
          // The state could not be written (disk full, permissions). The rows stay owed: try
          // again shortly rather than end this chat's worker and leave its alerts unsent.
          this.logger.error('alert.state_write_failed', { error: String(error), retry_in_ms: STATE_RETRY_MS });
          await this.idle(STATE_RETRY_MS);
        }
      }
    }
  }

  private async postOne(): Promise<void> {
    const waiting = this.posts.shift();
    if (waiting === undefined) return;
    if (!this.leading()) {
      waiting.settle(err(new ChatTransientError(this.destination.id, 'this bot no longer leads: another bot posts')));
      return;
    }
    const answered = this.budget.take(this.now());
    const result = await this.destination.sender.post(this.target(), waiting.message);
    answered(this.now());
    if (!result.ok) {
      this.options.onFailure?.(this.destination.id, result.error);
      // The platform's wait holds back the alerts too, as after an alert it refused.
      if (result.error instanceof ChatRateLimitError) this.notBefore = this.now() + result.error.retryAfterMs;
    }
    waiting.settle(result);
  }

  private leading(): boolean {
    return this.options.leading?.() ?? true;
  }

  /** The chat id to post to, following a Telegram group that became a supergroup. */
  private target(): string {
    return this.store.movedTo(this.destination.id) ?? this.destination.target;
  }

  /** Sends what is due as one message (all of it when it fits, else the platform's share), as the chat's rules say. */
  private async sendSome(dueRows: OutboxRow[]): Promise<void> {
    const { sender } = this.destination;
    const ruled = await this.followRules(dueRows);
    if (ruled === null) return;
    const { due, rules } = ruled;
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
    const sentAt = this.now();
    // Checked again here, with no await before the spend: another chat's worker may have spent
    // a shared budget while this one was reading its rules (the loop then waits for room).
    if (this.budget.freeAt(sentAt) > sentAt) return;
    // A leader paused past its lease finds out here, before it sends what the new leader sends.
    if (!this.leading()) return;
    const answered = this.budget.take(sentAt);
    const result = await sender.send(this.target(), sent, look);
    answered(this.now());
    if (count === 1) this.singlesOwed = Math.max(0, this.singlesOwed - 1);
    if (result.ok) {
      this.options.onDelivered?.(this.destination.id, rows);
      const { button } = result.value;
      // A message with the button is remembered with its payments, so that a press knows what it acknowledges.
      const message = button === undefined ? undefined : { dest: this.destination.id, ref: button, keys: rows.map((r) => r.key), at: this.now() };
      await this.store.delivered(rows, message);
      this.logger.info('alert.sent', {
        count: rows.length,
        ref: result.value.ref,
        waited_ms: sentAt - rows.reduce((oldest, r) => Math.min(oldest, r.createdAt), Infinity),
      });
      return;
    }
    await this.handleFailure(rows, sent, result.error);
  }

  /**
   * The chat's rules as they are now: alerts it no longer wants are forgotten, and in its quiet
   * hours the worker waits for the window's end. Null when nothing is to be sent this turn.
   */
  private async followRules(dueRows: OutboxRow[]): Promise<{ due: OutboxRow[]; rules: ChatRules } | null> {
    const rules = this.store.chatRules(this.destination.id);
    const alerts = dueRows.flatMap((row) => {
      const tx = this.store.get(row.key);
      // A row whose transaction aged out is left to the orphan handling below.
      return tx ? [{ row, tx }] : [];
    });
    const verdict = applyRules(alerts, rules, this.now(), this.options.timeZone ?? 'Asia/Ho_Chi_Minh');
    this.quietUntil = verdict.holdUntil ?? 0;
    if (verdict.drop.length > 0) {
      await this.store.delivered(verdict.drop);
      this.logger.debug('alert.filtered', { count: verdict.drop.length });
    }
    if (verdict.holdUntil !== null) {
      // Woken early by a rule change or a new alert, the worker looks again.
      this.logger.debug('alert.quiet', { until: new Date(verdict.holdUntil).toISOString() });
      await this.idle(verdict.holdUntil - this.now());
      return null;
    }
    const orphans = dueRows.filter((row) => this.store.get(row.key) === undefined);
    const due = [...orphans, ...verdict.send];
    return due.length === 0 ? null : { due, rules };
  }

  private async handleFailure(rows: OutboxRow[], txs: Transaction[], error: ChatError): Promise<void> {
    this.options.onFailure?.(this.destination.id, error);
    const fields = { count: rows.length, kind: error.kind, error: error.message };
    if (error instanceof ChatMigratedError) {
      const from = this.destination.target;
      const to = error.newChatId;
      await this.store.recordMove(this.destination.id, to);
      this.logger.warn('chat.migrated', {
        from,
        to,
        fix: `the group became a supergroup: alerts now go to ${to}; replace ${from} with ${to} in TELEGRAM_CHAT_IDS`,
      });
      return;
    }
    if (error instanceof ChatRateLimitError) {
      await this.postpone(rows, error.retryAfterMs, error);
      this.logger.warn('alert.rate_limited', { ...fields, retry_in_ms: error.retryAfterMs });
      return;
    }
    if (error.kind === 'transient') {
      const wait = backoffDelay(this.retry, Math.min(rows[0]?.attempts ?? 0, 20));
      await this.postpone(rows, wait, error);
      this.logger.warn('alert.retry', { ...fields, retry_in_ms: wait });
      return;
    }
    if (error instanceof ChatRejectedError) {
      await this.reject(rows, txs, error);
      return;
    }
    // Blocked: never drop a money alert. Keep it, retry slowly, say what to fix.
    await this.postpone(rows, this.blockedRetryMs, error);
    const fix = error instanceof ChatBlockedError ? error.hint : undefined;
    this.logger.error('alert.blocked', { ...fields, retry_in_ms: this.blockedRetryMs, fix });
  }

  /**
   * The chat refused this message as such; sending it again would fail the same way. A
   * digest is split into single alerts (only the one it refuses stays back); a single alert
   * leaves the queue for the dead letters, so it never blocks the alerts behind it.
   */
  private async reject(rows: OutboxRow[], txs: Transaction[], error: ChatRejectedError): Promise<void> {
    if (rows.length > 1) {
      this.singlesOwed = rows.length;
      this.logger.warn('alert.digest_rejected', { count: rows.length, error: error.message, next: 'sending them one by one' });
      return;
    }
    await this.store.deadLetter(
      rows.flatMap((row, i) => (txs[i] ? [{ row, tx: txs[i] }] : [])),
      error.message,
    );
    this.logger.error('alert.dead_letter', {
      key: rows[0]?.key,
      error: error.message,
      fix: 'the chat refused this alert for good: it is kept in the state; `npm run doctor` lists it with the payment',
    });
  }

  /** Holds back this whole destination (not just these rows) for `waitMs`. */
  private async postpone(rows: OutboxRow[], waitMs: number, error: ChatError): Promise<void> {
    this.notBefore = this.now() + waitMs;
    await this.store.reschedule(rows, this.notBefore, error.message);
  }

  private idle(ms: number): Promise<void> {
    if (this.stopped) return Promise.resolve();
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
