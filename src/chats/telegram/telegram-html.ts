import { cleanText, type Doc, type Span } from '../../render/doc.js';
import { splitDoc } from '../../render/split.js';

/** Telegram's limit for one message, counted on the text after entity parsing (tags do not count). */
export const TELEGRAM_MAX_CHARS = 4096;

// Verbatim text goes inside <code>: Telegram finds no mention, link, hashtag or command there.
const TAGS = { bold: 'b', italic: 'i', code: 'code', verbatim: 'code' } as const;

/** Escapes text for Telegram's `parse_mode: 'HTML'`: these three are all its parser treats specially. */
export function escapeTelegramHtml(value: string): string {
  return cleanText(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function renderSpan(span: Span): string {
  const body = escapeTelegramHtml(span.text);
  if (!span.style || body === '') return body;
  const tag = TAGS[span.style];
  return `<${tag}>${body}</${tag}>`;
}

/**
 * Renders a doc as Telegram HTML. Only `<b>`, `<i>` and `<code>` are ever emitted, and all span text
 * is escaped, so content like `<a href="…">` arrives as literal characters.
 *
 * Telegram also makes live entities of plain text by itself: a `@username` becomes a mention that
 * notifies that member, a URL or `t.me/…` a link, `#tag` a hashtag, `/cmd@bot` a command. So
 * text that is not the bot's own is a `verbatim` span, rendered inside `<code>`, where Telegram
 * finds none of them. The sender still passes `link_preview_options: { is_disabled: true }`.
 */
export function toTelegramHtml(doc: Doc): string {
  return doc.map((line) => line.map(renderSpan).join('')).join('\n');
}

/** A `code` entity of a plain-text message (Bot API MessageEntity), in UTF-16 units as Telegram counts. */
export interface TelegramCodeEntity {
  type: 'code';
  offset: number;
  length: number;
}

/**
 * A doc as plain text (toPlainText's) with a `code` entity over each `code` and `verbatim` span:
 * the fallback when Telegram refuses our HTML, sent with `entities` instead of a parse mode.
 * Telegram still finds mentions, links, hashtags and commands in plain text then, except inside
 * `code`, so someone else's words stay as inert as in the HTML. Bold and italic are left out:
 * the fallback carries nothing but what keeps the text safe.
 */
export function toTelegramPlain(doc: Doc): { text: string; entities: TelegramCodeEntity[] } {
  let text = '';
  const entities: TelegramCodeEntity[] = [];
  for (const [index, line] of doc.entries()) {
    if (index > 0) text += '\n';
    for (const span of line) {
      const body = cleanText(span.text);
      if ((span.style === 'code' || span.style === 'verbatim') && body !== '') entities.push({ type: 'code', offset: text.length, length: body.length });
      text += body;
    }
  }
  return { text, entities };
}

/** A doc as one or more Telegram HTML messages, each within Telegram's limit. */
export function toTelegramMessages(doc: Doc): string[] {
  return splitDoc(doc, TELEGRAM_MAX_CHARS).map(toTelegramHtml);
}
