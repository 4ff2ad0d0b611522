import { MAX_CONTENT_CHARS } from './alert.js';

/**
 * Payments a digest is sized for when a backlog cannot go in one message: a catch-up of n
 * payments takes at most ceil(n / 50) messages (500 → 10).
 */
export const DIGEST_SHARE = 50;

/** Most payments one message carries, however short their lines: keeps a message readable. */
export const MAX_DIGEST_LINES = 100;

/**
 * The shortest a digest line's content is cut to. The payment code or order number that a
 * shop looks for is at the start of the content, so it survives the cut.
 */
export const MIN_DIGEST_CONTENT_CHARS = 24;

/**
 * Whether a digest of the first `count` due payments, each content cut to `contentChars`,
 * fits one message of the platform. Must be monotone: fewer payments or shorter content fit too.
 */
export type DigestFits = (count: number, contentChars: number) => boolean;

/** Largest n in [lo, hi] with ok(n), given ok(lo); lo when none above does. */
function largest(lo: number, hi: number, ok: (n: number) => boolean): number {
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (ok(mid)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * How long each content may be in a digest of `count` payments: in full when they fit, else
 * the longest cut (the same for every line) that makes them fit, never below the minimum.
 */
export function digestContentChars(count: number, fits: DigestFits): number {
  if (fits(count, MAX_CONTENT_CHARS)) return MAX_CONTENT_CHARS;
  return largest(MIN_DIGEST_CONTENT_CHARS, MAX_CONTENT_CHARS, (chars) => fits(count, chars));
}

/**
 * How many of `due` waiting payments (oldest first) the next message carries. All of them
 * when they fit one message (up to MAX_DIGEST_LINES). Otherwise the backlog is spread evenly over the fewest messages of
 * up to DIGEST_SHARE payments, and each message takes at least its share (content cut to make
 * it fit), plus as many more as still fit; so the whole backlog needs at most ceil(due / 50)
 * messages, however it is split between turns.
 */
export function digestBatchSize(due: number, fits: DigestFits): number {
  if (due <= 1) return due;
  if (due <= MAX_DIGEST_LINES && fits(due, MAX_CONTENT_CHARS)) return due;
  const share = Math.ceil(due / Math.ceil(due / DIGEST_SHARE));
  // Only a platform far smaller than Telegram or Slack fails this; then fewer per message.
  const count = fits(share, MIN_DIGEST_CONTENT_CHARS) ? share : largest(1, share, (n) => fits(n, MIN_DIGEST_CONTENT_CHARS));
  const chars = digestContentChars(count, fits);
  return largest(count, Math.max(count, Math.min(due, MAX_DIGEST_LINES)), (n) => fits(n, chars));
}
