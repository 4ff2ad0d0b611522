import { cleanText, type Doc, type Span } from './doc.js';
import { splitDoc } from './split.js';

/** Telegram's limit for one message, counted on the text after entity parsing (tags do not count). */
export const TELEGRAM_MAX_CHARS = 4096;

const TAGS = { bold: 'b', italic: 'i', code: 'code' } as const;

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
 * Telegram still auto-detects URLs, `@username`s, `#hashtags` and `/commands` in plain text. That is
 * harmless here: an auto-link always shows its real target as its text (no disguised links are
 * possible without `<a>`), and a detected `@username` or `/command` is exactly what any group member
 * could type themselves. The sender should pass `link_preview_options: { is_disabled: true }` so a
 * URL in transaction content does not grow a preview card under the alert.
 */
export function toTelegramHtml(doc: Doc): string {
  return doc.map((line) => line.map(renderSpan).join('')).join('\n');
}

/** A doc as one or more Telegram HTML messages, each within Telegram's limit. */
export function toTelegramMessages(doc: Doc): string[] {
  return splitDoc(doc, TELEGRAM_MAX_CHARS).map(toTelegramHtml);
}
