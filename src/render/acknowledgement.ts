import type { Acknowledgement } from '../core/acknowledgement.js';
import { italic, text, type Line } from './doc.js';
import { formatTime } from './format-time.js';
import type { Locale, RenderContext } from './messages.js';
import { truncateText } from './truncate.js';

/** A presser's name is theirs to choose: shown literally, and never longer than this. */
const MAX_NAME_CHARS = 64;

/** Wording of the acknowledge button and what it answers; only this feature uses it. */
const WORDING: Readonly<
  Record<
    Locale,
    {
      button: string;
      done: (by: string, time: string) => string;
      thanks: string;
      already: (by: string, time: string) => string;
      unknown: string;
      refused: string;
      found: (by: string, time: string) => string;
    }
  >
> = {
  vi: {
    button: '✅ Đã nhận',
    done: (by, time) => `✅ ${by} đã nhận lúc ${time}`,
    thanks: 'Đã ghi nhận.',
    already: (by, time) => `${by} đã nhận rồi (${time}).`,
    unknown: 'Không còn tìm thấy thông báo này.',
    refused: 'Cuộc trò chuyện này không được phép dùng bot.',
    found: (by, time) => `Đã nhận: ${by}, ${time}`,
  },
  en: {
    button: '✅ Got it',
    done: (by, time) => `✅ Acknowledged by ${by} at ${time}`,
    thanks: 'Recorded.',
    already: (by, time) => `Already acknowledged by ${by} (${time}).`,
    unknown: 'This alert is no longer known.',
    refused: 'This chat is not allowed to use this bot.',
    found: (by, time) => `Acknowledged: ${by}, ${time}`,
  },
};

export type PressNotice = 'thanks' | 'unknown' | 'refused';

function parts(ack: Pick<Acknowledgement, 'by' | 'at'>, ctx: RenderContext): [string, string] {
  return [truncateText(ack.by.trim() || '?', MAX_NAME_CHARS), formatTime(new Date(ack.at).toISOString(), ctx.timeZone, ctx.locale)];
}

/** The text on the button. */
export function ackButtonLabel(locale: Locale): string {
  return WORDING[locale].button;
}

/** The line an acknowledged alert gets in place of its button: who, and when in TZ_DISPLAY. */
export function acknowledgedLine(ack: Pick<Acknowledgement, 'by' | 'at'>, ctx: RenderContext): Line {
  return [italic(WORDING[ctx.locale].done(...parts(ack, ctx)))];
}

/** The acknowledgement under a payment in a /find answer. */
export function foundAcknowledgementLine(ack: Acknowledgement, ctx: RenderContext): Line {
  return [text(WORDING[ctx.locale].found(...parts(ack, ctx)))];
}

/** The short answer the presser alone sees (Telegram shows it as a toast). */
export function pressNotice(notice: PressNotice, locale: Locale): string {
  return WORDING[locale][notice];
}

/** The answer to a press on an alert someone in this chat acknowledged already. */
export function alreadyNotice(ack: Acknowledgement, ctx: RenderContext): string {
  return WORDING[ctx.locale].already(...parts(ack, ctx));
}
