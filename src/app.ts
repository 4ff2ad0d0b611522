import type { ChatSender } from './chat/chat-sender.js';
import { createConsoleSender } from './chat/console/console-sender.js';
import type { Config } from './config/schema.js';
import { destinationId, type Destination } from './delivery/destination.js';
import { Dispatcher } from './delivery/dispatcher.js';
import type { Logger } from './log/logger.js';
import type { PollSource } from './poller/poll-source.js';
import { runPollCycle, type CycleReport } from './poller/poll-cycle.js';
import { createCassoSource } from './poller/casso-source.js';
import { createSepaySource } from './poller/sepay-source.js';
import { startScheduler } from './poller/scheduler.js';
import { createCassoClient } from './providers/casso/client.js';
import { createSepayClient } from './providers/sepay/client.js';
import type { RenderContext } from './render/messages.js';
import { Store } from './store/store.js';

/** Days of existing transactions made searchable on first start (INTERFACE.md: at least 30). */
export const HISTORY_DAYS = 30;

export interface BotDeps {
  logger: Logger;
  /** Where console alerts are printed; stdout by default. */
  print?: (text: string) => void;
  /** Called after each provider's part of a poll cycle (health, tests, benchmarks). */
  onPoll?: (report: CycleReport) => void;
}

export interface RunningBot {
  store: Store;
  /** Runs one poll cycle now, after any cycle in progress (tests, demo). */
  pollNow(): Promise<void>;
  /** Stops polling, lets sends in flight finish and be recorded, flushes state, frees DATA_DIR. */
  stop(): Promise<void>;
}

/** Wires configuration into the running pipeline: providers → store → outbox → chats. */
export async function startBot(config: Config, deps: BotDeps): Promise<RunningBot> {
  const { logger } = deps;
  const store = await Store.open({ dataDir: config.dataDir });
  try {
    const sources = createSources(config, logger);
    const destinations = createDestinations(config, deps);
    const destinationIds = destinations.map((d) => d.id);
    const dropped = await store.dropDestinationsExcept(destinationIds);
    if (dropped > 0) logger.warn('outbox.dropped', { count: dropped, reason: 'destination no longer configured' });

    const dispatcher = new Dispatcher({ store, destinations, logger });
    dispatcher.start();

    const cycle = () => runPollCycle({ sources, store, destinations: destinationIds, logger, onReport: deps.onPoll });
    const scheduler = startScheduler(config.pollCron, cycle, logger);
    logger.info('bot.started', {
      providers: sources.map((s) => s.provider).join(','),
      destinations: destinationIds.join(','),
      first_start: store.firstStart,
      stored: store.size,
      outbox: store.outboxSize,
    });

    return {
      store,
      pollNow: () => scheduler.runNow(),
      async stop() {
        await scheduler.stop();
        await dispatcher.stop();
        await store.close();
        logger.info('bot.stopped');
      },
    };
  } catch (error) {
    await store.close();
    throw error;
  }
}

function createSources(config: Config, logger: Logger): PollSource[] {
  const sources: PollSource[] = [];
  if (config.casso) {
    const client = createCassoClient({ apiKey: config.casso.apiKey, baseUrl: config.casso.apiBase, logger });
    sources.push(createCassoSource({ client, watch: config.watchAccounts, historyDays: HISTORY_DAYS }));
  }
  if (config.sepay) {
    const client = createSepayClient({ apiToken: config.sepay.apiToken, baseUrl: config.sepay.apiBase, logger });
    sources.push(createSepaySource({ client, watch: config.watchAccounts, historyDays: HISTORY_DAYS }));
  }
  return sources;
}

function createDestinations(config: Config, deps: BotDeps): Destination[] {
  const render: RenderContext = { timeZone: config.tzDisplay, locale: config.locale };
  const destinations: Destination[] = [];
  const add = (sender: ChatSender, target: string) =>
    destinations.push({ id: destinationId(sender.platform, target), sender, target });
  if (destinations.length === 0) {
    deps.logger.warn('chat.none', { fix: 'no chat configured: alerts are printed here. Set TELEGRAM_* or SLACK_* to send them to a chat' });
    add(createConsoleSender(render, deps.print ?? ((text) => process.stdout.write(`${text}\n`))), 'console');
  }
  return destinations;
}
