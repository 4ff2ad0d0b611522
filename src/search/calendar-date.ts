import { calendarDay } from '../core/zoned-time.js';

const ISO_DAY = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
/** Day first, as Vietnamese write dates: `03/11/2025` is 3 November. */
const VN_DAY = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})$/;

/** Whether a word is written like a date (`2025-11-03`, `03/11/2025`, `3-11-2025`), valid or not. */
export function looksLikeDate(word: string): boolean {
  return ISO_DAY.test(word) || VN_DAY.test(word);
}

/** A date word as `YYYY-MM-DD`, or null when it is not a real calendar day (`31/02/2025`). */
export function parseCalendarDate(word: string): string | null {
  const iso = ISO_DAY.exec(word);
  const vn = VN_DAY.exec(word);
  const [year, month, day] = iso ? [iso[1], iso[2], iso[3]] : vn ? [vn[4], vn[3], vn[1]] : [];
  if (year === undefined || month === undefined || day === undefined) return null;
  return calendarDay(Number(year), Number(month), Number(day));
}
