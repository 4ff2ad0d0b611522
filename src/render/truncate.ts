import { graphemes } from './graphemes.js';

/**
 * Cuts one untrusted field to at most `maxChars` UTF-16 units (the unit both chat limits use),
 * ending with `…` when cut. Cuts between graphemes only; whitespace before the `…` is dropped.
 */
export function truncateText(value: string, maxChars: number, ellipsis = '…'): string {
  if (value.length <= maxChars) return value;
  const budget = maxChars - ellipsis.length;
  let kept = '';
  for (const g of graphemes(value)) {
    if (kept.length + g.length > budget) break;
    kept += g;
  }
  return kept.trimEnd() + ellipsis;
}
