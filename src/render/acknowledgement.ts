import type { Acknowledgement } from '../core/acknowledgement.js';
import { italic, text, verbatim, type Line } from './doc.js';
import { formatTime } from './format-time.js';
import type { Locale } from '../core/locale.js';
import type { RenderContext } from './messages.js';
import { truncateText } from './truncate.js';

/** A presser's name is theirs to choose: shown literally, and never longer than this. */
const MAX_NAME_CHARS = 64;

/** Words before and after a presser's name, which goes between them as a span of its own. */
type AroundName = (time: string) => [before: string, after: string];

/** Wording of the acknowledge button and what it answers; only this feature uses it. */
const WORDING: Readonly<
  Record<
    Locale,
    {
      button: string;
      done: AroundName;
      thanks: string;
      already: (by: string, time: string) => string;
      unknown: string;
      refused: string;
      found: AroundName;
    }
  >
> = {
  vi: {
    button: '✅ Đã nhận',
    done: (time) => ['✅ ', ` đã nhận lúc ${time}`],
    thanks: 'Đã ghi nhận.',
    already: (by, time) => `${by} đã nhận rồi (${time}).`,
    unknown: 'Không còn tìm thấy thông báo này.',
    refused: 'Cuộc trò chuyện này không được phép dùng bot.',
    found: (time) => ['Đã nhận: ', `, ${time}`],
  },
  en: {
    button: '✅ Got it',
    done: (time) => ['✅ Acknowledged by ', ` at ${time}`],
    thanks: 'Recorded.',
    already: (by, time) => `Already acknowledged by ${by} (${time}).`,
    unknown: 'This alert is no longer known.',
    refused: 'This chat is not allowed to use this bot.',
    found: (time) => ['Acknowledged: ', `, ${time}`],
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

/**
 * The line an acknowledged alert gets in place of its button: who, and when in TZ_DISPLAY. The
 * name is the presser's own (Telegram: their display name), shown verbatim: never a mention or link.
 */
export function acknowledgedLine(ack: Pick<Acknowledgement, 'by' | 'at'>, ctx: RenderContext): Line {
  const [by, time] = parts(ack, ctx);
  const [before, after] = WORDING[ctx.locale].done(time);
  return [italic(before), verbatim(by), italic(after)];
}

/**
 * The widest line acknowledgedLine can draw in this chat: a message that may be acknowledged is
 * sized to take it (a name at its longest, of the characters that cost the most escaped).
 */
export function widestAcknowledgedLine(ctx: RenderContext): Line {
  // A two-digit day in every zone (English writes `1 Dec` but `20 Dec`).
  return acknowledgedLine({ by: '&'.repeat(MAX_NAME_CHARS), at: Date.UTC(2000, 11, 20, 12) }, ctx);
}

/** The acknowledgement under a payment in a /find answer. */
export function foundAcknowledgementLine(ack: Acknowledgement, ctx: RenderContext): Line {
  const [by, time] = parts(ack, ctx);
  const [before, after] = WORDING[ctx.locale].found(time);
  return [text(before), verbatim(by), text(after)];
}

/** The short answer the presser alone sees (Telegram shows it as a toast). */
export function pressNotice(notice: PressNotice, locale: Locale): string {
  return WORDING[locale][notice];
}

/** The answer to a press on an alert someone in this chat acknowledged already. */
export function alreadyNotice(ack: Acknowledgement, ctx: RenderContext): string {
  return WORDING[ctx.locale].already(...parts(ack, ctx));
}
