import type { Api, Bot } from 'grammy';
import type { PressAnswer, PressRequest } from '../../commands/acknowledge.js';
import type { Logger } from '../../log/logger.js';
import { BLANK } from '../../render/doc.js';
import { toPlainText } from '../../render/plain-text.js';
import { splitDoc } from '../../render/split.js';
import { TELEGRAM_MAX_CHARS, toTelegramHtml } from '../../render/telegram-html.js';
import { withPlainFallback } from '../plain-fallback.js';
import { ACK_CALLBACK_DATA } from './ack-keyboard.js';
import { speaksFor, userName } from './asking-chat.js';
import { HTML_MESSAGE, PLAIN_MESSAGE } from './message-options.js';
import { describeTelegramError, isEntityParseError } from './telegram-errors.js';
import { telegramAlertDoc } from './telegram-sender.js';

export interface AckHandlerOptions {
  isAllowed: (chatId: string) => boolean;
  acknowledge: (request: PressRequest) => Promise<PressAnswer>;
  logger: Logger;
}

/** An empty keyboard: the edit takes the button away. */
const NO_BUTTON = { inline_keyboard: [] };

/**
 * Presses on the acknowledge button (`callback_query`). The press is recorded first; then the
 * message is redrawn in place (it stays in its topic) and the presser gets a short answer, which
 * Telegram needs for every press, refused or repeated ones too, to stop the button's spinner.
 */
export function installAckHandler(bot: Bot, { isAllowed, acknowledge, logger }: AckHandlerOptions): void {
  bot.callbackQuery(ACK_CALLBACK_DATA, async (ctx) => {
    const { message, from } = ctx.callbackQuery;
    let notice: string | undefined;
    try {
      if (message === undefined) return;
      const thread = 'is_topic_message' in message && message.is_topic_message === true ? message.message_thread_id : undefined;
      const chatId = speaksFor(message.chat.id, thread, isAllowed);
      const answer = await acknowledge({ platform: 'telegram', chatId, allowed: isAllowed(chatId), ref: String(message.message_id), userName: userName(from) });
      notice = answer.notice;
      if (answer.kind === 'acknowledged') await redraw(ctx.api, message.chat.id, message.message_id, answer, logger);
    } finally {
      await ctx.answerCallbackQuery(notice === undefined ? {} : { text: notice }).catch((error: unknown) => {
        logger.warn('ack.answer_failed', { error: describeTelegramError(error) });
      });
    }
  });
}

/** The alert's last part as it now reads: same payments, the acknowledgement line, no button. */
async function redraw(api: Api, chatId: number, messageId: number, answer: Extract<PressAnswer, { kind: 'acknowledged' }>, logger: Logger): Promise<void> {
  const parts = splitDoc([...telegramAlertDoc(answer.txs, answer.ctx), BLANK, answer.footer], TELEGRAM_MAX_CHARS);
  const last = parts.at(-1) ?? [answer.footer];
  const edited = await withPlainFallback(
    (html) =>
      html
        ? api.editMessageText(chatId, messageId, toTelegramHtml(last), { ...HTML_MESSAGE, reply_markup: NO_BUTTON })
        : api.editMessageText(chatId, messageId, toPlainText(last), { ...PLAIN_MESSAGE, reply_markup: NO_BUTTON }),
    isEntityParseError,
  );
  if (!edited.ok) {
    // Too old to edit, or deleted: the acknowledgement is stored all the same.
    logger.warn('ack.edit_failed', { chat: chatId, message: messageId, error: describeTelegramError(edited.error), effect: 'the acknowledgement is recorded' });
  }
}
