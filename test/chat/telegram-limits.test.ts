import { Api } from 'grammy';
import { describe, expect, it } from 'vitest';
import { createTelegramSender } from '../../src/chats/telegram/telegram-sender.js';
import { SendBudget } from '../../src/delivery/send-budget.js';
import { silentLogger } from '../../src/log/logger.js';
import { renderContext } from '../helpers/render-context.js';

/**
 * A group as the delivery worker serves it: whenever the budget Telegram's limits make lets its
 * alerts go, everything waiting goes as one message, answered `answerMs` later. Payments at the
 * times given (ms); each payment's wait until its message was accepted, and when messages left.
 */
function serveGroup(arrivals: readonly number[], answerMs = 0): { waits: number[]; sent: number[] } {
  const sender = createTelegramSender({ api: new Api('1:test'), render: renderContext('vi'), logger: silentLogger });
  const budget = new SendBudget(sender.limits('-1001234567890'), [new SendBudget(sender.sharedLimits)]);
  const waits: number[] = [];
  const sent: number[] = [];
  let waiting: number[] = [];
  let next = 0;
  const end = (arrivals.at(-1) ?? 0) + 120_000;
  for (let now = 0; now <= end; now += 50) {
    while (next < arrivals.length && (arrivals[next] ?? Infinity) <= now) waiting.push(arrivals[next++] ?? now);
    const [since] = waiting;
    if (since !== undefined && budget.alertsGoAt(since, budget.freeAt(now)) <= now) {
      budget.take(now)(now + answerMs);
      sent.push(now);
      waits.push(...waiting.map((at) => now + answerMs - at));
      waiting = [];
    }
  }
  return { waits, sent };
}

/** Payments every `everyMs` for `forMs`. */
const every = (everyMs: number, forMs: number) => Array.from({ length: Math.floor(forMs / everyMs) + 1 }, (_, i) => i * everyMs);

/** The value below which `share` of `values` lie. */
const percentile = (values: readonly number[], share: number) => [...values].sort((a, b) => a - b)[Math.ceil(values.length * share) - 1] ?? NaN;

/**
 * A busy branch's group: a payment every 5 s on average (12 a minute, the chain bench's load
 * per group), at random, so that some minutes bring 20 or more — a fixed sequence of
 * exponential gaps, the same in every run.
 */
function busyBranch(minutes: number, seed: number): number[] {
  let state = seed;
  const random = () => {
    state = (Math.imul(state, 1_103_515_245) + 12_345) >>> 0;
    return state / 2 ** 32;
  };
  const times: number[] = [];
  for (let at = 0; ; ) {
    at += Math.round(-Math.log(1 - random()) * 5_000);
    if (at > minutes * 60_000) return times;
    times.push(at);
  }
}

describe("Telegram's limits for a group, as the bot spends them", () => {
  it('keeps a busy group told every few seconds, in digests, never a minute silent, and within 20 messages a minute', () => {
    // 30 payments a minute for 3 minutes: more than the 20 messages a minute a group takes.
    const { waits, sent } = serveGroup(every(2_000, 180_000));
    expect(Math.max(...waits)).toBeLessThan(5_000);
    for (const at of sent) expect(sent.filter((t) => t >= at && t < at + 60_000).length).toBeLessThanOrEqual(20);
  });

  it('lets a few payments at once go one a second, each alone', () => {
    const { waits, sent } = serveGroup(every(1_000, 2_000));
    expect(sent).toHaveLength(3);
    for (const wait of waits) expect(wait).toBeLessThan(1_000);
  });

  it("shows a busy branch's payments within 2 s at p95, its bursts gathered into digests, within 20 messages a minute", () => {
    // Ten branches' hours, each its own sequence; every one of them must be served well.
    for (let seed = 1; seed <= 10; seed++) {
      const arrivals = busyBranch(20, seed);
      const { waits, sent } = serveGroup(arrivals, 50);
      expect(percentile(waits, 0.95), `branch ${seed}`).toBeLessThanOrEqual(2_000);
      expect(sent.length).toBeLessThan(arrivals.length);
      for (const at of sent) expect(sent.filter((t) => t >= at && t < at + 60_000).length).toBeLessThanOrEqual(20);
    }
  });

  it('sends a backlog of 10 digests (500 payments waiting after an outage) within 15 s', () => {
    const sender = createTelegramSender({ api: new Api('1:test'), render: renderContext('vi'), logger: silentLogger });
    const budget = new SendBudget(sender.limits('-1001234567890'), [new SendBudget(sender.sharedLimits)]);
    const sent: number[] = [];
    for (let now = 0; sent.length < 10; now += 50) {
      if (budget.freeAt(now) <= now) {
        budget.take(now)(now + 150);
        sent.push(now);
      }
    }
    expect(sent.at(-1)).toBeLessThan(15_000);
  });
});
