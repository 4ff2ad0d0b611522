import { Api } from 'grammy';
import { describe, expect, it } from 'vitest';
import { createTelegramSender } from '../../src/chats/telegram/telegram-sender.js';
import { SendBudget } from '../../src/delivery/send-budget.js';
import { silentLogger } from '../../src/log/logger.js';
import { renderContext } from '../helpers/render-context.js';

/**
 * A busy group as the delivery worker serves it: whenever the budget Telegram's limits make has
 * room, everything waiting goes as one message. Payments every `everyMs` for `forMs`; each
 * payment's wait until its message left, and when the messages left.
 */
function serveGroup(everyMs: number, forMs: number): { waits: number[]; sent: number[] } {
  const sender = createTelegramSender({ api: new Api('1:test'), render: renderContext('vi'), logger: silentLogger });
  const budget = new SendBudget(sender.limits('-1001234567890'), [new SendBudget(sender.sharedLimits)]);
  const waits: number[] = [];
  const sent: number[] = [];
  let waiting: number[] = [];
  for (let now = 0; now <= forMs + 120_000; now += 100) {
    if (now <= forMs && now % everyMs === 0) waiting.push(now);
    if (waiting.length > 0 && budget.freeAt(now) <= now) {
      budget.take(now)(now);
      sent.push(now);
      waits.push(...waiting.map((at) => now - at));
      waiting = [];
    }
  }
  return { waits, sent };
}

describe("Telegram's limits for a group, as the bot spends them", () => {
  it('keeps a busy group told every few seconds, in digests, never a minute silent, and within 20 messages a minute', () => {
    // 30 payments a minute for 3 minutes: more than the 20 messages a minute a group takes.
    const { waits, sent } = serveGroup(2_000, 180_000);
    expect(Math.max(...waits)).toBeLessThan(5_000);
    for (const at of sent) expect(sent.filter((t) => t >= at && t < at + 60_000).length).toBeLessThanOrEqual(20);
  });

  it('lets a few payments at once go one a second, each alone', () => {
    const { waits, sent } = serveGroup(1_000, 2_000);
    expect(sent).toHaveLength(3);
    for (const wait of waits) expect(wait).toBeLessThan(1_000);
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
