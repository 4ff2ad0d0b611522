import type { Logger } from '../log/logger.js';
import type { StateStore, StoreEvent } from '../store/state-store.js';
import { STATE_RETRY_MS } from './failure-policy.js';

/**
 * The longest it sleeps while something is pending: times are wall-clock times, a timer runs on
 * the monotonic clock, so after a clock step forward (NTP, a suspended VM) an item ends within a
 * second of its time rather than when the timer set before the step runs out.
 */
const MAX_SLEEP_MS = 1_000;

export interface ExpiryTimerOptions {
  store: Pick<StateStore, 'on'>;
  logger: Logger;
  /** What its log lines start with (`qr`, `check`). */
  part: string;
  /** The store event that says its items changed. */
  changed: StoreEvent;
  /** When `expire` next has something to do (epoch ms; Infinity: nothing). */
  next(): number;
  /** Whether it has something to do at `now`. */
  due(now: Date): boolean;
  /** Expires what is due and lets go of what is done with; durable before it resolves. */
  expire(): Promise<void>;
  now?: () => number;
  /** Whether this bot leads now; always, by default. */
  leading?: () => boolean;
}

/**
 * Ends items whose time is up (a /qr request expired, a /check missed) and lets go of those done
 * with: the leader's job, since an ending owes an edit, which only the leader makes. The timer is
 * set from the stored times, so an item whose time ran out while the bot was down ends as it
 * starts; the edit it owes goes through the chat's worker like any other.
 */
export class ExpiryTimer {
  private readonly now: () => number;
  private readonly logger: Logger;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  /** Looks run one after another. */
  private looking: Promise<void> = Promise.resolve();
  private unsubscribe: (() => void) | undefined;

  constructor(private readonly options: ExpiryTimerOptions) {
    this.now = options.now ?? (() => Date.now());
    this.logger = options.logger.child({ part: options.part });
  }

  start(): void {
    this.unsubscribe ??= this.options.store.on([this.options.changed, 'writable-again'], () => this.look());
    this.look();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    clearTimeout(this.timer);
    await this.looking;
  }

  private look(): void {
    this.looking = this.looking.then(() => this.expire());
  }

  /** Expires what is due and lets go of what is done with, then sleeps until the next of them. */
  private async expire(): Promise<void> {
    if (this.stopped) return;
    clearTimeout(this.timer);
    const { options } = this;
    let next = options.next();
    if ((options.leading?.() ?? true) && options.due(new Date(this.now()))) {
      try {
        // Tells the store's event: the edits it owes wake the chats' workers, and this looks again.
        await options.expire();
        next = options.next();
      } catch (error) {
        this.logger.error(`${options.part}.state_write_failed`, { error: String(error), retry_in_ms: STATE_RETRY_MS });
        next = this.now() + STATE_RETRY_MS;
      }
    }
    if (this.stopped || !Number.isFinite(next)) return;
    this.timer = setTimeout(() => this.look(), Math.max(0, Math.min(next - this.now(), MAX_SLEEP_MS)));
  }
}
