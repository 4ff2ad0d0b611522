/**
 * Options for every message the bot posts: our renderer's HTML, and no preview card, so a URL
 * in someone's transfer content does not grow a picture under the alert.
 */
export const HTML_MESSAGE = { parse_mode: 'HTML', link_preview_options: { is_disabled: true } } as const;

/** The same without markup: the fallback when Telegram refuses our HTML. */
export const PLAIN_MESSAGE = { link_preview_options: { is_disabled: true } } as const;
