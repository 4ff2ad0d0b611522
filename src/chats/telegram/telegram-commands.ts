import type { Bot } from 'grammy';
import type { BotCommand } from 'grammy/types';
import { commandsFor, type CommandAnswer, type CommandListing, type CommandRequest } from '../../core/command.js';
import type { Locale } from '../../core/locale.js';
import type { Logger } from '../../log/logger.js';
import { messagesFor } from '../../render/messages.js';
import { speaksFor, userName, whereWritten } from './asking-chat.js';
import { PLAIN_MESSAGE } from './message-options.js';
import { replyWithAnswer } from './reply-answer.js';
import { describeTelegramError } from './telegram-errors.js';
import { replyWithLive } from './telegram-live.js';
import { replyWithQrPhoto } from './telegram-qr.js';
import { CAPABILITIES } from './capabilities.js';

/** The commands Telegram has, in the registry's order: every chat's, and `/start`. */
export function telegramCommands(commands: readonly CommandListing[]): CommandListing[] {
  return commandsFor(commands, CAPABILITIES);
}

export interface CommandHandlerOptions {
  /** The commands to answer (telegramCommands). */
  commands: readonly CommandListing[];
  isAllowed: (chatId: string) => boolean;
  /** Does this user administer this group? */
  isAdmin: (chatId: number, userId: number) => Promise<boolean>;
  answer: (request: CommandRequest) => Promise<CommandAnswer>;
  /** Language of the apology when a command fails. */
  locale: Locale;
  logger: Logger;
}

/** The command menu Telegram shows (setMyCommands), as /help lists the commands: `find`, described in `locale`. */
export function telegramCommandList(commands: readonly CommandListing[], locale: Locale): BotCommand[] {
  return commands.map((c) => ({ command: c.name, description: c.help[locale].description }));
}

/**
 * Answers the commands (a file as a document) in private chats, groups and channels. grammY's
 * `command` matches `/find@thisbot` too (and ignores `/find@otherbot`), and gives the rest of
 * the text as `ctx.match`. Who may see data is decided by `answer`, from `allowed`.
 */
export function installCommandHandlers(bot: Bot, { commands, isAllowed, isAdmin, answer, locale, logger }: CommandHandlerOptions): void {
  for (const { name: command } of commands) {
    bot.command(command, async (ctx) => {
      const thread = ctx.msg.is_topic_message === true ? ctx.msg.message_thread_id : undefined;
      // /start tells where it was typed, topic included; grammY's reply answers in the topic the command came from.
      const chatId = command === 'start' ? whereWritten(ctx.chat.id, thread) : speaksFor(ctx.chat.id, thread, isAllowed);
      const allowed = isAllowed(chatId);
      // An anonymous administrator posts as the group itself; the user of a private chat owns it.
      const asGroup = ctx.msg.sender_chat?.id === ctx.chat.id;
      const from = ctx.from;
      const asker = asGroup || from === undefined ? null : userName(from);
      const mayChange = async () =>
        ctx.chat.type === 'private' || asGroup || (from !== undefined && (await isAdmin(ctx.chat.id, from.id)));
      // In a group, the first part quotes the question so the answer is easy to find.
      const messageId = ctx.chat.type === 'private' ? undefined : ctx.msgId;
      const quoting = messageId === undefined ? {} : { reply_parameters: { message_id: messageId, allow_sending_without_reply: true } };
      try {
        const request: CommandRequest = {
          command,
          args: ctx.match,
          chatId,
          allowed,
          platform: 'telegram',
          capabilities: CAPABILITIES,
          userName: asker,
          mayChange,
        };
        const reply = await answer(request);
        if (reply.kind === 'image') {
          await replyWithQrPhoto(ctx, reply, quoting);
          logger.info('command.answered', { command, chat: chatId, allowed, photo: reply.request.code });
          return;
        }
        if (reply.kind === 'live') {
          await replyWithLive(ctx, reply, quoting);
          logger.info('command.answered', { command, chat: chatId, allowed, live: true });
          return;
        }
        const sent = await replyWithAnswer(ctx, reply, quoting);
        logger.info('command.answered', { command, chat: chatId, allowed, ...sent });
      } catch (error) {
        // The asker gets a short apology instead of silence; the log says what failed.
        logger.error('command.failed', { command, chat: chatId, error: describeTelegramError(error) });
        await ctx.reply(messagesFor(locale).commandFailed, { ...PLAIN_MESSAGE, ...quoting }).catch((again: unknown) => {
          logger.warn('command.apology_failed', { command, chat: chatId, error: describeTelegramError(again) });
        });
      }
    });
  }
}
