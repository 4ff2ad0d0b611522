import type { Api } from 'grammy';
import { err, ok, type Result } from '../../core/result.js';
import type { Logger } from '../../log/logger.js';
import type { Transaction } from '../../core/model.js';
import { alertDoc, digestDoc } from '../../render/alert.js';
import type { Doc } from '../../render/doc.js';
import { lookedAs, type RenderContext } from '../../render/messages.js';
import { toPlainText } from '../../render/plain-text.js';
import { splitDoc } from '../../render/split.js';
import { TELEGRAM_MAX_CHARS, toTelegramHtml } from '../../render/telegram-html.js';
import type { ChatError } from '../../core/chat-errors.js';
import type { AlertLook, ChatSender } from '../../core/chat-sender.js';
import { splitTelegramTarget } from './config.js';
import { HTML_MESSAGE, PLAIN_MESSAGE } from './message-options.js';
import { describeTelegramError, isEntityParseError, toChatError } from './telegram-errors.js';

/**
 * Payments per digest message. A digest line is short (amount, content cut to 60 characters,
 * account tail, time: at most ~120 visible characters), so 25 of them stay far below Telegram's
 * 4096 (the test renders 25 maximal lines); 60 payments then go out as 3 messages.
 */
export const TELEGRAM_DIGEST_SIZE = 25;

/**
 * Telegram's flood limits: about one message per second per chat, and at most 20 messages a
 * minute in one group. Private chats have positive ids; groups, supergroups and channels
 * negative ones (or `@channelname`).
 */
export const PRIVATE_CHAT_GAP_MS = 1_000;
export const GROUP_CHAT_GAP_MS = 3_000;

export interface TelegramSenderOptions {
  api: Api;
  render: RenderContext;
  logger: Logger;
}

/** Posts alerts and digests through grammY's API; every failure comes back as a ChatError. */
export function createTelegramSender({ api, render, logger }: TelegramSenderOptions): ChatSender {
  /** One message; if Telegram cannot parse our HTML, the same text once more without markup. */
  async function sendPart(target: string, part: Doc): Promise<Result<number, ChatError>> {
    // `chat_id:topic_id` posts into that topic of a forum group.
    const { chatId, threadId } = splitTelegramTarget(target);
    const topic = threadId === undefined ? {} : { message_thread_id: threadId };
    try {
      const message = await api.sendMessage(chatId, toTelegramHtml(part), { ...HTML_MESSAGE, ...topic });
      return ok(message.message_id);
    } catch (error) {
      if (!isEntityParseError(error)) return err(toChatError(error, target));
      logger.error('telegram.html_rejected', {
        chat: chatId,
        error: describeTelegramError(error),
        fix: 'sent as plain text instead; this is a bankbell bug, please report it with this line',
      });
    }
    try {
      const message = await api.sendMessage(chatId, toPlainText(part), { ...PLAIN_MESSAGE, ...topic });
      return ok(message.message_id);
    } catch (error) {
      return err(toChatError(error, target));
    }
  }

  return {
    platform: 'telegram',
    maxPerMessage: TELEGRAM_DIGEST_SIZE,
    minGapMs: (chatId) => (/^\d+$/.test(chatId) ? PRIVATE_CHAT_GAP_MS : GROUP_CHAT_GAP_MS),
    async send(chatId: string, txs: readonly Transaction[], look?: AlertLook) {
      const [only] = txs;
      const ctx = lookedAs(render, look);
      const doc = only && txs.length === 1 ? alertDoc(only, ctx) : digestDoc(txs, ctx);
      // Alerts and digests are built to fit one message; splitting is the safety net, not the plan.
      const refs: number[] = [];
      for (const part of splitDoc(doc, TELEGRAM_MAX_CHARS)) {
        const sent = await sendPart(chatId, part);
        if (!sent.ok) return sent;
        refs.push(sent.value);
      }
      return ok({ ref: refs.join(',') });
    },
  };
}
