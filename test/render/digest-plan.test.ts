import { describe, expect, it } from 'vitest';
import { digestBatchSize, MAX_DIGEST_LINES, type DigestFits } from '../../src/render/digest-plan.js';

/** A platform of `limit` characters, payments whose lines are 30 characters plus their whole content. */
const platform =
  (limit: number, contentLengths: (i: number) => number): DigestFits =>
  (count) => {
    let used = 40;
    for (let i = 0; i < count; i++) used += 30 + contentLengths(i) + 1;
    return used <= limit;
  };

/** Messages a backlog of `due` takes when each turn sends what digestBatchSize says. */
function messagesFor(due: number, contentLengths: (i: number) => number): number[] {
  const batches: number[] = [];
  let sent = 0;
  while (sent < due) {
    const from = sent;
    const count = digestBatchSize(due - sent, platform(4096, (i) => contentLengths(from + i)));
    expect(count).toBeGreaterThan(0);
    batches.push(count);
    sent += count;
  }
  return batches;
}

describe('digest plan', () => {
  it('sends a few payments together, and as many whole payments as fit one message', () => {
    expect(digestBatchSize(4, platform(4096, () => 200))).toBe(4);
    // 40 + n × 1 031 ≤ 4 096: three.
    expect(digestBatchSize(500, platform(4096, () => 1000))).toBe(3);
    expect(digestBatchSize(0, platform(4096, () => 10))).toBe(0);
  });

  it('packs a backlog as full as whole payments allow, however long their content', () => {
    // 60 to 120 characters (lines of about 120): 33 payments a message.
    const realistic = messagesFor(500, (i) => 60 + ((i * 37) % 61));
    expect(realistic.length).toBe(16);
    expect(realistic.slice(0, -1).every((count) => count >= 30)).toBe(true);
    // Short lines: at most MAX_DIGEST_LINES a message, for a reader's sake.
    expect(messagesFor(500, () => 5)).toEqual(Array(5).fill(MAX_DIGEST_LINES));
  });

  it('sends a payment that does not fit a message with another alone, never cut', () => {
    // The second payment's content alone is longer than a message.
    const lengths = [50, 9000, 50, 50];
    expect(messagesFor(4, (i) => lengths[i] ?? 0)).toEqual([1, 1, 2]);
  });
});
