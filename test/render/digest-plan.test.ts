import { describe, expect, it } from 'vitest';
import { MAX_CONTENT_CHARS } from '../../src/render/alert.js';
import { digestBatchSize, digestContentChars, MIN_DIGEST_CONTENT_CHARS, type DigestFits } from '../../src/render/digest-plan.js';

/** A platform of `limit` characters, payments whose lines are 30 characters plus their content. */
const platform =
  (limit: number, contentLengths: (i: number) => number): DigestFits =>
  (count, chars) => {
    let used = 40;
    for (let i = 0; i < count; i++) used += 30 + Math.min(contentLengths(i), chars) + 1;
    return used <= limit;
  };

describe('digest plan', () => {
  it('sends a few payments together with their content in full', () => {
    const fits = platform(4096, () => 200);
    expect(digestBatchSize(4, fits)).toBe(4);
    expect(digestContentChars(4, fits)).toBe(MAX_CONTENT_CHARS);
  });

  it('needs at most 10 messages for 500 waiting, however long their content, even with more arriving', () => {
    for (const length of [10, 60, 300, 1000]) {
      let waiting = 500;
      let messages = 0;
      while (waiting > 0) {
        const fits = platform(4096, () => length);
        const count = digestBatchSize(waiting, fits);
        expect(count).toBeGreaterThan(0);
        expect(fits(count, digestContentChars(count, fits))).toBe(true);
        waiting -= count;
        messages += 1;
      }
      expect(messages).toBeLessThanOrEqual(10);
    }
  });

  it('cuts content only as far as needed, never below the minimum', () => {
    const fits = platform(4096, () => 1000);
    const count = digestBatchSize(500, fits);
    const chars = digestContentChars(count, fits);
    expect(chars).toBeGreaterThanOrEqual(MIN_DIGEST_CONTENT_CHARS);
    expect(fits(count, chars + 1)).toBe(false);
  });
});
