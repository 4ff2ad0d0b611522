import { isAccountLine } from '../../render/alert.js';
import type { Doc } from '../../render/doc.js';
import { toPlainText } from '../../render/plain-text.js';
import { splitDoc, visibleMeasure } from '../../render/split.js';

/** Zalo's limit on a message's text (and a photo's caption), counted in UTF-16 units as its API does. */
export const ZALO_MAX_CHARS = 2000;

/**
 * A doc as the plain-text messages Zalo takes: each within its limit, cut between lines (a line
 * longer than a message between graphemes, never dropped), a digest's account line repeated at
 * the top of a part that starts among that account's payments. Zalo is sent no parse mode, so
 * nothing in the text is markup: someone else's words reach the reader as they are.
 */
export function zaloParts(doc: Doc): string[] {
  return splitDoc(doc, ZALO_MAX_CHARS, visibleMeasure, isAccountLine).map(toPlainText);
}
