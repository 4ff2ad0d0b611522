import type { ChatDeps, ConnectedChat } from './chats/chat.js';
import { createConsoleSender } from './chats/console/console-sender.js';
import { CHATS } from './chats/index.js';
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
import { healthReport, prometheusText } from './health/health-report.js';
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
import type { TrackerTimings } from './notices/problem-tracker.js';
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
  /** Resolves (with why) when this bot led and another took over: it must stop, and may start again as a standby. */
  lostLead: Promise<string>;
}

/** Wires configuration into the running pipeline: providers → store → outbox → chats. */
export async function startBot(config: Config, deps: BotDeps): Promise<RunningBot> {
  const { logger } = deps;
  const render: RenderContext = { timeZone: config.tzDisplay, locale: config.locale };
  const { store, leadership } = await openStateStore(config, { logger, aliases: providerPaymentAliases });
  const started: ConnectedChat[] = [];
  try {
    const apis = PROVIDERS.flatMap((provider) => provider.api(config, { logger, historyDays: HISTORY_DAYS }) ?? []);
    const sources = apis.map((api) => api.source);
    const balances = createBalanceReader({
      sources: apis.map((api) => ({ provider: api.source.provider, listAccounts: api.listAccounts })),
      watch: config.watchAccounts,
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
      acknowledgePress(request, { store, rules, render, logger, onAcknowledged: (dest, count) => metrics.recordAcknowledged(dest, count) });
    const platforms = await createChats(config, { logger, render, answer, acknowledge, store });

    destinations.push(
      ...platforms.flatMap((platform) =>
        platform.targets.map((target) => ({ id: destinationId(platform.sender.platform, target), sender: platform.sender, target })),
      ),
    );
    if (platforms.length === 0) {
      logger.warn('chat.none', { fix: 'no chat configured: alerts are printed here. Set TELEGRAM_* or SLACK_* to send them to a chat' });
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
    const dropped = await store.dropDestinationsExcept(destinationIds);
    if (dropped > 0) logger.warn('outbox.dropped', { count: dropped, reason: 'destination no longer configured' });

    const dispatcher = new Dispatcher({
      store,
      destinations,
      logger,
      onDelivered: (dest, rows) => {
        metrics.recordDelivered(dest, rows);
        notifier.observeSend(dest, null);
      },
      onFailure: (dest, error) => {
        metrics.recordSendFailure(dest, error);
        notifier.observeSend(dest, error);
      },
      timeZone: config.tzDisplay,
    });
    const requestEditor = new RequestEditor({ store, destinations, logger });
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
      now: deps.notices?.now,
      checkMs: deps.notices?.checkMs,
      onPosted: () => metrics.recordSummary(),
    });
    const health =
      config.healthPort === null ? null : await startHealth(config.healthPort, { metrics, store, sources, logger, leadership, notifier });
    const webhooks = await startWebhooks(config, { store, destinations: destinationIds, logger });
    // Every bot takes pushes and commands; polling providers and platforms and sending are the leader's.
    for (const platform of platforms.filter((p) => p.pollsPlatform !== true)) {
      started.push(platform);
      await platform.start();
    }

    const onReport = (report: CycleReport) => {
      metrics.recordPoll(report);
      notifier.observePoll(report);
      deps.onPoll?.(report);
    };
    const cycle = () => runPollCycle({ sources, store, destinations: destinationIds, logger, onReport });
    let scheduler: Scheduler | null = null;
    let stopping = false;
    const lead = async () => {
      if (stopping) return;
      dispatcher.start();
      // Only the leader polls and sends, so only it knows of problems and posts summaries.
      notifier.start();
      summaries.start();
      requestEditor.start();
      for (const platform of platforms.filter((p) => p.pollsPlatform === true)) {
        started.push(platform);
        await platform.start();
      }
      if (!stopping) scheduler = startScheduler(config.pollCron, cycle, logger);
    };
    await leadership.start();
    if (leadership.currentEpoch() !== null) await lead();
    else void leadership.elected.then(lead);
    logger.info('bot.started', {
      providers: sources.map((s) => s.provider).join(','),
      destinations: destinationIds.join(','),
      first_start: store.firstStart,
      leading: leadership.currentEpoch() !== null,
      stored: store.size,
      outbox: store.outboxSize,
    });

    return {
      store,
      pollNow: () => scheduler?.runNow() ?? Promise.resolve(),
      answer,
      lostLead: leadership.lost,
      async stop() {
        stopping = true;
        await scheduler?.stop();
        notifier.stop();
        await summaries.stop();
        await dispatcher.stop();
        await requestEditor.stop();
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

/** The health endpoint is an aid, not a duty: a port in use is logged, never fatal. */
async function startHealth(
  port: number,
  deps: { metrics: Metrics; store: StateStore; sources: readonly PollSource[]; logger: Logger; leadership: Leadership; notifier: Notifier },
): Promise<HealthServer | null> {
  const { metrics, store, logger, leadership, notifier } = deps;
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
          notifier.openProblems().map((p) => ({ problem: p.key, since: p.since, told: p.told })),
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
      routes: PROVIDERS.flatMap((provider) => provider.webhookRoute(config) ?? []),
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
    const connected = await chat.connect(config, { ...deps, allowedAmong });
    if (connected !== null) chats.push(connected);
  }
  return chats;
}
