import { describe, expect, it } from 'vitest';
import { parseDemoLine } from '../../src/demo/command-line.js';
import { createTrafficPlan, DEMO_ACCOUNTS, FIRST_LIVE_ORDER, seedHistory, type DemoTransaction } from '../../src/demo/scenario.js';
import { vietnamDate } from '../../src/core/zoned-time.js';

/** A small seeded generator, so every run sees the same scenario. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const orderNumber = (tx: DemoTransaction) => Number(tx.orderCode?.slice(2));

describe('the demo traffic', () => {
  for (const seed of [1, 2, 3]) {
    it(`starts with one payment, mixes in bills that are not payments, and bursts five at once (seed ${seed})`, () => {
      const plan = createTrafficPlan(seeded(seed));
      const ticks = Array.from({ length: 40 }, () => plan.next());

      expect(ticks[0]).toHaveLength(1);
      expect(ticks[0]?.[0]).toMatchObject({ orderCode: `DH${FIRST_LIVE_ORDER}` });
      expect(ticks[0]?.[0]?.amount).toBeGreaterThan(0);

      const bursts = ticks.filter((tick) => tick.length === 5);
      expect(bursts.length).toBeGreaterThanOrEqual(4);
      for (const burst of bursts) {
        expect(new Set(burst.map((tx) => tx.account.accountNumber)).size).toBe(1);
        expect(burst.every((tx) => tx.amount > 0)).toBe(true);
      }

      const all = ticks.flat();
      const bills = all.filter((tx) => tx.amount < 0);
      expect(bills.length).toBeGreaterThan(0);
      expect(bills.every((tx) => tx.orderCode === null && tx.sender === null)).toBe(true);
      const payments = all.filter((tx) => tx.amount > 0);
      const orders = payments.map(orderNumber);
      expect(orders).toEqual([...orders].sort((a, b) => a - b));
      expect(new Set(orders).size).toBe(orders.length);
      expect(payments.every((tx) => tx.content.includes(tx.orderCode ?? '?'))).toBe(true);
      expect(all.every((tx) => Number.isSafeInteger(tx.amount))).toBe(true);
      // Every account, at both providers, gets traffic.
      expect(new Set(all.map((tx) => tx.account.accountNumber))).toEqual(new Set(DEMO_ACCOUNTS.map((a) => a.accountNumber)));
    });
  }
});

describe('the demo history', () => {
  const now = new Date('2025-11-20T05:00:00Z');
  const seeds = seedHistory(now, seeded(7));

  it('is about twenty transactions over the previous days, oldest first, before today', () => {
    expect(seeds).toHaveLength(20);
    const times = seeds.map((tx) => tx.when?.getTime() ?? Number.NaN);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    for (const tx of seeds) {
      expect(vietnamDate(tx.when ?? now) < vietnamDate(now)).toBe(true);
      expect(now.getTime() - (tx.when?.getTime() ?? 0)).toBeLessThan(12 * 86_400_000);
    }
  });

  it('has orders numbered in time, just before the live ones, with Vietnamese names', () => {
    const orders = seeds.filter((tx) => tx.amount > 0).map(orderNumber);
    expect(orders).toEqual([...orders].sort((a, b) => a - b));
    expect(Math.max(...orders)).toBeLessThan(FIRST_LIVE_ORDER);
    expect(seeds.some((tx) => /[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/i.test(tx.content))).toBe(true);
  });
});

describe('parseDemoLine', () => {
  it.each([
    ['/balance', { kind: 'command', command: 'balance', args: '' }],
    ['balance', { kind: 'command', command: 'balance', args: '' }],
    ['  /FIND  DH1042 250k ', { kind: 'command', command: 'find', args: 'DH1042 250k' }],
    ['/find "chuyen tien"', { kind: 'command', command: 'find', args: '"chuyen tien"' }],
    ['/help', { kind: 'command', command: 'help', args: '' }],
    ['exit', { kind: 'exit' }],
    ['/quit', { kind: 'exit' }],
    ['   ', { kind: 'empty' }],
    ['/sendmoney 1tr', { kind: 'unknown', word: 'sendmoney' }],
  ])('%j', (line, expected) => {
    expect(parseDemoLine(line)).toEqual(expected);
  });
});
