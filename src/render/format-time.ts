import type { Locale } from './messages.js';

/** The calendar fields of an instant in some time zone. */
export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Wall-clock fields of an epoch instant in an IANA time zone. Throws RangeError for an unknown zone. */
export function wallClock(epochMs: number, timeZone: string): WallClock {
  const fields: WallClock = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const part of formatterFor(timeZone).formatToParts(epochMs)) {
    if (part.type in fields) fields[part.type as keyof WallClock] = Number(part.value);
  }
  return fields;
}

// Fixed names rather than Intl's: ICU versions disagree ("Sep" vs "Sept").
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number): string => String(n).padStart(2, '0');

/**
 * Shows an instant in `timeZone` (TZ_DISPLAY), to the minute:
 * vi `10:40 10/04/2025` (time first, day/month/year as Vietnamese write it),
 * en `10 Apr 2025 10:40` (month spelled out so day/month order cannot be misread).
 * A string that is not an instant is returned unchanged rather than throwing inside an alert.
 */
export function formatTime(isoInstant: string, timeZone: string, locale: Locale): string {
  const epoch = Date.parse(isoInstant);
  if (Number.isNaN(epoch)) return isoInstant;
  const t = wallClock(epoch, timeZone);
  const clock = `${pad(t.hour)}:${pad(t.minute)}`;
  if (locale === 'vi') return `${clock} ${pad(t.day)}/${pad(t.month)}/${t.year}`;
  return `${t.day} ${MONTHS[t.month - 1] ?? ''} ${t.year} ${clock}`;
}
