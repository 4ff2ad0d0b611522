import { describe, expect, it } from 'vitest';
import type { SendLimit } from '../../src/core/chat-sender.js';
import { SendBudget } from '../../src/delivery/send-budget.js';

const PER_CHAT: SendLimit = { kind: 'burst', burst: 3, perSecond: 1 };
const PER_GROUP: SendLimit = { kind: 'window', count: 20, windowMs: 60_000 };

/** A message that left and was answered at `now`. */
const spend = (budget: SendBudget, now: number) => budget.take(now)(now);

/** Sends whenever the budget allows, on a 10 ms clock, for `ms`; returns the send times. */
function sendGreedily(budget: SendBudget, ms: number): number[] {
  const times: number[] = [];
  for (let now = 0; now <= ms; now += 10) {
    if (budget.freeAt(now) <= now) {
      spend(budget, now);
      times.push(now);
    }
  }
  return times;
}

/** Telegram's checks as the fake plays them: a bucket of 3 refilled at 1/s, 20 per rolling minute. */
function platformRefusals(times: readonly number[]): number {
  let tokens = 3;
  let at = 0;
  let refused = 0;
  times.forEach((now, i) => {
    tokens = Math.min(3, tokens + (now - at) / 1000);
    at = now;
    const lastMinute = times.slice(0, i).filter((t) => t > now - 60_000).length;
    if (tokens < 1 || lastMinute >= 20) refused += 1;
    else tokens -= 1;
  });
  return refused;
}

describe('SendBudget', () => {
  it('lets a burst go at once, then paces to the rate', () => {
    const budget = new SendBudget([PER_CHAT]);
    expect([0, 0, 0].map(() => (budget.freeAt(0) === 0 ? (spend(budget, 0), 'sent') : 'held'))).toEqual(['sent', 'sent', 'sent']);
    const next = budget.freeAt(0);
    expect(next).toBeGreaterThan(1000);
    expect(next).toBeLessThan(1200);
  });

  it('spent greedily for two minutes, never goes beyond what a group allows', () => {
    const times = sendGreedily(new SendBudget([PER_CHAT, PER_GROUP]), 120_000);
    expect(times.slice(0, 3)).toEqual([0, 0, 0].map((_, i) => i * 10));
    expect(times.length).toBeGreaterThanOrEqual(39);
    expect(platformRefusals(times)).toBe(0);
  });

  it('counts a message from when the platform answered it: a slow one keeps the next a full interval behind', () => {
    const budget = new SendBudget([{ kind: 'burst', burst: 1, perSecond: 1 }]);
    const answered = budget.take(0);
    answered(800);
    expect(budget.freeAt(800)).toBe(800 + 1100);
    const group = new SendBudget([{ kind: 'window', count: 2, windowMs: 60_000 }]);
    spend(group, 0);
    group.take(100)(5_000);
    expect(group.freeAt(5_000)).toBe(60_100);
    spend(group, 60_100);
    expect(group.freeAt(60_100)).toBe(65_100);
  });

  it('lets no message go while the one before is on its way longer than an interval (held by a wait Telegram named)', () => {
    const budget = new SendBudget([{ kind: 'burst', burst: 1, perSecond: 1 }]);
    const answered = budget.take(0);
    for (const now of [1_100, 1_500, 2_900]) expect(budget.freeAt(now)).toBeGreaterThan(now);
    answered(3_000);
    expect(budget.freeAt(3_000)).toBe(4_100);
    // One never answered does not hold the chat for ever.
    budget.take(5_000);
    expect(budget.freeAt(70_000)).toBe(70_000);
  });

  it('counts a message against a shared budget the moment it leaves, before any answer', () => {
    const chat = new SendBudget([{ kind: 'burst', burst: 1, perSecond: 1 }]);
    const topicA = new SendBudget([], [chat]);
    const topicB = new SendBudget([], [chat]);
    topicA.take(0);
    expect(topicB.freeAt(10)).toBeGreaterThanOrEqual(1100);
  });

  it('counts a shared budget across every chat that uses it', () => {
    const bot = new SendBudget([{ kind: 'window', count: 30, windowMs: 1000 }]);
    const chats = Array.from({ length: 40 }, () => new SendBudget([PER_CHAT], [bot]));
    const sent = chats.filter((chat) => chat.freeAt(0) === 0 && (spend(chat, 0), true)).length;
    expect(sent).toBe(30);
    expect(chats[39]?.freeAt(0)).toBeGreaterThan(1000);
  });
});
