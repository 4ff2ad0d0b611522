import type { CommandAnswer, CommandRequest } from '../core/command.js';
import type { Config } from '../config/schema.js';
import type { ConnectedChat } from '../core/chat.js';
import type { Destination } from '../delivery/destination.js';
import { destinationLabels, problemLabel } from '../health/destination-labels.js';
import { Metrics } from '../health/metrics.js';
import { COMMANDS } from '../commands/index.js';
import type { Logger } from '../log/logger.js';
import type { CycleReport } from '../poller/poll-cycle.js';
import { PROVIDERS, providerNames, providerPaymentAliases } from '../providers/index.js';
import type { RenderContext } from '../render/messages.js';
import { openStateStore } from '../store/open-state-store.js';
import type { StateStore } from '../store/state-store.js';
import { chatDestinations, connectChats } from './chats.js';
import { SendBudgets } from '../delivery/send-budgets.js';
import { commandSide } from './commands.js';
import { startHealth } from './health.js';
import { followLeadership, startLeaderTerm, type NoticeTimings } from './leader-term.js';
import { startCounter, type Counter } from '../counter/counter.js';
import { startWeb } from './web.js';
import { startWebhooks } from './webhooks.js';

/** Days of existing transactions made searchable on first start: /find promises at least 30. */
export const HISTORY_DAYS = 30;

export interface BotDeps {
  logger: Logger;
  /** Where console alerts are printed; stdout by default. */
  print?: (text: string) => void;
  /** Called after each provider's part of a poll cycle (health, tests, benchmarks). */
  onPoll?: (report: CycleReport) => void;
  /** Service notices and daily summaries: their clock, how long problems wait, how often they look (tests). */
  notices?: NoticeTimings;
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

/** Wires configuration into the running pipeline: providers → store → outbox → chats. */
export async function startBot(config: Config, deps: BotDeps): Promise<RunningBot> {
  const { logger } = deps;
  const render: RenderContext = { timeZone: config.tzDisplay, locale: config.locale, providers: providerNames() };
  const { store, leadership } = await openStateStore(config, { logger, aliases: providerPaymentAliases });
  // Asked right before each act only the leader may do: a leader paused past its lease knows at once.
  const leading = () => leadership.currentEpoch() !== null;
  const started: ConnectedChat[] = [];
  let counter: Counter | null = null;
  try {
    const apis = PROVIDERS.flatMap((provider) => provider.api(config.plugins, { logger, historyDays: HISTORY_DAYS, watch: config.watchAccounts }) ?? []);
    const sources = apis.map((api) => api.source);
    const metrics = new Metrics();
    // Filled once the chats are connected, before any command is answered.
    const destinations: Destination[] = [];
    const { answer, acknowledge } = commandSide(config, { store, apis, destinations, render, logger, metrics, labelOf: (dest) => labelOf(dest) });
    const budgets = new SendBudgets();
    const platforms = await connectChats(config, { logger, render, commands: COMMANDS, answer, acknowledge, store, leading, budgets });
    destinations.push(...chatDestinations(platforms, { render, logger, print: deps.print ?? ((text) => process.stdout.write(`${text}\n`)) }));
    const destinationIds = destinations.map((d) => d.id);
    const labelOf = destinationLabels(destinationIds);
    const dropped = await store.dropDestinationsExcept(destinationIds);
    if (dropped > 0) {
      const reason = config.databaseUrl === null ? 'destination no longer configured' : 'destination not configured here, payment no longer stored';
      logger.warn('outbox.dropped', { count: dropped, reason });
    }

    const terms = followLeadership(leadership, {
      store,
      logger,
      leading,
      startTerm: () =>
        startLeaderTerm(config, {
          store,
          destinations,
          budgets,
          sources,
          polling: platforms.filter((p) => p.pollsPlatform === true),
          render,
          logger,
          leading,
          metrics,
          labelOf,
          answer,
          notices: deps.notices,
          onPoll: deps.onPoll,
        }),
    });

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
            problems: () => terms.current()?.notifier.openProblems() ?? [],
            problemLabel: (key) => problemLabel(key, labelOf, destinationIds),
            receiving,
          });
    const webhooks = await startWebhooks(config, { store, destinations: destinationIds, logger });
    // Any bot serves the counter screens: they read the state, which a standby reads too.
    counter = config.web === null ? null : startCounter({ store, destinations: destinationIds, timeZone: config.tzDisplay, locale: config.locale, logger });
    const routes = [...platforms.flatMap((platform) => platform.webRoutes ?? []), ...(counter === null ? [] : [counter.route])];
    const web = await startWeb(config, { routes, logger });
    // Every bot takes pushes and commands; polling providers and platforms and sending are the leader's.
    for (const platform of platforms.filter((p) => p.pollsPlatform !== true)) {
      started.push(platform);
      await platform.start();
    }

    await leadership.start();
    await terms.settled();
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
      pollNow: () => terms.current()?.scheduler.runNow() ?? Promise.resolve(),
      answer,
      async stop() {
        await terms.end();
        // Only once its last send is recorded may another bot take the lead.
        await leadership.stop();
        await Promise.all(started.map((platform) => platform.stop()));
        await webhooks?.close();
        // Its pages let go first: they reconnect by themselves, to this bot restarted or another.
        counter?.close();
        await web?.close();
        await health?.close();
        await store.close();
        logger.info('bot.stopped');
      },
    };
  } catch (error) {
    counter?.close();
    await Promise.all(started.map((platform) => platform.stop()));
    await leadership.stop();
    await store.close();
    throw error;
  }
}

