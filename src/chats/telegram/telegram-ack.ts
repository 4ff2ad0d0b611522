import type { Api, Bot } from 'grammy';
import type { PressAnswer, PressRequest } from '../../core/press.js';
import type { Logger } from '../../log/logger.js';
import { BLANK } from '../../render/doc.js';
import { lookedAs, type RenderContext } from '../../render/messages.js';
import { toTelegramHtml } from './telegram-html.js';
import { withPlainFallback } from '../plain-fallback.js';
import { ACK_CALLBACK_DATA } from './ack-keyboard.js';
import { speaksFor, userName } from './asking-chat.js';
import { HTML_MESSAGE, plainMessage } from './message-options.js';
import { describeTelegramError, isEntityParseError } from './telegram-errors.js';
import { telegramAlertParts, telegramParts } from './telegram-sender.js';

export interface AckHandlerOptions {
  isAllowed: (chatId: string) => boolean;
  acknowledge: (request: PressRequest) => Promise<PressAnswer>;
  /** The bot's render context; a redrawn alert looks as the press's answer says. */
  render: RenderContext;
  logger: Logger;
}

/** An empty keyboard: the edit takes the button away. */
const NO_BUTTON = { inline_keyboard: [] };

/**
 * Presses on the acknowledge button (`callback_query`). The press is recorded first; then the
 * message is redrawn in place (it stays in its topic) and the presser gets a short answer, which
 * Telegram needs for every press, refused or repeated ones too, to stop the button's spinner.
 */
export function installAckHandler(bot: Bot, { isAllowed, acknowledge, render, logger }: AckHandlerOptions): void {
  bot.callbackQuery(ACK_CALLBACK_DATA, async (ctx) => {
    const { message, from } = ctx.callbackQuery;
    let notice: string | undefined;
    try {
      if (message === undefined) return;
      const thread = 'is_topic_message' in message && message.is_topic_message === true ? message.message_thread_id : undefined;
      const chatId = speaksFor(message.chat.id, thread, isAllowed);
      const answer = await acknowledge({ platform: 'telegram', chatId, allowed: isAllowed(chatId), ref: String(message.message_id), userName: userName(from) });
      notice = answer.notice;
      if (answer.kind === 'acknowledged') await redraw(ctx.api, message.chat.id, message.message_id, answer, render, logger);
    } finally {
      await ctx.answerCallbackQuery(notice === undefined ? {} : { text: notice }).catch((error: unknown) => {
        logger.warn('ack.answer_failed', { error: describeTelegramError(error) });
      });
    }
  });
}

/**
 * The alert as it now reads: the same payments, the acknowledgement line, no button. The button
 * sat under the alert's last part (its only one, for a digest), which was sent with room for that
 * line, so it still fits the one message. Should it not (the chat's rules changed since, say to a
 * longer language), the button alone goes: a message is never redrawn with less than it showed.
 */
async function redraw(
  api: Api,
  chatId: number,
  messageId: number,
  answer: Extract<PressAnswer, { kind: 'acknowledged' }>,
  render: RenderContext,
  logger: Logger,
): Promise<void> {
  const pressed = telegramAlertParts(answer.txs, lookedAs(render, answer.look), true).at(-1) ?? [];
  const parts = telegramParts([...pressed, BLANK, answer.footer]);
  const [whole] = parts;
  try {
    if (whole !== undefined && parts.length === 1) {
      const edited = await withPlainFallback(
        (html) =>
          html
            ? api.editMessageText(chatId, messageId, toTelegramHtml(whole), { ...HTML_MESSAGE, reply_markup: NO_BUTTON })
            : api.editMessageText(chatId, messageId, ...plainMessage(whole, { reply_markup: NO_BUTTON })),
        isEntityParseError,
      );
      if (!edited.ok) throw edited.error;
      return;
    }
    await api.editMessageReplyMarkup(chatId, messageId, { reply_markup: NO_BUTTON });
    logger.warn('ack.redraw_too_long', { chat: chatId, message: messageId, effect: 'the button was removed; the message keeps its text' });
  } catch (error) {
    // Too old to edit, or deleted: the acknowledgement is stored all the same.
    logger.warn('ack.edit_failed', { chat: chatId, message: messageId, error: describeTelegramError(error), effect: 'the acknowledgement is recorded' });
  }
}
