import type { ChatDeps } from './chats/chat-deps.js';
import { CHAT_SWITCHES, CHATS, createConsoleSender } from './chats/index.js';
import type { ConnectedChat } from './core/chat.js';
import { acknowledgePress, type PressRequest } from './commands/acknowledge.js';
import { answerCommand, type CommandDeps, type CommandRequest } from './commands/answer-command.js';
import { searchWithRequestCodes } from './commands/qr/find-by-code.js';
import { createBalanceReader } from './commands/balance-reader.js';
import { searchStoredHistory } from './commands/find/search-index.js';
import { storedRuleBook } from './commands/rules/rule-book.js';
import type { Config } from './config/schema.js';
import { destinationId, type Destination } from './delivery/destination.js';
import { Dispatcher } from './delivery/dispatcher.js';
import { RequestEditor } from './delivery/request-editor.js';
import { destinationLabels, problemLabel } from './health/destination-labels.js';
import { healthReport, prometheusText, type ReceivingView } from './health/health-report.js';
import { startHealthServer, type HealthServer } from './health/health-server.js';
import { Metrics } from './health/metrics.js';
import { paymentRequestMetricsText } from './health/payment-request-metrics.js';
import type { PollSource } from './core/poll.js';
import type { Logger } from './log/logger.js';
import { runPollCycle, type CycleReport } from './poller/poll-cycle.js';
import { startScheduler, type Scheduler } from './poller/scheduler.js';
import type { Leadership } from './leader/leadership.js';
import { PROVIDERS, providerPaymentAliases } from './providers/index.js';
import { wordsOf, type CommandAnswer } from './commands/command-answer.js';
import { DailySummaries } from './notices/daily-summary.js';
import { Notifier } from './notices/notifier.js';
import type { OpenProblem, TrackerTimings } from './notices/problem-tracker.js';
import type { ProblemReason } from './core/service-notice.js';
import type { RenderContext } from './render/messages.js';
import { openStateStore } from './store/open-state-store.js';
import type { StateStore } from './store/state-store.js';
import { acceptPushed } from './webhooks/accept-pushed.js';
import { startWebhookServer, type WebhookServer } from './webhooks/webhook-server.js';

/** Days of existing transactions made searchable on first start: /find promises at least 30. */
export const HISTORY_DAYS = 30;

export interface BotDeps {
  logger: Logger;
  /** Where console alerts are printed; stdout by default. */
  print?: (text: string) => void;
  /** Called after each provider's part of a poll cycle (health, tests, benchmarks). */
  onPoll?: (report: CycleReport) => void;
  /** Service notices and daily summaries: their clock, how long problems wait, how often they look (tests). */
  notices?: { now?: () => number; timings?: TrackerTimings; checkMs?: number };
}

export interface RunningBot {
  store: StateStore;
  /** Runs one poll cycle now, after any cycle in progress (tests, demo). */
  pollNow(): Promise<void>;
  /** Answers a command as an allowed chat would get it (the demo's prompt). */
  answer(request: CommandRequest): Promise<CommandAnswer>;
  /** Stops polling, lets sends in flight finish and be recorded, flushes state, frees DATA_DIR. */
  stop(): Promise<void>;
}

/** One stretch of leading: what runs while this bot leads. */
interface LeaderTerm {
  scheduler: Scheduler;
  notifier: Notifier;
  /** Stops polling and sending; what is on its way is finished and recorded (or refused, when another bot leads). */
  stop(): Promise<void>;
}

