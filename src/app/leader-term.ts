import { wordsOf, type CommandAnswer, type CommandRequest } from '../core/command.js';
import type { Config } from '../config/schema.js';
import type { ConnectedChat } from '../core/chat.js';
import type { PollSource } from '../core/poll.js';
import type { Destination } from '../delivery/destination.js';
import { Dispatcher } from '../delivery/dispatcher.js';
import type { SendBudgets } from '../delivery/send-budgets.js';
import { checkExpiry, paymentCheckUpdates } from '../delivery/payment-checks.js';
import { paymentRequestUpdates, requestExpiry } from '../delivery/payment-requests.js';
import type { Metrics } from '../health/metrics.js';
import type { Leadership } from '../core/leadership.js';
import type { Logger } from '../log/logger.js';
import { DailySummaries } from '../notices/daily-summary.js';
import { Notifier } from '../notices/notifier.js';
import type { TrackerTimings } from '../notices/problem-tracker.js';
import { runPollCycle, type CycleReport } from '../poller/poll-cycle.js';
import { startScheduler, type Scheduler } from '../poller/scheduler.js';
import type { RenderContext } from '../render/messages.js';
import type { StateStore } from '../store/state-store.js';

/** Service notices and daily summaries: their clock, how long problems wait, how often they look (tests). */
export interface NoticeTimings {
  now?: () => number;
  timings?: TrackerTimings;
  checkMs?: number;
}

/** One stretch of leading: what runs while this bot leads. */
export interface LeaderTerm {
  scheduler: Scheduler;
  notifier: Notifier;
  /** Stops polling and sending; what is on its way is finished and recorded (or refused, when another bot leads). */
  stop(): Promise<void>;
}

export interface TermDeps {
  store: StateStore;
  destinations: readonly Destination[];
  /** The chats' send budgets, kept across terms: the chats' command answers spend them too. */
  budgets: SendBudgets;
  sources: readonly PollSource[];
  /** The chat platforms that receive by polling, which only the leader may do. */
  polling: readonly ConnectedChat[];
  render: RenderContext;
  logger: Logger;
  leading: () => boolean;
  metrics: Metrics;
  /** How /metrics names a destination. */
  labelOf: (dest: string) => string;
  /** The answers to commands: the daily summary is today's /report. */
  answer: (request: CommandRequest) => Promise<CommandAnswer>;
  notices?: NoticeTimings;
  /** Called after each provider's part of a poll cycle. */
  onPoll?: (report: CycleReport) => void;
}

/**
 * What only the leader does (polling providers and Telegram, sending, notices, summaries,
 * /qr and /check edits and expiry), built afresh each time this bot takes the lead, as a new leader would: it
 * takes up the state as the previous leader left it.
 */
