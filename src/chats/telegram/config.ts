import { commaList, credential, httpRoot } from '../../config/value-parsers.js';
import { configPart, optional, withDefault } from '../../config/variable.js';

/** Telegram chat ids: users positive, groups negative, supergroups/channels `-100…`; all safe integers. */
export function telegramChatId(text: string): number | null {
  if (!/^-?\d+$/.test(text)) return null;
  const id = Number(text);
  return Number.isSafeInteger(id) && id !== 0 ? id : null;
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
      commaList(telegramChatId, { one: 'is not a chat id', many: 'are not chat ids' }),
      'list numeric chat ids separated by commas, e.g. -1001234567890,123456789; send /start to the bot in a chat to see its id',
    ),
    TELEGRAM_API_ROOT: withDefault(
      httpRoot({ trailingSlash: false }),
      'use an http(s) URL such as https://api.telegram.org, or remove it to use that default',
      'https://api.telegram.org',
    ),
  },
  secrets: ['TELEGRAM_BOT_TOKEN'],
  settings: (env) =>
    env.TELEGRAM_BOT_TOKEN === undefined
      ? null
      : // chatIds may be empty: the bot still answers /start, which is how an operator learns a chat's id.
        { botToken: env.TELEGRAM_BOT_TOKEN, chatIds: env.TELEGRAM_CHAT_IDS ?? [], apiRoot: env.TELEGRAM_API_ROOT },
});
