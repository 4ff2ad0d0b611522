/**
 * Reads a đồng amount that a provider sent as a number (`250000`) or a decimal string
 * (`"18067000.00"`). Returns null for anything that is not a whole number of đồng, so a
 * schema can reject it loudly rather than round money.
 */
export function parseDong(value: number | string): number | null {
  if (typeof value === 'number') return Number.isSafeInteger(value) ? value : null;
  const match = /^\s*(-?\d+)(?:\.(\d+))?\s*$/.exec(value);
  if (!match?.[1]) return null;
  if (match[2] && /[1-9]/.test(match[2])) return null;
  const n = Number(match[1]);
  return Number.isSafeInteger(n) ? (Object.is(n, -0) ? 0 : n) : null;
}