export async function startLeaderTerm(config: Pick<Config, 'tzDisplay' | 'pollCron'>, deps: TermDeps): Promise<LeaderTerm> {
  const { store, destinations, budgets, sources, render, logger, leading, metrics, labelOf } = deps;
  const destinationIds = destinations.map((d) => d.id);
  const dispatcher = new Dispatcher({
    store,
    destinations,
    budgets,
    logger,
    leading,
    updates: [paymentRequestUpdates(store), paymentCheckUpdates(store, render, (ending) => metrics.recordCheck(ending))],
    onDelivered: (dest, rows) => {
      metrics.recordDelivered(labelOf(dest), rows);
      notifier.observeSend(dest, null);
    },
    onFailure: (dest, error) => {
      metrics.recordSendFailure(labelOf(dest), error);
      notifier.observeSend(dest, error);
    },
    timeZone: config.tzDisplay,
  });
  const expiries = [requestExpiry({ store, logger, leading }), checkExpiry({ store, logger, leading })];
  const post = dispatcher.post.bind(dispatcher);
  const notifier = new Notifier({
    destinations: destinationIds,
    rules: (dest) => store.chatRules(dest),
    render,
    post,
    providers: sources.map((s) => s.provider),
    writable: () => store.writable,
    told: store,
    logger,
    leading,
    ...deps.notices,
    onSent: (kind) => metrics.recordNotice(kind),
  });
  const summaries = new DailySummaries({
    destinations,
    rules: (dest) => store.chatRules(dest),
    store,
    report: async (destination) => wordsOf(await deps.answer(reportRequest(destination))),
    post,
    timeZone: config.tzDisplay,
    logger,
    leading,
    now: deps.notices?.now,
    checkMs: deps.notices?.checkMs,
    onPosted: () => metrics.recordSummary(),
  });
  warnOfOtherDestinations(store, destinationIds, logger);
  dispatcher.start();
  notifier.start();
  summaries.start();
  for (const expiry of expiries) expiry.start();
  for (const platform of deps.polling) await platform.start();
  const onReport = (report: CycleReport) => {
    metrics.recordPoll(report);
    notifier.observePoll(report);
    deps.onPoll?.(report);
  };
  // Checked at each cycle: a leader paused past its lease must not poll when it resumes.
  const cycle = () => (leading() ? runPollCycle({ sources, store, destinations: destinationIds, logger, onReport }) : Promise.resolve());
  const scheduler = startScheduler(config.pollCron, cycle, logger);
  return {
    scheduler,
    notifier,
    async stop() {
      await scheduler.stop();
      notifier.stop();
      await summaries.stop();
      await Promise.all(expiries.map((expiry) => expiry.stop()));
      await dispatcher.stop();
      await Promise.all(deps.polling.map((platform) => platform.stop()));
    },
  };
}

/** Leader terms as leadership comes and goes. */
export interface LeaderTerms {
  /** The term running now; null while standing by. */
  current(): LeaderTerm | null;
  /** Resolves once the changes asked for so far are done. */
  settled(): Promise<void>;
  /** Ends the term, if any, and begins no other. */
  end(): Promise<void>;
}

/**
 * Begins a term each time this bot is elected and ends it when the lead is lost. Terms begin
 * and end one after another: a bot re-elected while still stepping down begins after.
 */
export function followLeadership(
  leadership: Leadership,
  deps: { store: StateStore; logger: Logger; leading: () => boolean; startTerm: () => Promise<LeaderTerm> },
): LeaderTerms {
  let term: LeaderTerm | null = null;
  let stopping = false;
  let changing: Promise<void> = Promise.resolve();
  const change = (step: () => Promise<void>) => {
    changing = changing.then(step).catch((error: unknown) => deps.logger.error('leader.change_failed', { error: String(error) }));
    return changing;
  };
  const lead = () =>
    change(async () => {
      if (stopping || term !== null || !deps.leading()) return;
      // As the previous leader left it: what it sent in its last moments is not sent again.
      await deps.store.refresh();
      term = await deps.startTerm();
    });
  const standBy = () =>
    change(async () => {
      const ending = term;
      term = null;
      await ending?.stop();
    });
  leadership.onElected(() => void lead());
  leadership.onLost(() => void standBy());
  return {
    current: () => term,
    settled: () => changing,
    end() {
      stopping = true;
      return standBy();
    },
  };
}

/**
 * Warns the new leader of alerts waiting for chats it does not send to. With a database they
 * are kept: another bot's configuration may name the chat (a newer one, during an update).
 */
function warnOfOtherDestinations(store: StateStore, destinations: readonly string[], logger: Logger): void {
  const mine = destinations.reduce((sum, dest) => sum + store.pending(dest).length, 0);
  const others = store.outboxSize - mine;
  if (others <= 0) return;
  logger.warn('outbox.other_destinations', {
    count: others,
    effect: 'kept: a bot whose configuration names their chats sends them when it leads',
    fix: 'if a chat was removed from every bot for good, delete its alerts: DELETE FROM bankbell_outbox WHERE dest = \'<dest>\' (SELECT dest, count(*) FROM bankbell_outbox GROUP BY dest lists them)',
  });
}

/** `/report` for today as a destination's chat would ask for it: the daily summary is exactly that answer. */
function reportRequest(destination: Destination): CommandRequest {
  return { command: 'report', args: '', chatId: destination.target, allowed: true, platform: destination.sender.platform };
}
