import { ChatBlockedError, type ChatError } from '../core/chat-errors.js';
import type { ChatRules } from '../core/chat-rules.js';
import type { TextMessage } from '../core/chat-sender.js';
import { ProviderAuthError } from '../core/provider-errors.js';
import type { Result } from '../core/result.js';
import type { Logger } from '../log/logger.js';
import type { CycleReport } from '../poller/poll-cycle.js';
import { noticeDoc } from '../render/notices.js';
import type { RenderContext } from '../render/messages.js';
import { DEFAULT_TIMINGS, ProblemTracker, type OpenProblem, type Observation, type TrackerTimings } from './problem-tracker.js';
import { CHATS_KEY, chatKey, providerKey, STATE_KEY, type ProblemReason, type ServiceNotice } from '../core/service-notice.js';
import type { StateStore } from '../store/state-store.js';

export interface NotifierOptions {
  /** Every configured destination id; a notice goes to those whose `/ops` rule is on. */
  destinations: readonly string[];
  rules: (dest: string) => ChatRules;
  render: RenderContext;
  post: (dest: string, message: TextMessage) => Promise<Result<{ ref: string }, ChatError>>;
  /** Providers polled; a problem kept for one no longer configured is forgotten. */
  providers: readonly string[];
  /** Whether the state can be written now. */
  writable: () => boolean;
  /** Where problems told and not over are kept, so a restarted bot or a new leader goes on from them. */
  told: Pick<StateStore, 'toldProblems' | 'recordToldProblem'>;
  logger: Logger;
  now?: () => number;
  timings?: TrackerTimings;
  /** How often the state is looked at and notices held back by their timings are sent. */
  checkMs?: number;
  /** Told about every notice a chat accepted (metrics), by kind such as `provider_problem`. */
  onSent?: (kind: string) => void;
  /** Whether this bot leads now, asked before notices go out; always, by default. */
  leading?: () => boolean;
}

/** The chat-facing part of a ChatError: blocked at once, failing for a while; the rest is no chat problem. */
function chatObservation(dest: string, error: ChatError): Observation<ProblemReason> & { working: false } {
  const fix = error instanceof ChatBlockedError ? error.hint : null;
  return { working: false, reason: { about: 'chat', dest, kind: error.kind, detail: error.message, fix }, atOnce: error.kind === 'blocked' };
}

/**
 * Tells the chats with `/ops on` what keeps the bot from doing its job: providers failing,
 * the state not writable, a chat that cannot be posted to (told to the other chats). Fed by
 * the poll cycle and the dispatcher; the leader's alone, since only it polls and sends.
 * Problems told are kept in the state until their end is told: a bot restarted mid-outage (or a
 * standby taking over) does not tell it again, and tells its end once it is over.
 */