/** Wires configuration into the running pipeline: providers → store → outbox → chats. */
export async function startBot(config: Config, deps: BotDeps): Promise<RunningBot> {
  const { logger } = deps;
  const render: RenderContext = { timeZone: config.tzDisplay, locale: config.locale };
  const { store, leadership } = await openStateStore(config, { logger, aliases: providerPaymentAliases });
  // Asked right before each act only the leader may do: a leader paused past its lease knows at once.
  const leading = () => leadership.currentEpoch() !== null;
  const started: ConnectedChat[] = [];
  try {
    const apis = PROVIDERS.flatMap((provider) => provider.api(config.plugins, { logger, historyDays: HISTORY_DAYS, watch: config.watchAccounts }) ?? []);
    const sources = apis.map((api) => api.source);
    const balances = createBalanceReader({
      sources: apis.map((api) => ({ provider: api.source.provider, listAccounts: api.listAccounts })),
      watch: config.watchAccounts,
      logger,
    });
    const search = searchWithRequestCodes(searchStoredHistory(store), store);
    // Filled once the chats are connected, before any command is answered.
    const destinations: Destination[] = [];
    const rules = storedRuleBook(store, () => destinations.map((d) => ({ id: d.id, platform: d.sender.platform, target: d.target })));
    const metrics = new Metrics();
    const commandDeps: CommandDeps = {
      balances,
      search,
      render,
      rules,
      logger,
      counters: metrics,
      acknowledgements: (dest, keys) => store.acknowledgements(dest, keys),
      payments: { requests: store, accounts: balances, expiryMinutes: config.qrExpiryMinutes, logger },
    };
    const answer = (request: CommandRequest) => answerCommand(request, commandDeps);
    // Any bot takes presses (Slack's reach standbys too): the store records them for all.
    const acknowledge = (request: PressRequest) =>
      acknowledgePress(request, { store, rules, render, logger, onAcknowledged: (dest, count) => metrics.recordAcknowledged(labelOf(dest), count) });
    const platforms = await createChats(config, { logger, render, answer, acknowledge, store, leading });

    destinations.push(
      ...platforms.flatMap((platform) =>
        platform.targets.map((target) => ({ id: destinationId(platform.sender.platform, target), sender: platform.sender, target })),
      ),
    );
    if (platforms.length === 0) {
      logger.warn('chat.none', { fix: `no chat configured: alerts are printed here. Set ${CHAT_SWITCHES} to send them to a chat` });
      const sender = createConsoleSender(render, deps.print ?? ((text) => process.stdout.write(`${text}\n`)));
      destinations.push({ id: destinationId('console', 'console'), sender, target: 'console' });
    }
    for (const platform of platforms) {
      if (platform.targets.length === 0) {
        logger.warn('chat.no_targets', {
          platform: platform.sender.platform,
          fix: 'no chat ids configured: alerts for it are not sent. Use /start in the chat (Telegram) and add its id to the configuration',
        });
      }
    }
    const destinationIds = destinations.map((d) => d.id);
    const labelOf = destinationLabels(destinationIds);
    const dropped = await store.dropDestinationsExcept(destinationIds);
    if (dropped > 0) {
      const reason = config.databaseUrl === null ? 'destination no longer configured' : 'destination not configured here, payment no longer stored';
      logger.warn('outbox.dropped', { count: dropped, reason });
    }

    /**
     * What only the leader does (polling providers and Telegram, sending, notices, summaries,
     * /qr edits), built afresh each time this bot takes the lead, as a new leader would: it
     * takes up the state as the previous leader left it.
     */
    const startTerm = async (): Promise<LeaderTerm> => {
      const dispatcher = new Dispatcher({
        store,
        destinations,
        logger,
        leading,
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
      const requestEditor = new RequestEditor({ store, destinations, logger, leading });
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
        report: async (destination) => wordsOf(await answer(reportRequest(destination))),
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
      requestEditor.start();
      const polling = platforms.filter((p) => p.pollsPlatform === true);
      for (const platform of polling) await platform.start();
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
          await dispatcher.stop();
          await requestEditor.stop();
          await Promise.all(polling.map((platform) => platform.stop()));
        },
      };
    };
    let term: LeaderTerm | null = null;
    let stopping = false;
    // Terms begin and end one after another: a bot re-elected while still stepping down begins after.
    let changing: Promise<void> = Promise.resolve();
    const change = (step: () => Promise<void>) => {
      changing = changing.then(step).catch((error: unknown) => logger.error('leader.change_failed', { error: String(error) }));
      return changing;
    };
    const lead = () =>
      change(async () => {
        if (stopping || term !== null || !leading()) return;
        // As the previous leader left it: what it sent in its last moments is not sent again.
        await store.refresh();
        term = await startTerm();
      });
    const standBy = () =>
      change(async () => {
        const ending = term;
        term = null;
        await ending?.stop();
      });
    leadership.onElected(() => void lead());
    leadership.onLost(() => void standBy());

    const receiving = () =>
      Object.fromEntries(
        platforms.flatMap((p) => {
          const status = p.receiving?.() ?? null;
          return status === null ? [] : [[p.sender.platform, status] as const];
        }),
      );
    const health =
      config.healthPort === null
        ? null
        : await startHealth(config.healthPort, {
            metrics,
            store,
            sources,
            logger,
            leadership,
            problems: () => term?.notifier.openProblems() ?? [],
            problemLabel: (key) => problemLabel(key, labelOf, destinationIds),
            receiving,
          });
    const webhooks = await startWebhooks(config, { store, destinations: destinationIds, logger });
    // Every bot takes pushes and commands; polling providers and platforms and sending are the leader's.
    for (const platform of platforms.filter((p) => p.pollsPlatform !== true)) {
      started.push(platform);
      await platform.start();
    }

    await leadership.start();
    await changing;
    logger.info('bot.started', {
      providers: sources.map((s) => s.provider).join(','),
      destinations: destinationIds.join(','),
      first_start: store.firstStart,
      leading: leading(),
      stored: store.size,
      outbox: store.outboxSize,
    });

    return {
      store,
      pollNow: () => term?.scheduler.runNow() ?? Promise.resolve(),
      answer,
      async stop() {
        stopping = true;
        await standBy();
        // Only once its last send is recorded may another bot take the lead.
        await leadership.stop();
        await Promise.all(started.map((platform) => platform.stop()));
        await webhooks?.close();
        await health?.close();
        await store.close();
        logger.info('bot.stopped');
      },
    };
  } catch (error) {
    await Promise.all(started.map((platform) => platform.stop()));
    await leadership.stop();
    await store.close();
    throw error;
  }
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

/** The health endpoint is an aid, not a duty: a port in use is logged, never fatal. */
async function startHealth(
  port: number,
  deps: {
    metrics: Metrics;
    store: StateStore;
    sources: readonly PollSource[];
    logger: Logger;
    leadership: Leadership;
    /** The leader's open problems; none while standing by. */
    problems: () => OpenProblem<ProblemReason>[];
    /** How /healthz names a problem (a chat's without its id). */
    problemLabel: (key: string) => string;
    /** How each chat platform this bot polls for commands stands, by name (none while standing by). */
    receiving: () => Record<string, ReceivingView>;
  },
): Promise<HealthServer | null> {
  const { metrics, store, logger, leadership, problems } = deps;
  const outbox = () => {
    const oldest = store.oldestWaitingSince();
    return {
      backlog: store.outboxSize,
      oldestWaitingMs: oldest === null ? 0 : Date.now() - oldest,
      deadLetters: store.deadLetters.length,
      stateWritable: store.writable,
    };
  };
  try {
    const server = await startHealthServer({
      port,
      logger,
      health: () =>
        healthReport(
          metrics,
          deps.sources.map((s) => s.provider),
          outbox(),
          Date.now(),
          leadership.describe(),
          problems().map((p) => ({ problem: deps.problemLabel(p.key), since: p.since, told: p.told })),
          deps.receiving(),
        ),
      metrics: () => prometheusText(metrics, outbox(), leadership.describe()) + paymentRequestMetricsText(store.keptRequests()),
    });
    logger.info('health.listening', { port: server.port });
    return server;
  } catch (error) {
    logger.error('health.listen_failed', { port, error: String(error), fix: 'free the port or change HEALTH_PORT' });
    return null;
  }
}

/** Pushes from the providers, received on WEBHOOK_PORT; polling goes on as reconciliation. */
async function startWebhooks(
  config: Config,
  deps: { store: StateStore; destinations: readonly string[]; logger: Logger },
): Promise<WebhookServer | null> {
  const port = config.webhookPort;
  if (port === null) return null;
  try {
    return await startWebhookServer({
      port,
      routes: PROVIDERS.flatMap((provider) => provider.webhookRoute(config.plugins) ?? []),
      logger: deps.logger,
      accept: acceptPushed({ store: deps.store, destinations: deps.destinations, watch: config.watchAccounts, logger: deps.logger }),
    });
  } catch (error) {
    deps.logger.error('webhooks.listen_failed', { port, error: String(error), fix: 'free the port or change WEBHOOK_PORT' });
    return null;
  }
}

/** `/report` for today as a destination's chat would ask for it: the daily summary is exactly that answer. */
function reportRequest(destination: Destination): CommandRequest {
  const platform = destination.sender.platform;
  return {
    command: 'report',
    args: '',
    chatId: destination.target,
    allowed: true,
    platform: platform === 'telegram' || platform === 'slack' ? platform : 'console',
  };
}

/** The chat platforms the configuration turns on, each loaded only then. */
async function createChats(config: Config, deps: Omit<ChatDeps, 'allowedAmong'> & { store: StateStore }): Promise<ConnectedChat[]> {
  // A chat is allowed if configured, or if it is what a configured group became (supergroup).
  const allowedAmong = (targets: readonly string[]) => (chatId: string) =>
    targets.some((target) => target === chatId || deps.store.chatMigration(target) === chatId);
  const chats: ConnectedChat[] = [];
  for (const chat of CHATS) {
    const connected = await chat.connect(config.plugins, { ...deps, allowedAmong });
    if (connected !== null) chats.push(connected);
  }
  return chats;
}
