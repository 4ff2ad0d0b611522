/**
 * Formats whole đồng the Vietnamese way for both locales: `.` between thousands, no decimals,
 * ` ₫` after a plain space (a non-breaking one would defeat copy/paste and text search).
 * With `sign`, positive amounts get a `+`; negative amounts always show `-`; zero never has a sign.
 */
export function formatDong(amount: number, options: { sign?: boolean } = {}): string {
  // Amounts are integers by schema; a stray NaN must not throw inside an alert.
  if (!Number.isFinite(amount)) return `? ₫`;
  const rounded = Math.round(amount);
  const digits = BigInt(Math.abs(rounded)).toString();
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  const sign = rounded < 0 ? '-' : rounded > 0 && options.sign ? '+' : '';
  return `${sign}${grouped} ₫`;
}
