import { wallClock } from '../../render/format-time.js';

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
  const [y = 0, m = 1, d = 1] = day.split('-').map(Number);
  const next = new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
  return startOfDay(next, timeZone);
}

/** How far `timeZone`'s clocks are ahead of UTC at an instant, in ms (whole seconds). */
export function offsetAt(epochMs: number, timeZone: string): number {
  const t = wallClock(epochMs, timeZone);
  const asUtc = Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second);
  return asUtc - Math.floor(epochMs / 1000) * 1000;
}
