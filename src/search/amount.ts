import { foldVietnamese } from './fold.js';

/** Multipliers of the unit words people write after an amount (folded: `triệu` → `trieu`). */
const UNITS: ReadonlyMap<string, number> = new Map([
  ['k', 1_000],
  ['nghin', 1_000],
  ['ngan', 1_000],
  ['tr', 1_000_000],
  ['trieu', 1_000_000],
  ['m', 1_000_000],
]);
/** Currency marks that may follow an amount copied from an alert or a bank app (`18.067.000 ₫`). */
const CURRENCY = /(?:vnd|d|₫)$/;

const BARE = /^\d+$/;
const GROUPED = /^\d{1,3}([.,])\d{3}(?:\1\d{3})*$/;
const DECIMAL_UNIT = /^(\d+)(?:[.,](\d+))?(k|nghin|ngan|trieu|tr|m)$/;
const UNIT_INFIX = /^(\d+)(k|nghin|ngan|trieu|tr|m)(\d{1,3})$/;

/** Words that, standing alone right after a number, belong to it (`2 triệu`, `500.000 đ`). */
export function isAmountSuffixWord(folded: string): boolean {
  return UNITS.has(folded) || folded === 'vnd' || folded === 'd' || folded === '₫';
}

/** `int.frac × unit` in exact integer arithmetic; null unless it is a whole, positive, safe number of đồng. */
function scaled(int: string, frac: string, unit: number): number | null {
  const whole = Number(int) * unit;
  const fracValue = frac === '' ? 0 : (Number(frac) * unit) / 10 ** frac.length;
  const value = whole + fracValue;
  return Number.isSafeInteger(value) && value > 0 ? value : null;
}

/**
 * Reads one folded query word as an amount of đồng, or returns null when the word is not one
 * (and so is searched as text). Accepted:
 * - with a unit: `500k`, `1.5tr`, `1,5tr`, `1tr5` (= 1.5 triệu = 1 500 000), `2m`, `2trieu`,
 *   `1k5` (= 1 500); a `.` or `,` before a unit is a decimal point;
 * - with thousands separators: `500.000`, `500,000`, `1.500.000` (groups of exactly three);
 * - digits only, when they are a whole number of thousands: `500000`, `2000`. Other bare numbers
 *   (`2025`, `1234`, `123456`) are text, because years, order numbers and account tails are what
 *   people search for and payments are almost always whole thousands; write `123.456` for an odd
 *   amount.
 * A leading `+`/`-` (copied from an alert) or a trailing `đ`, `vnd`, `₫` marks the word as an
 * amount even when it is not whole thousands.
 */
export function parseAmount(folded: string): number | null {
  let word = folded;
  let explicit = false;
  if (/^[+-]/.test(word)) {
    word = word.slice(1);
    explicit = true;
  }
  if (CURRENCY.test(word) && /\d/.test(word)) {
    word = word.replace(CURRENCY, '');
    explicit = true;
  }
  if (BARE.test(word)) {
    const value = Number(word);
    if (!Number.isSafeInteger(value) || value <= 0) return null;
    return explicit || value % 1000 === 0 ? value : null;
  }
  if (GROUPED.test(word)) return scaled(word.replace(/[.,]/g, ''), '', 1);
  const decimal = DECIMAL_UNIT.exec(word);
  if (decimal) {
    const [, int = '', frac = '', unit = ''] = decimal;
    return scaled(int, frac, UNITS.get(unit) ?? 0);
  }
  const infix = UNIT_INFIX.exec(word);
  if (infix) {
    const [, int = '', unit = '', frac = ''] = infix;
    return scaled(int, frac, UNITS.get(unit) ?? 0);
  }
  return null;
}

/**
 * The amount a command starts with (`/qr`, `/check`), as /find reads amounts, and here a bare
 * number is an amount too (`12500`: nothing else is meant); a unit written apart belongs to it
 * (`250 nghìn`, `2 triệu`, `500.000 đ`). Returns the amount with the words after it, or null
 * when the first word is not an amount.
 */
export function leadingAmount(words: readonly string[]): { amount: number; rest: string[] } | null {
  const [first, ...afterFirst] = words;
  if (first === undefined) return null;
  const unit = afterFirst[0] === undefined ? '' : foldVietnamese(afterFirst[0]);
  const joined = isAmountSuffixWord(unit) ? parseAmount(foldVietnamese(first) + unit) : null;
  const rest = joined === null ? afterFirst : afterFirst.slice(1);
  const folded = foldVietnamese(first);
  const amount = joined ?? parseAmount(folded) ?? (/^\d+$/.test(folded) && Number(folded) > 0 ? Number(folded) : null);
  return amount === null || !Number.isSafeInteger(amount) ? null : { amount, rest };
}
