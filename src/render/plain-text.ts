import { cleanText, type Doc } from './doc.js';

/**
 * Renders a doc for a terminal or log: no markup, styles dropped. Span text is still cleaned,
 * because a control character in transaction content (ESC, CR) could rewrite the terminal.
 */
export function toPlainText(doc: Doc): string {
  return doc.map((line) => line.map((span) => cleanText(span.text)).join('')).join('\n');
}
