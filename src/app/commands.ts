import { acknowledgePress } from '../commands/acknowledge/index.js';
import { createBalanceReader } from '../commands/balance/index.js';
import { answerCommand, type CommandDeps } from '../commands/index.js';
import { searchWithRequestCodes } from '../commands/qr/index.js';
import { storedRuleBook } from '../commands/rules/index.js';
import type { Config } from '../config/schema.js';
import type { ProviderApi } from '../core/provider.js';
import { isChatOf, type Destination } from '../delivery/destination.js';
import type { Metrics } from '../health/metrics.js';
import type { Logger } from '../log/logger.js';
import type { CommandAnswer, CommandRequest } from '../core/command.js';
import type { PressAnswer, PressRequest } from '../core/press.js';
import type { RenderContext } from '../render/messages.js';
import type { StateStore } from '../store/state-store.js';

/** What answers the chats: commands, and presses on an alert's acknowledge button. */
export interface CommandSide {
  answer(request: CommandRequest): Promise<CommandAnswer>;
  acknowledge(request: PressRequest): Promise<PressAnswer>;
}

/**
 * The chat-agnostic answers, over the store and the providers' APIs. `destinations` is read
 * when a command comes, by which time the chats are connected and it is filled.
 */
export function commandSide(
  config: Config,
  deps: {
    store: StateStore;
    apis: readonly ProviderApi[];
    destinations: readonly Destination[];
    render: RenderContext;
    logger: Logger;
    metrics: Metrics;
    /** How /metrics names a destination. */
    labelOf: (dest: string) => string;
  },
): CommandSide {
  const { store, render, logger, metrics } = deps;
  const balances = createBalanceReader({
    sources: deps.apis.map((api) => ({ provider: api.source.provider, listAccounts: api.listAccounts })),
    watch: config.watchAccounts,
    logger,
  });
  const search = searchWithRequestCodes(store.search, store);
  const rules = storedRuleBook(store, (platform, chatId) => deps.destinations.find((d) => d.sender.platform === platform && isChatOf(d, chatId, store))?.id ?? null);
  const commandDeps: CommandDeps = {
    balances,
    search,
    render,
    rules,
    logger,
    counters: metrics,
    acknowledgements: (dest, keys) => store.acknowledgements(dest, keys),
    payments: { requests: store, accounts: balances, expiryMinutes: config.qrExpiryMinutes, logger },
    checking: { checks: store, logger, counters: metrics },
    counter: config.web === null ? undefined : { links: store, publicUrl: config.web.publicUrl },
  };
  return {
    answer: (request) => answerCommand(request, commandDeps),
    // Any bot takes presses (Slack's reach standbys too): the store records them for all.
    acknowledge: (request) =>
      acknowledgePress(request, {
        store,
        rules,
        render,
        logger,
        onAcknowledged: (dest, count) => metrics.recordAcknowledged(deps.labelOf(dest), count),
      }),
  };
}
