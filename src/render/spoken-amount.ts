import type { Locale } from '../core/locale.js';

const DIGITS = ['không', 'một', 'hai', 'ba', 'bốn', 'năm', 'sáu', 'bảy', 'tám', 'chín'] as const;
const digit = (d: number): string => DIGITS[d] ?? '';
/** The groups of three digits below a billion, highest first, with their names. */
const SCALES: readonly (readonly [size: number, name: string | null])[] = [
  [1_000_000, 'triệu'],
  [1_000, 'nghìn'],
  [1, null],
];
const BILLION = 1_000_000_000;

/**
 * One group of three digits in Vietnamese. `inside`: a higher group was read before it, so its
 * hundreds are read even when zero (`một nghìn không trăm linh năm`). The units after tens take
 * the forms people say: `mốt` (21), `tư` (24), `lăm` (15, 25); after zero tens, `linh` (105).
 */
function group(n: number, inside: boolean): string[] {
  const hundreds = Math.floor(n / 100);
  const tens = Math.floor(n / 10) % 10;
  const units = n % 10;
  const words: string[] = [];
  if (hundreds > 0 || inside) words.push(digit(hundreds), 'trăm');
  if (tens === 0) {
    if (units > 0 && words.length > 0) words.push('linh');
    if (units > 0) words.push(digit(units));
    return words;
  }
  words.push(...(tens === 1 ? ['mười'] : [digit(tens), 'mươi']));
  if (units === 5) words.push('lăm');
  else if (units === 1 && tens > 1) words.push('mốt');
  else if (units === 4 && tens > 1) words.push('tư');
  else if (units > 0) words.push(digit(units));
  return words;
}

/** An amount below a billion; `inside`: a higher part (billions) was read before it. */
function belowBillion(n: number, inside: boolean): string[] {
  const words: string[] = [];
  let started = inside;
  for (const [size, name] of SCALES) {
    const part = Math.floor(n / size) % 1000;
    if (part === 0) continue;
    words.push(...group(part, started), ...(name === null ? [] : [name]));
    started = true;
  }
  return words;
}

function vietnamese(n: number): string[] {
  if (n < BILLION) return n === 0 ? [digit(0)] : belowBillion(n, false);
  const rest = n % BILLION;
  return [...vietnamese(Math.floor(n / BILLION)), 'tỷ', ...(rest === 0 ? [] : belowBillion(rest, true))];
}

/**
 * An amount of đồng as people read it aloud, by its size: Vietnamese in words
 * (`hai trăm năm mươi nghìn`), which a Vietnamese voice may otherwise read digit by digit or as
 * a decimal (`250.000`); English as grouped digits (`250,000`), which English voices read as
 * words themselves.
 */
export function spokenAmount(amount: number, locale: Locale): string {
  const n = Math.abs(Math.round(amount));
  if (locale === 'en') return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return vietnamese(n).join(' ');
}

/** What the counter screen says when money comes in: `Đã nhận hai trăm năm mươi nghìn đồng`, `Received 250,000 dong`. */
export function spokenReceipt(amount: number, locale: Locale): string {
  return locale === 'vi' ? `Đã nhận ${spokenAmount(amount, 'vi')} đồng` : `Received ${spokenAmount(amount, 'en')} dong`;
}
