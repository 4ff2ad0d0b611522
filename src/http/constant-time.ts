import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Whether a credential a request presented equals the configured one, in time that does not
 * depend on where they differ. Both sides are hashed first so `timingSafeEqual` always gets
 * equal-length buffers and the comparison does not reveal the secret's length either.
 */
export function sameSecret(presented: string, expected: string): boolean {
  return timingSafeEqual(digest(presented), digest(expected));
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}
