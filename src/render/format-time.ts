import { wallClock, type WallClock } from '../core/zoned-time.js';
import type { Locale } from '../core/locale.js';

// Fixed names rather than Intl's: ICU versions disagree ("Sep" vs "Sept").
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number): string => String(n).padStart(2, '0');
/** Between the parts of a time, so a narrow screen never wraps `10:40` away from its date. */
const NBSP = '\u00a0';

/**
 * How much of the date goes with the clock: all of it, the day without the year (a list whose
 * entries share a year), or none (a list whose entries share a day that is shown once above it).
 */
export type DatePart = 'full' | 'no-year' | 'none';

function dayText(t: WallClock, locale: Locale, withYear: boolean): string {
  if (locale === 'vi') return withYear ? `${pad(t.day)}/${pad(t.month)}/${t.year}` : `${pad(t.day)}/${pad(t.month)}`;
  const dayMonth = `${t.day}${NBSP}${MONTHS[t.month - 1] ?? ''}`;
  return withYear ? `${dayMonth}${NBSP}${t.year}` : dayMonth;
}

/**
 * Shows an instant in `timeZone` (TZ_DISPLAY), to the minute:
 * vi `10:40 10/04/2025` (time first, day/month/year as Vietnamese write it),
 * en `10 Apr 2025 10:40` (month spelled out so day/month order cannot be misread).
 * The spaces are non-breaking (U+00A0). `date` drops the year or the whole date.
 * A string that is not an instant is returned unchanged rather than throwing inside an alert.
 */
export function formatTime(isoInstant: string, timeZone: string, locale: Locale, date: DatePart = 'full'): string {
  const epoch = Date.parse(isoInstant);
  if (Number.isNaN(epoch)) return isoInstant;
  const t = wallClock(epoch, timeZone);
  const clock = `${pad(t.hour)}:${pad(t.minute)}`;
  if (date === 'none') return clock;
  const day = dayText(t, locale, date === 'full');
  return locale === 'vi' ? `${clock}${NBSP}${day}` : `${day}${NBSP}${clock}`;
}

/** The calendar day of an instant in `timeZone`: vi `10/04/2025`, en `10 Apr 2025` (non-breaking spaces). */
export function formatDay(isoInstant: string, timeZone: string, locale: Locale): string {
  const epoch = Date.parse(isoInstant);
  if (Number.isNaN(epoch)) return isoInstant;
  return dayText(wallClock(epoch, timeZone), locale, true);
}
