import type { Bot, Context } from 'grammy';
import type { InlineQueryResultArticle } from 'grammy/types';
import { z } from 'zod';
import { wordsOf, type CommandAnswer, type CommandRequest } from '../../core/command.js';
import type { Locale } from '../../core/locale.js';
import type { Logger } from '../../log/logger.js';
import { text, type Doc } from '../../render/doc.js';
import { toPlainText } from '../../render/plain-text.js';
import { truncateText } from '../../render/truncate.js';
import { userName } from './asking-chat.js';
import { splitTelegramTarget } from './config.js';
import type { MemberCheck } from './member-check.js';
import { HTML_MESSAGE } from './message-options.js';
import { toTelegramHtml } from './telegram-html.js';
import { describeTelegramError } from './telegram-errors.js';
import { inlineRef } from './telegram-live.js';

/*
 * Telegram's guest mode (Bot API 10.0, docs/telegram-guest-mode.md): someone writes `@<bot> …` in
 * a chat the bot is not in (the one with the buyer); Telegram hands the bot that message as a
 * `guest_message` update, and the bot answers it once with `answerGuestQuery`, which posts an
 * inline message there that the bot may edit later. bankbell answers a guest query as `/check`.
 */

/** What bankbell reads of a guest message; parsed, not trusted. */
const GuestMessage = z.object({
  guest_query_id: z.string().min(1),
  from: z.object({ id: z.number().int(), is_bot: z.boolean(), first_name: z.string(), last_name: z.string().optional() }).optional(),
  text: z.string().optional(),
  caption: z.string().optional(),
});

/** What answerGuestQuery must answer for the message to count as posted. */
const SentGuestMessage = z.object({ inline_message_id: z.string().min(1) });

/** The answer to anyone who may not use the bot: nothing about the shop. */
const REFUSAL: Readonly<Record<Locale, string>> = {
  vi: 'Bot này chỉ trả lời thành viên của cửa hàng.',
  en: "This bot answers only the shop's own people.",
};

/** An inline result's title: short, plain. */
const MAX_TITLE = 64;

export interface GuestHandlerOptions {
  /** TELEGRAM_CHAT_IDS: a member of one of these chats may ask. */
  chats: readonly string[];
  members: MemberCheck;
  answer: (request: CommandRequest) => Promise<CommandAnswer>;
  /** Language of the refusal (the asker is no chat's member: the bot's LOCALE). */
  locale: Locale;
  logger: Logger;
}

/**
 * Answers guest queries: a member of an allowed chat gets `/check` with what they wrote after the
 * bot's name, in the rules of the first allowed chat they are in (its accounts, privacy and
 * language, its share of payments); a waiting answer is edited in place later, like the chat's
 * own. Anyone else gets a refusal that shows nothing.
 */
export function installGuestHandler(bot: Bot, options: GuestHandlerOptions): void {
  const { logger } = options;
  bot.on('guest_message', async (ctx) => {
    const parsed = GuestMessage.safeParse(ctx.update.guest_message);
    if (!parsed.success) {
      logger.warn('telegram.guest_unreadable', { update_id: ctx.update.update_id, error: z.prettifyError(parsed.error) });
      return;
    }
    const guest = parsed.data;
    const from = guest.from;
    const chat = from === undefined || from.is_bot ? null : await memberChat(options, from.id);
    if (from === undefined || chat === null) {
      await post(ctx, guest.guest_query_id, [[text(REFUSAL[options.locale])]], logger);
      logger.info('telegram.guest_refused', { user: from?.id ?? null });
      return;
    }
    const args = withoutMentions(guest.text ?? guest.caption ?? '', ctx.me.username);
    const request: CommandRequest = { command: 'check', args, chatId: chat, allowed: true, platform: 'telegram', userName: userName(from) };
    try {
      const reply = await options.answer(request);
      const posted = await post(ctx, guest.guest_query_id, wordsOf(reply), logger);
      if (posted !== null && reply.kind === 'live') await reply.placed(inlineRef(posted));
      logger.info('telegram.guest_answered', { chat, live: reply.kind === 'live' });
    } catch (error) {
      logger.error('telegram.guest_failed', { chat, error: describeTelegramError(error) });
    }
  });
}

/** The first allowed chat (as TELEGRAM_CHAT_IDS names it) the user is in; a private chat is its own user's. */
async function memberChat(options: Pick<GuestHandlerOptions, 'chats' | 'members'>, userId: number): Promise<string | null> {
  for (const target of options.chats) {
    const chatId = Number(splitTelegramTarget(target).chatId);
    if (chatId > 0 ? chatId === userId : await options.members.isMember(chatId, userId)) return target;
  }
  return null;
}

/** The text with the bot's `@username` taken out wherever it was written. */
function withoutMentions(written: string, username: string): string {
  return written
    .split(/\s+/)
    .filter((word) => word.toLowerCase() !== `@${username.toLowerCase()}`)
    .join(' ')
    .trim();
}

/** Answers the query with `doc` (a /check answer or a refusal: short, one message) as an inline message; its id, or null when Telegram did not take it (logged). */
async function post(ctx: Context, queryId: string, doc: Doc, logger: Logger): Promise<string | null> {
  const result: InlineQueryResultArticle = {
    type: 'article',
    id: 'bankbell',
    title: truncateText(toPlainText(doc.slice(0, 1)), MAX_TITLE) || 'bankbell',
    input_message_content: { message_text: toTelegramHtml(doc), ...HTML_MESSAGE },
  };
  try {
    const sent = SentGuestMessage.safeParse(await ctx.api.answerGuestQuery(queryId, result));
    if (sent.success) return sent.data.inline_message_id;
    logger.error('telegram.guest_failed', { error: `answerGuestQuery answered without an inline message: ${z.prettifyError(sent.error)}` });
  } catch (error) {
    logger.error('telegram.guest_failed', { error: describeTelegramError(error) });
  }
  return null;
}
