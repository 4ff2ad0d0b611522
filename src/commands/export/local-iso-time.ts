import { offsetAt } from '../find/day-bounds.js';

/**
 * Zones change their offset only at instants on a quarter hour, so one lookup per quarter hour
 * serves every transaction in it: Intl costs ~0.1 ms a call, too much for 100 000 rows.
 */
const BUCKET_MS = 15 * 60_000;

/**
 * A formatter of instants as ISO 8601 local time with its offset in `timeZone`, to the second:
 * `2025-11-03T08:15:00+07:00`. A string that is no instant comes back unchanged. Keeps one
 * offset per quarter hour seen, so make one per export.
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
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${offsetMs < 0 ? '-' : '+'}${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}