export class Notifier {
  private readonly tracker: ProblemTracker<ProblemReason>;
  private readonly now: () => number;
  /** Payments stored from a provider since its problem began, for the notice of its end. */
  private readonly caughtUp = new Map<string, number>();
  /** Destinations whose last message failed for a passing reason (network, 5xx). */
  private readonly unreachable = new Set<string>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: NotifierOptions) {
    this.tracker = new ProblemTracker(options.timings ?? DEFAULT_TIMINGS);
    this.now = options.now ?? Date.now;
  }

  start(): void {
    if (this.timer === undefined) this.restore();
    this.timer ??= setInterval(() => this.check(), this.options.checkMs ?? 10_000);
    this.timer.unref();
    this.check();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** One provider's part of a poll cycle. A failure that is no provider's answer (the state) says nothing of it. */
  observePoll(report: CycleReport): void {
    const key = providerKey(report.provider);
    const failure = report.failure;
    if (report.ok) this.tracker.observe(key, { working: true }, this.now());
    else if (failure) {
      const reason: ProblemReason = {
        about: 'provider',
        provider: report.provider,
        code: failure.code,
        status: failure.status,
        credential: failure instanceof ProviderAuthError ? failure.credential : null,
      };
      this.tracker.observe(key, { working: false, reason, atOnce: failure.code === 'auth' }, this.now());
    }
    if (this.tracker.open().some((p) => p.key === key)) this.caughtUp.set(key, (this.caughtUp.get(key) ?? 0) + report.stored);
    else this.caughtUp.delete(key);
    this.flush();
  }

  /**
   * One message a chat took (`error` null) or did not. When every chat fails for a passing
   * reason, the fault is the bot's own connection: that is one problem (`chats`), not one per
   * chat told to chats that cannot hear it either, and each chat's own untold problem is dropped.
   */
  observeSend(dest: string, error: ChatError | null): void {
    if (error !== null && error.kind !== 'blocked' && error.kind !== 'transient') return;
    const now = this.now();
    if (error?.kind === 'transient') this.unreachable.add(dest);
    else this.unreachable.delete(dest);
    const { destinations } = this.options;
    const noneReachable = destinations.length > 1 && destinations.every((d) => this.unreachable.has(d));
    if (noneReachable && error !== null) {
      this.tracker.observe(CHATS_KEY, { working: false, reason: { about: 'chats', detail: error.message }, atOnce: false }, now);
      for (const d of destinations) this.tracker.forgetUntold(chatKey(d));
    } else {
      this.tracker.observe(CHATS_KEY, { working: true }, now);
      this.tracker.observe(chatKey(dest), error === null ? { working: true } : chatObservation(dest, error), now);
    }
    this.flush();
  }

  /** Problems not over yet, for /healthz. */
  openProblems(): OpenProblem<ProblemReason>[] {
    return this.tracker.open();
  }

  /** Takes up the problems told before, for the providers and chats still configured. */
  private restore(): void {
    const known = new Set([...this.options.providers.map(providerKey), ...this.options.destinations.map(chatKey), CHATS_KEY]);
    for (const [key, told] of Object.entries(this.options.told.toldProblems())) {
      if (known.has(key)) this.tracker.restore(key, told.reason, told.since, told.toldAt);
    }
  }

  private check(): void {
    const seen: Observation<ProblemReason> = this.options.writable()
      ? { working: true }
      : { working: false, reason: { about: 'state' }, atOnce: true };
    this.tracker.observe(STATE_KEY, seen, this.now());
    this.flush();
  }

  private flush(): void {
    // A leader paused past its lease tells nothing: the new leader does.
    if (!(this.options.leading?.() ?? true)) return;
    for (const due of this.tracker.due(this.now())) {
      const notice: ServiceNotice = { kind: due.kind, reason: due.reason, since: due.since };
      if (due.kind === 'over' && due.reason.about === 'provider') notice.caughtUp = this.caughtUp.get(due.key) ?? 0;
      this.tell(due.key, notice);
    }
  }

  /** Keeps what was told in the state; the state's own problem cannot be written there, and need not be. */
  private remember(key: string, notice: ServiceNotice): void {
    if (notice.reason.about === 'state') return;
    const told = notice.kind === 'problem' ? { reason: notice.reason, since: notice.since, toldAt: this.now() } : null;
    this.options.told.recordToldProblem(key, told).catch((error: unknown) => {
      this.options.logger.warn('notice.not_recorded', { problem: key, error: String(error), effect: 'a restart may tell it again' });
    });
  }

  /**
   * Posts a notice to every chat with `/ops on`, in its language; a chat's own problem goes to the
   * others. It counts as told once a chat took it; if none did (or none may get it), it is offered
   * again later.
   */
  private tell(key: string, notice: ServiceNotice): void {
    const kind = `${notice.reason.about}_${notice.kind}`;
    const about = notice.reason.about === 'chat' ? notice.reason.dest : null;
    const recipients = this.options.destinations.filter((dest) => dest !== about && this.options.rules(dest).ops);
    if (recipients.length === 0) {
      this.options.logger.debug('notice.no_recipient', { kind, problem: key });
      this.tracker.untold(key, this.now());
      return;
    }
    this.options.logger.info('notice.due', { kind, problem: key });
    let told = false;
    const posts = recipients.map(async (dest) => {
      const rules = this.options.rules(dest);
      const doc = noticeDoc(notice, { ...this.options.render, locale: rules.lang ?? this.options.render.locale });
      const result = await this.options.post(dest, doc);
      if (!result.ok) {
        this.options.logger.warn('notice.failed', { dest, kind, error: result.error.message });
        return;
      }
      this.options.onSent?.(kind);
      this.options.logger.info('notice.sent', { dest, kind });
      if (!told) {
        told = true;
        this.tracker.told(key);
        if (notice.kind === 'over') this.caughtUp.delete(key);
        this.remember(key, notice);
      }
      this.observeSend(dest, null);
    });
    void Promise.all(posts).then(() => {
      if (told) return;
      this.tracker.untold(key, this.now());
      this.options.logger.warn('notice.untold', { kind, problem: key, effect: 'no chat took it; it is tried again in a minute' });
    });
  }
}
