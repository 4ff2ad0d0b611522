import { commaList, credential, httpRoot } from '../../config/value-parsers.js';
import { configPart, optional, withDefault } from '../../config/variable.js';

/**
 * A Zalo chat id: a string Zalo hands out (`e4ea2cd5189df1c3a88c`; older bots saw digits), kept
 * as written. Letters, digits, `-` and `_`, as ids in a URL-safe API are.
 */
export function zaloChatId(text: string): string | null {
  return /^[A-Za-z0-9_-]{1,64}$/.test(text) ? text : null;
}

/** `<bot id>:<access token>`: digits, a colon, then the token's own characters. */
const zaloBotToken = credential({
  test: (value) => /^\d+:[\w.~-]+$/.test(value),
  problem: () => 'is not a Zalo bot token: expected digits, a colon, then letters (value not shown)',
});

/** ZALO_* variables: the token turns Zalo on. */
export const zaloConfig = configPart({
  variables: {
    ZALO_BOT_TOKEN: optional(zaloBotToken, 'paste the Bot Token that Zalo Bot Creator sent you in Zalo, e.g. 1459232241454765289:AbC…'),
    ZALO_CHAT_IDS: optional(
      commaList(zaloChatId, { one: 'is not a Zalo chat id', many: 'are not Zalo chat ids' }),
      'list chat ids separated by commas, e.g. e4ea2cd5189df1c3a88c; send the bot any message in Zalo and it answers with that chat\'s id',
    ),
    ZALO_API_ROOT: withDefault(
      httpRoot({ trailingSlash: false }),
      'use an http(s) URL such as https://bot-api.zaloplatforms.com, or remove it to use that default',
      'https://bot-api.zaloplatforms.com',
    ),
  },
  secrets: ['ZALO_BOT_TOKEN'],
  turnsOn: { variable: 'ZALO_BOT_TOKEN', from: 'Zalo Bot Creator' },
  settings: (env) =>
    env.ZALO_BOT_TOKEN === undefined
      ? null
      : // chatIds may be empty: the bot still answers every message with its chat's id, which is how an operator learns it.
        { botToken: env.ZALO_BOT_TOKEN, chatIds: env.ZALO_CHAT_IDS ?? [], apiRoot: env.ZALO_API_ROOT },
});

/** Zalo's settings when it is on. */
export type ZaloSettings = NonNullable<ReturnType<typeof zaloConfig.settings>>;
