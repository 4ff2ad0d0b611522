/** Most payments one message carries, however short their lines: keeps a message readable. */
export const MAX_DIGEST_LINES = 100;

/**
 * Whether a digest of the first `count` due payments, every content in full, fits one message
 * of the platform. Must be monotone: fewer payments fit too.
 */
export type DigestFits = (count: number) => boolean;

/**
 * How many of `due` waiting payments (oldest first) the next message carries: as many whole
 * payments as fit one message (up to MAX_DIGEST_LINES), so a backlog takes as few messages as
 * full contents allow. One when not even two fit: that payment goes as its own alert, over as
 * many messages as its content needs.
 */
export function digestBatchSize(due: number, fits: DigestFits): number {
  let lo = Math.min(due, 1);
  let hi = Math.min(due, MAX_DIGEST_LINES);
  // Largest n in [lo, hi] with fits(n); lo when none above does.
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (fits(mid)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
