import type { ChatError } from '../core/chat-errors.js';
import type { ChatRules } from '../core/chat-rules.js';
import type { TextMessage } from '../core/chat-sender.js';
import type { Result } from '../core/result.js';
import { dayOf, minuteOfDay } from '../core/zoned-time.js';
import type { Destination } from '../delivery/destination.js';
import type { Logger } from '../log/logger.js';
import type { StateStore } from '../store/state-store.js';

/**
 * The day whose summary is due at `now`, or null: once the chat's `/summary` minute has come
 * (in `timeZone`) on a day later than the last one posted. A clock stepped forward past the
 * minute posts once; stepped back, even into the day before, it finds that day already done.
 */
export function summaryDue(minute: number | null, lastPosted: string | undefined, now: number, timeZone: string): string | null {
  if (minute === null) return null;
  const today = dayOf(now, timeZone);
  if (lastPosted !== undefined && lastPosted >= today) return null;
  return minuteOfDay(now, timeZone) >= minute ? today : null;
}

/** How long a summary the chat refused waits before it is tried again. */
const SUMMARY_RETRY_MS = 5 * 60_000;

export interface DailySummaryOptions {
  destinations: readonly Destination[];
  rules: (dest: string) => ChatRules;
  store: Pick<StateStore, 'summaryPostedOn' | 'recordSummaryPosted'>;
  /** The chat's `/report` for today, as the command answers it (its accounts, language, privacy). */
  report: (destination: Destination) => Promise<TextMessage>;
  post: (dest: string, message: TextMessage) => Promise<Result<{ ref: string }, ChatError>>;
  /** TZ_DISPLAY: the zone `/summary HH:MM` is written in and days are counted in. */
  timeZone: string;
  logger: Logger;
  now?: () => number;
  /** How often the chats' summary times are looked at. */
  checkMs?: number;
  onPosted?: () => void;
  /** Whether this bot leads now, asked before summaries go out; always, by default. */
  leading?: () => boolean;
}

/**
 * Posts each chat's `/report` at its `/summary` time, once per chat and day. The day is
 * recorded in the state once the chat took the message, so a restart the same day does not
 * post it again; a bot that was down at that time posts it when it comes back the same day.
 */
export class DailySummaries {
  private readonly now: () => number;
  private timer: NodeJS.Timeout | undefined;
  /** Days posted by this process: kept even when recording one failed, so it is not posted again meanwhile. */
  private readonly posted = new Map<string, string>();
  private readonly inFlight = new Map<string, Promise<void>>();
  /** After a chat refused its summary: not before this instant, so a removed bot is not retried every look all day. */
  private readonly retryAt = new Map<string, number>();

  constructor(private readonly options: DailySummaryOptions) {
    this.now = options.now ?? Date.now;
  }

  start(): void {
    this.timer ??= setInterval(() => this.check(), this.options.checkMs ?? 20_000);
    this.timer.unref();
    this.check();
  }

  /** Stops looking, and waits for a summary on its way to be posted and recorded. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await Promise.all(this.inFlight.values());
  }

  private check(): void {
    // A leader paused past its lease posts nothing: the new leader does.
    if (!(this.options.leading?.() ?? true)) return;
    for (const destination of this.options.destinations) {
      const dest = destination.id;
      if (this.inFlight.has(dest) || (this.retryAt.get(dest) ?? 0) > this.now()) continue;
      const stored = this.options.store.summaryPostedOn(dest);
      const mine = this.posted.get(dest);
      const last = mine !== undefined && (stored === undefined || mine > stored) ? mine : stored;
      const day = summaryDue(this.options.rules(dest).summary, last, this.now(), this.options.timeZone);
      if (day === null) continue;
      const run = this.postSummary(destination, day)
        .catch((error: unknown) => this.options.logger.error('summary.crashed', { dest, error: String(error) }))
        .finally(() => this.inFlight.delete(dest));
      this.inFlight.set(dest, run);
    }
  }

  private async postSummary(destination: Destination, day: string): Promise<void> {
    const dest = destination.id;
    const logger = this.options.logger.child({ dest, day });
    const result = await this.options.post(dest, await this.options.report(destination));
    if (!result.ok) {
      // Tried again a little later, the same day.
      this.retryAt.set(dest, this.now() + SUMMARY_RETRY_MS);
      logger.warn('summary.failed', { kind: result.error.kind, error: result.error.message, retry_in_ms: SUMMARY_RETRY_MS });
      return;
    }
    this.posted.set(dest, day);
    this.options.onPosted?.();
    logger.info('summary.posted', { ref: result.value.ref });
    await this.options.store.recordSummaryPosted(dest, day).catch((error: unknown) => {
      logger.error('summary.not_recorded', { error: String(error), effect: 'posted again if the bot restarts today' });
    });
  }
}
