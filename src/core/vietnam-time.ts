/** Vietnam has one zone and no daylight saving: always UTC+07:00. */
export const VIETNAM_OFFSET_MS = 7 * 60 * 60 * 1000;

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
