import { ChatRejectedError, type ChatError } from '../core/chat-errors.js';
import type { TextMessage } from '../core/chat-sender.js';
import { err, type Result } from '../core/result.js';
import type { RetryPolicy } from '../http/backoff.js';
import type { Logger } from '../log/logger.js';
import type { OutboxRow } from '../store/state-schema.js';
import type { StateStore } from '../store/state-store.js';
import type { Destination } from './destination.js';
import { DestinationWorker } from './destination-worker.js';
import { DroppedAlerts } from './dropped-alerts.js';
import { BLOCKED_RETRY_MS, TRANSIENT_RETRY } from './failure-policy.js';
import type { UpdateSource } from './owed-update.js';
import type { SendBudgets } from './send-budgets.js';

export interface DispatcherOptions {
  store: StateStore;
  destinations: readonly Destination[];
  /** The chats' send budgets, which the chats' command answers spend too. */
  budgets: SendBudgets;
  logger: Logger;
  /** Messages the bot posted that owe an update (a /qr request paid or expired); none by default. */
  updates?: readonly UpdateSource[];
  now?: () => number;
  /** Backoff for transient failures (network, 5xx). */
  retry?: RetryPolicy;
  /** How long messages wait before trying again a chat the bot cannot post in. */
  blockedRetryMs?: number;
  /** Told about every accepted alert message (metrics). */
  onDelivered?: (dest: string, rows: readonly OutboxRow[]) => void;
  /** Told about every alert or post a chat did not take (metrics, service notices). */
  onFailure?: (dest: string, error: ChatError) => void;
  /** TZ_DISPLAY: the zone chats' quiet hours are written in. */
  timeZone?: string;
  /** Whether this bot leads now (see src/core/leadership.ts), asked right before each message goes out; always, by default. */
  leading?: () => boolean;
}

/**
 * Everything the bot sends to its chats: one worker per destination (destination-worker.ts), so a
 * chat that fails never holds back the others. Each sends its chat's alerts, the updates owed to
 * messages the bot posted there, and the notices and summaries posted to it, all within one send
 * budget, and removes what it sent from the state only after the chat took it.
 */
export class Dispatcher {
  private readonly workers: DestinationWorker[];
  private readonly updates: readonly UpdateSource[];
  private readonly logger: Logger;
  private readonly leading: () => boolean;
  private unsubscribe: (() => void)[] = [];
  /** Letting go of updates no worker can make; one at a time. */
  private lettingGo: Promise<void> = Promise.resolve();

  constructor(private readonly options: DispatcherOptions) {
    this.updates = options.updates ?? [];
    this.logger = options.logger;
    this.leading = options.leading ?? (() => true);
    const worker = {
      store: options.store,
      logger: options.logger,
      updates: this.updates,
      waits: { transient: options.retry ?? TRANSIENT_RETRY, blockedMs: options.blockedRetryMs ?? BLOCKED_RETRY_MS },
      now: options.now ?? Date.now,
      timeZone: options.timeZone ?? 'Asia/Ho_Chi_Minh',
      leading: this.leading,
      onDelivered: options.onDelivered,
      onFailure: options.onFailure,
      dropped: new DroppedAlerts(options.store),
    };
    this.workers = options.destinations.map((d) => new DestinationWorker(d, options.budgets.of(d.sender, d.target), worker));
  }

  start(): void {
    const wake = () => this.wake();
    this.unsubscribe = [
      this.options.store.on(['outbox-grew', 'rules-changed', 'writable-again'], wake),
      ...this.updates.map((source) => source.onChange(wake)),
    ];
    for (const worker of this.workers) worker.start();
    this.letGoOfStrays();
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
    this.letGoOfStrays();
  }

  /** Stops after the messages in flight have been answered and recorded. */
  async stop(): Promise<void> {
    for (const undo of this.unsubscribe.splice(0)) undo();
    await Promise.all(this.workers.map((w) => w.stop()));
    await this.lettingGo;
  }

  /**
   * Updates owed to messages in chats no worker sends to (no longer configured) will never be
   * made: they are let go, with a warning, as an edit the chat refused would be.
   */
  private letGoOfStrays(): void {
    const mine = new Set(this.workers.map((w) => w.dest));
    if (!this.updates.some((source) => source.owed().some((update) => !mine.has(update.dest)))) return;
    this.lettingGo = this.lettingGo.then(async () => {
      for (const update of this.updates.flatMap((source) => source.owed())) {
        if (mine.has(update.dest) || !this.leading()) continue;
        this.logger.warn(`${update.part}.edit_skipped`, { ...update.log, reason: 'chat no longer configured' });
        await update.shown().catch((error: unknown) => {
          this.logger.error(`${update.part}.state_write_failed`, { ...update.log, error: String(error), retry: 'when the state changes' });
        });
      }
    });
  }
}
