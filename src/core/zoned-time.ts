/**
 * Every date and clock computation: the wall clock of an instant in a time zone (TZ_DISPLAY,
 * any IANA zone) and the days it falls on, and the Vietnam wall-clock times the providers speak.
 * Pure functions; how times are shown to people (`10:40 10/04/2025`) is render's (src/render/format-time.ts).
 */

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

// formatToParts costs ~0.1 ms; a digest being fitted to a message renders the same times many times.
const recent = new Map<string, Readonly<WallClock>>();
const RECENT_MAX = 5_000;

/** Wall-clock fields of an epoch instant in an IANA time zone. Throws RangeError for an unknown zone. */
export function wallClock(epochMs: number, timeZone: string): WallClock {
  const key = `${timeZone} ${epochMs}`;
  const known = recent.get(key);
  if (known) return { ...known };
  const fields: WallClock = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0 };
  for (const part of formatterFor(timeZone).formatToParts(epochMs)) {
    if (part.type in fields) fields[part.type as keyof WallClock] = Number(part.value);
  }
  if (recent.size >= RECENT_MAX) recent.clear();
  recent.set(key, { ...fields });
  return fields;
}

/** How far `timeZone`'s clocks are ahead of UTC at an instant, in ms (whole seconds). */
function offsetAt(epochMs: number, timeZone: string): number {
  const t = wallClock(epochMs, timeZone);
  const asUtc = Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second);
  return asUtc - Math.floor(epochMs / 1000) * 1000;
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** `YYYY-MM-DD` of an instant in `timeZone`. */
export function dayOf(epochMs: number, timeZone: string): string {
  const t = wallClock(epochMs, timeZone);
  return `${t.year}-${pad(t.month)}-${pad(t.day)}`;
}

/** `day` (`YYYY-MM-DD`) moved by `days` calendar days. */
export function addDays(day: string, days: number): string {
  const [y = 0, m = 1, d = 1] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** The day as `YYYY-MM-DD`, or null when it is no real calendar day (31 February). */
export function calendarDay(year: number, month: number, day: number): string | null {
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (probe.getUTCFullYear() !== year || probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) return null;
  return `${String(year).padStart(4, '0')}-${pad(month)}-${pad(day)}`;
}

/** The UTC epoch of 00:00 on `day` (`YYYY-MM-DD`) in `timeZone`. */
export function startOfDay(day: string, timeZone: string): number {
  const [y = 0, m = 1, d = 1] = day.split('-').map(Number);
  const wall = Date.UTC(y, m - 1, d);
  // The zone's offset at the guess, then again at the corrected instant in case it changed
  // in between (daylight saving; Asia/Ho_Chi_Minh has none, other TZ_DISPLAY values may).
  const first = wall - offsetAt(wall, timeZone);
  return wall - offsetAt(first, timeZone);
}

/** The UTC epoch of 00:00 on the day after `day` in `timeZone`: the exclusive end of `day`. */
export function endOfDay(day: string, timeZone: string): number {
  return startOfDay(addDays(day, 1), timeZone);
}

/** Minutes since midnight of an instant on `timeZone`'s clock (`/quiet`, `/summary`). */
export function minuteOfDay(epochMs: number, timeZone: string): number {
  const t = wallClock(epochMs, timeZone);
  return (t.hour % 24) * 60 + t.minute;
}

/** The first instant at or after `now`'s whole minute whose minute of day in `timeZone` is `minute`. */
export function nextMinuteOfDay(now: number, minute: number, timeZone: string): number {
  const t = wallClock(now, timeZone);
  const ahead = (minute - ((t.hour % 24) * 60 + t.minute) + 1440) % 1440;
  return now - t.second * 1000 - (now % 1000) + ahead * 60_000;
}

/**
 * Zones change their offset only at instants on a quarter hour, so one lookup per quarter hour
 * serves every instant in it: Intl costs ~0.1 ms a call, too much for 100 000 rows.
 */
const BUCKET_MS = 15 * 60_000;

/**
 * A formatter of instants as ISO 8601 local time with its offset in `timeZone`, to the second:
 * `2025-11-03T08:15:00+07:00`. A string that is no instant comes back unchanged. Keeps one
 * offset per quarter hour seen, so make one per batch (an export).
 */
export function localIsoTime(timeZone: string): (isoInstant: string) => string {
  const offsets = new Map<number, number>();
  return (isoInstant) => {
    const epoch = Date.parse(isoInstant);
    if (Number.isNaN(epoch)) return isoInstant;
    const bucket = Math.floor(epoch / BUCKET_MS);
    let offset = offsets.get(bucket);
    if (offset === undefined) {
      offset = offsetAt(bucket * BUCKET_MS, timeZone);
      offsets.set(bucket, offset);
    }
    const wall = new Date(Math.floor(epoch / 1000) * 1000 + offset).toISOString().slice(0, 19);
    return `${wall}${offsetText(offset)}`;
  };
}

/** `+07:00`, `-03:30`, `+00:00`. */
function offsetText(offsetMs: number): string {
  const minutes = Math.round(Math.abs(offsetMs) / 60_000);
  return `${offsetMs < 0 ? '-' : '+'}${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}

/** Vietnam has one zone and no daylight saving: always UTC+07:00. The providers speak its wall clock. */
const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * Turns a provider time string into an ISO instant. The providers send Vietnam wall-clock
 * times without an offset (`2025-04-10 10:40:12`, `2021-04-15T00:00:00`, `2021-04-15`);
 * Casso sometimes appends a `Z` to what is still a local time, so a `Z` is read as local
 * too. An explicit numeric offset is honoured. Returns null when the string is not a date.
 */
export function parseVietnamTime(raw: string): string | null {
  const m = LOCAL.exec(raw.trim());
  if (!m) return null;
  const [, y, mo, d, h = '00', mi = '00', s = '00', zone] = m;
  const wall = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  if (Number.isNaN(wall)) return null;
  const check = new Date(wall);
  if (check.getUTCDate() !== Number(d) || check.getUTCMonth() !== Number(mo) - 1) return null;
  const offset = zone && zone !== 'Z' ? parseOffset(zone) : VIETNAM_OFFSET_MS;
  return new Date(wall - offset).toISOString();
}

function parseOffset(zone: string): number {
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4))) * 60 * 1000;
}

/** The Vietnam calendar date (`YYYY-MM-DD`) of an instant: what Casso's date filters expect. */
export function vietnamDate(instant: Date): string {
  return new Date(instant.getTime() + VIETNAM_OFFSET_MS).toISOString().slice(0, 10);
}

/** `YYYY-MM-DD HH:mm:ss` in Vietnam time: what SePay's date filters expect. */
export function vietnamDateTime(instant: Date): string {
  return new Date(instant.getTime() + VIETNAM_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}
