import { autoRetry } from '@grammyjs/auto-retry';
import { Bot } from 'grammy';
import type { CommandAnswer, CommandListing, CommandRequest } from '../../core/command.js';
import type { PressAnswer, PressRequest } from '../../core/press.js';
import type { Logger } from '../../log/logger.js';
import type { RenderContext } from '../../render/messages.js';
import type { ConnectedChat } from '../../core/chat.js';
import { createMemberCheck } from './member-check.js';
import { floodWait } from './flood-wait.js';
import { pacedReplies } from './paced-replies.js';
import type { ChatDeps } from '../chat-deps.js';
import { IN_PLACE_RETRY_MAX_SECONDS, logInPlaceRetries } from './log-retries.js';
import { installAckHandler } from './telegram-ack.js';
import { installCommandHandlers, telegramCommandList, telegramCommands } from './telegram-commands.js';
import { installGuestHandler } from './telegram-guest.js';
import { describeTelegramError } from './telegram-errors.js';
import { createPolling, getUpdatesWhileLeading } from './telegram-polling.js';
import { createTelegramSender } from './telegram-sender.js';
import { createUpdateQueues } from './update-queues.js';
import { within } from '../within.js';

export interface TelegramChatOptions {
  token: string;
  /** Bot API root (`TELEGRAM_API_ROOT`), e.g. `https://api.telegram.org`. */
  apiRoot: string;
  logger: Logger;
  render: RenderContext;
  /** Is this chat allowed to use data commands? (allow list incl. migrated ids) */
  isAllowed: (chatId: string) => boolean;
  /** TELEGRAM_CHAT_IDS: a member of one of these chats may ask by a guest query (see telegram-guest.ts); absent, nobody may. */
  chats?: readonly string[];
  /** Every command (the registry's listings); Telegram has those its capabilities allow, `/start` too. */
  commands: readonly CommandListing[];
  /** The chat-agnostic command answerer, e.g. `(req) => answerCommand(req, deps)`. */
  answer: (request: CommandRequest) => Promise<CommandAnswer>;
  /** Records a press on an alert's acknowledge button; absent, presses are not listened to. */
  acknowledge?: (request: PressRequest) => Promise<PressAnswer>;
  /** Longest one Bot API call may take. Default 30. */
  sendTimeoutSeconds?: number;
  /** Whether this bot leads: only then may it call getUpdates. Always, by default. */
  leading?: () => boolean;
  /** Sends a message in its turn in its chat's send budget (`ChatDeps.inTurn`): command answers take it. */
  inTurn: ChatDeps['inTurn'];
}

export type TelegramChat = Omit<ConnectedChat, 'targets'>;

/** How long start() waits for Telegram before letting the rest of the bot go on. */
const READY_WAIT_MS = 10_000;
/** How long stop() waits for the answers in progress. */
const STOP_GRACE_MS = 5_000;

/**
 * The Telegram side of the bot: a grammY Bot that answers commands by long polling, and a
 * ChatSender for the outbox.
 *
 * Retries: the outbox persists and retries alerts across crashes, so grammY's own retries stay
 * short. auto-retry honours one short `retry_after` (≤ 5 s) in place — which also covers command
 * replies, which have no outbox — and hands longer waits, 5xx and network errors straight back.
 * Unbounded in-library retries would hold a send for minutes and, after a timeout the server had
 * in fact accepted, post it again. No throttler plugin: the dispatcher already paces each chat
 * (it spends the sender's `limits` as budgets) and folds what waits into digests, and a second,
 * in-memory queue would hide waiting alerts from the outbox.
 */
export function createTelegramChat(options: TelegramChatOptions): TelegramChat {
  const logger = options.logger.child({ platform: 'telegram' });
  const timeoutSeconds = options.sendTimeoutSeconds ?? 30;
  // grammY's constructor throws on a trailing slash; an operator's `https://api.telegram.org/` is fine.
  const apiRoot = options.apiRoot.replace(/\/+$/, '');
  const bot = new Bot(options.token, { client: { apiRoot, timeoutSeconds } });
  // Innermost, next to the network: every attempt of every caller passes the wait Telegram named.
  bot.api.config.use(floodWait());
  // Installed before auto-retry, so it runs inside it and sees each attempt.
  bot.api.config.use(logInPlaceRetries(logger));
  if (options.leading !== undefined) bot.api.config.use(getUpdatesWhileLeading(options.leading));
  bot.api.config.use(
    autoRetry({
      maxRetryAttempts: 1,
      maxDelaySeconds: IN_PLACE_RETRY_MAX_SECONDS,
      rethrowHttpErrors: true,
      rethrowInternalServerErrors: true,
    }),
  );

  // Every answer to an update waits for its turn in the chat's send budget, beside the alerts.
  bot.use((ctx, next) => {
    ctx.api.config.use(pacedReplies(options.inTurn));
    return next();
  });
  // First in the chain: every handler below runs in its update's own queue.
  const updates = createUpdateQueues(logger);
  bot.use(updates.middleware);
  const commands = telegramCommands(options.commands);
  const members = createMemberCheck(bot.api, logger);
  installCommandHandlers(bot, {
    commands,
    isAllowed: options.isAllowed,
    isAdmin: members.isAdmin,
    answer: options.answer,
    locale: options.render.locale,
    logger,
  });
  installGuestHandler(bot, { chats: options.chats ?? [], members, answer: options.answer, locale: options.render.locale, logger });
  if (options.acknowledge) installAckHandler(bot, { isAllowed: options.isAllowed, acknowledge: options.acknowledge, render: options.render, logger });
  bot.catch((error) => {
    logger.error('telegram.update_failed', {
      update_id: error.ctx.update.update_id,
      chat: error.ctx.chat?.id,
      error: describeTelegramError(error.error),
    });
  });

  const polling = createPolling({
    bot,
    logger,
    // Telegram shows each user the menu in their app's language, else the bot's LOCALE.
    menus: [
      { commands: telegramCommandList(commands, options.render.locale) },
      { languageCode: 'vi', commands: telegramCommandList(commands, 'vi') },
      { languageCode: 'en', commands: telegramCommandList(commands, 'en') },
    ],
    // The client timeout covers getUpdates too: the long poll must come back before it.
    pollTimeoutSeconds: Math.max(1, Math.min(25, timeoutSeconds - 5)),
    readyWaitMs: READY_WAIT_MS,
  });

  return {
    sender: createTelegramSender({ api: bot.api, render: options.render, logger }),
    start: async () => {
      await polling.start();
      return { port: null };
    },
    receiving: () => polling.status(),
    async stop() {
      await polling.stop();
      // Answers in progress are sent, within reason: a stuck one must not hold the shutdown.
      await within(STOP_GRACE_MS, updates.settled());
    },
  };
}
