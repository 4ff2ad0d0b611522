import type { Doc } from '../../render/doc.js';
import { toTelegramPlain, type TelegramCodeEntity } from './telegram-html.js';

/**
 * Options for every message the bot posts: our renderer's HTML, and no preview card, so a URL
 * in someone's transfer content does not grow a picture under the alert.
 */
export const HTML_MESSAGE = { parse_mode: 'HTML', link_preview_options: { is_disabled: true } } as const;

/** The same without markup: the fallback when Telegram refuses our HTML. */
export const PLAIN_MESSAGE = { link_preview_options: { is_disabled: true } } as const;

/**
 * A doc as the text and options of that fallback, `extra` options added: plain text whose
 * untrusted spans carry `code` entities (see toTelegramPlain), so they stay inert there too.
 */
export function plainMessage<T extends object>(doc: Doc, extra: T): [string, typeof PLAIN_MESSAGE & { entities: TelegramCodeEntity[] } & T] {
  const { text, entities } = toTelegramPlain(doc);
  return [text, { ...PLAIN_MESSAGE, entities, ...extra }];
}
