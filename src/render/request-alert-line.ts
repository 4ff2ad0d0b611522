import { code, text, type Line } from './doc.js';
import type { Locale } from '../core/locale.js';
import { truncateText } from './truncate.js';

const LABEL: Readonly<Record<Locale, string>> = { vi: 'Yêu cầu QR', en: 'QR request' };

/** The line a payment's alert carries when it answered a /qr request: the request's code and note. */
export function requestAlertLine(request: { code: string; note: string }, locale: Locale): Line {
  const note = request.note.trim();
  return [text(`${LABEL[locale]}:\u00a0`), code(request.code), ...(note === '' ? [] : [text(` · ${truncateText(note, 200)}`)])];
}
