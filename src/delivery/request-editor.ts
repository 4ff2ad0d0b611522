import { ChatBlockedError, ChatRateLimitError, ChatRejectedError } from '../core/chat-errors.js';
import { isDue, isOpen, isSettled, settlesAt, type PaymentRequest } from '../core/payment-request.js';
import { backoffDelay, type RetryPolicy } from '../http/backoff.js';
import type { Logger } from '../log/logger.js';
import type { StateStore } from '../store/state-store.js';
import type { Destination } from './destination.js';
import { BLOCKED_RETRY_MS, STATE_RETRY_MS, TRANSIENT_RETRY } from './retry-waits.js';

export interface RequestEditorOptions {
  store: StateStore;
  destinations: readonly Destination[];
  logger: Logger;
  now?: () => number;
  /** Backoff for edits that failed for a passing reason (network, 5xx). */
  retry?: RetryPolicy;
  /** How long an edit waits before trying again a chat the bot cannot post in. */
  blockedRetryMs?: number;
  /** Whether this bot leads now, asked right before each edit goes out; always, by default. */
  leading?: () => boolean;
}

/**
 * Keeps each /qr request's message in step with the request, and expires requests on time:
 * the leader's job, like sending alerts. What a message must show is in the state (a request's
 * revision above the one its message shows), so an edit that failed, or was under way when the
 * bot stopped, is made after the restart; the expiry timer is set from the stored expiry times.
 */
export class RequestEditor {
  private readonly now: () => number;
  private readonly logger: Logger;
  /** Per request code: not before this instant, and how many edits failed in a row. */
  private readonly waits = new Map<string, { until: number; failures: number }>();
  private stopped = false;
  /** Something changed since the last turn began: look again before sleeping. */
  private dirty = true;
  private running: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;
  private unsubscribe: (() => void) | undefined;

  constructor(private readonly options: RequestEditorOptions) {
    this.now = options.now ?? Date.now;
    this.logger = options.logger.child({ part: 'qr' });
  }

  start(): void {
    this.unsubscribe = this.options.store.on(['requests-changed', 'writable-again'], () => this.wake());
    this.running ??= this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    this.wake();
    await this.running;
  }

  private wake(): void {
    this.dirty = true;
    this.wakeUp?.();
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        this.dirty = false;
        await this.turn();
        if (!this.dirty) await this.idle(this.nextWake() - this.now());
      } catch (error) {
        // The state could not be written: the edits stay owed, tried again shortly.
        this.logger.error('qr.state_write_failed', { error: String(error), retry_in_ms: STATE_RETRY_MS });
        await this.idle(STATE_RETRY_MS);
      }
    }
  }

  /** Expires what is due and lets go of what is done with, then makes every edit that is owed and not waiting. */
  private async turn(): Promise<void> {
    const { store } = this.options;
    const now = new Date(this.now());
    if (store.paymentRequests().some((r) => isDue(r, now) || isSettled(r, now))) await store.expirePaymentRequests();
    for (const request of store.paymentRequests()) {
      if (this.stopped) return;
      if (request.revision <= request.shown || request.messageRef === null) continue;
      if ((this.waits.get(request.code)?.until ?? 0) > this.now()) continue;
      await this.edit(request, request.messageRef);
    }
  }

  private async edit(request: PaymentRequest, ref: string): Promise<void> {
    const { store } = this.options;
    const log = { code: request.code, dest: request.dest, status: request.status };
    const destination = this.options.destinations.find((d) => d.id === request.dest);
    if (destination?.sender.editRequest === undefined) {
      // The chat is no longer configured, or cannot edit: nothing will ever show this.
      this.logger.warn('qr.edit_skipped', { ...log, reason: destination === undefined ? 'chat no longer configured' : 'chat cannot edit' });
      await store.paymentRequestShown(request.code, request.revision);
      return;
    }
    const rules = store.chatRules(destination.id);
    const target = store.movedTo(destination.id) ?? destination.target;
    // A leader paused past its lease must not edit what the new leader edits.
    if (!(this.options.leading?.() ?? true)) return;
    const result = await destination.sender.editRequest(target, ref, request, { locale: rules.lang, privacy: rules.privacy });
    if (result.ok) {
      this.waits.delete(request.code);
      await store.paymentRequestShown(request.code, request.revision);
      this.logger.info('qr.edited', log);
      return;
    }
    const error = result.error;
    if (error instanceof ChatRejectedError) {
      // The message is gone or can no longer be edited; trying again would fail the same way.
      this.waits.delete(request.code);
      await store.paymentRequestShown(request.code, request.revision);
      this.logger.error('qr.edit_refused', { ...log, error: error.message });
      return;
    }
    const failures = (this.waits.get(request.code)?.failures ?? 0) + 1;
    const wait =
      error instanceof ChatRateLimitError
        ? error.retryAfterMs
        : error instanceof ChatBlockedError || error.kind !== 'transient'
          ? (this.options.blockedRetryMs ?? BLOCKED_RETRY_MS)
          : backoffDelay(this.options.retry ?? TRANSIENT_RETRY, Math.min(failures - 1, 20));
    this.waits.set(request.code, { until: this.now() + wait, failures });
    this.logger.warn('qr.edit_retry', { ...log, kind: error.kind, error: error.message, retry_in_ms: wait });
  }

  /** The next expiry, the next request done with, or the end of the next wait, whichever comes first. */
  private nextWake(): number {
    let next = Infinity;
    for (const request of this.options.store.paymentRequests()) {
      if (isOpen(request)) next = Math.min(next, Date.parse(request.expiresAt));
      next = Math.min(next, settlesAt(request) ?? Infinity);
      const wait = this.waits.get(request.code);
      if (wait !== undefined && request.revision > request.shown) next = Math.min(next, wait.until);
    }
    return next;
  }

  private idle(ms: number): Promise<void> {
    if (this.stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        if (this.wakeUp === done) this.wakeUp = undefined;
        resolve();
      };
      const timer = Number.isFinite(ms) ? setTimeout(done, Math.max(0, Math.min(ms, 2 ** 31 - 1))) : undefined;
      this.wakeUp = done;
    });
  }
}
