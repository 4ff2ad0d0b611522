import { commaList, credential, httpRoot } from '../../config/value-parsers.js';
import { configPart, optional, withDefault } from '../../config/variable.js';

/** Telegram chat ids: users positive, groups negative, supergroups/channels `-100…`; all safe integers. */
function telegramChatId(text: string): number | null {
  if (!/^-?\d+$/.test(text)) return null;
  const id = Number(text);
  return Number.isSafeInteger(id) && id !== 0 ? id : null;
}

/**
 * One TELEGRAM_CHAT_IDS entry: a chat id, or `chat_id:topic_id` for one topic of a forum group.
 * Kept as text in a canonical form (`-1001234567890:42`), the way alerts are addressed.
 */
export function telegramTarget(text: string): string | null {
  const [chat = '', topic, ...rest] = text.split(':');
  const chatId = telegramChatId(chat);
  if (chatId === null || rest.length > 0) return null;
  if (topic === undefined) return String(chatId);
  const topicId = /^\d+$/.test(topic) ? Number(topic) : NaN;
  return Number.isSafeInteger(topicId) && topicId > 0 ? `${chatId}:${topicId}` : null;
}

/** A target back into the chat and, for a forum topic, its thread. */
export function splitTelegramTarget(target: string): { chatId: string; threadId: number | undefined } {
  const [chatId = target, topic] = target.split(':');
  return { chatId, threadId: topic === undefined ? undefined : Number(topic) };
}

const telegramBotToken = credential({
  test: (value) => /^\d+:[\w-]+$/.test(value),
  problem: () => 'is not a bot token: expected digits, a colon, then letters (value not shown)',
});

/** TELEGRAM_* variables: the token turns Telegram on. */
export const telegramConfig = configPart({
  variables: {
    TELEGRAM_BOT_TOKEN: optional(telegramBotToken, 'paste the token @BotFather gave you, e.g. 123456789:AAE…'),
    TELEGRAM_CHAT_IDS: optional(
      commaList(telegramTarget, { one: 'is not a chat id', many: 'are not chat ids' }),
      'list numeric chat ids separated by commas, e.g. -1001234567890,123456789, or chat_id:topic_id for one topic of a forum group (-1001234567890:42); send /start to the bot in a chat or topic to see its id',
    ),
    TELEGRAM_API_ROOT: withDefault(
      httpRoot({ trailingSlash: false }),
      'use an http(s) URL such as https://api.telegram.org, or remove it to use that default',
      'https://api.telegram.org',
    ),
  },
  secrets: ['TELEGRAM_BOT_TOKEN'],
  turnsOn: { variable: 'TELEGRAM_BOT_TOKEN', from: '@BotFather' },
  settings: (env) =>
    env.TELEGRAM_BOT_TOKEN === undefined
      ? null
      : // chatIds may be empty: the bot still answers /start, which is how an operator learns a chat's id.
        { botToken: env.TELEGRAM_BOT_TOKEN, chatIds: env.TELEGRAM_CHAT_IDS ?? [], apiRoot: env.TELEGRAM_API_ROOT },
});

/** Telegram's settings when it is on. */
export type TelegramSettings = NonNullable<ReturnType<typeof telegramConfig.settings>>;
