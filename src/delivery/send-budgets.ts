import type { ChatSender } from '../core/chat-sender.js';
import { sleep } from '../http/backoff.js';
import { SendBudget } from './send-budget.js';

/**
 * The send budgets of every chat the bot writes to, for as long as it runs: one per platform for
 * what its limits count across all of the bot's chats, and one per chat, which the destinations
 * in one chat (a group's topics) share. The destination workers (alerts, edits, notices) and the
 * chats' command answers spend the same budgets, so an answer and an alert to one chat never go
 * together past its limit.
 */
export class SendBudgets {
  private readonly platforms = new Map<ChatSender, SendBudget>();
  private readonly chats = new Map<string, SendBudget>();

  constructor(private readonly now: () => number = Date.now) {}

  /** The budget of the chat `target` is in. */
  of(sender: ChatSender, target: string): SendBudget {
    const platform = this.platforms.get(sender) ?? new SendBudget(sender.sharedLimits);
    this.platforms.set(sender, platform);
    const chatKey = `${sender.platform}\n${sender.limitedAs?.(target) ?? target}`;
    const chat = this.chats.get(chatKey) ?? new SendBudget(sender.limits(target), [platform]);
    this.chats.set(chatKey, chat);
    return chat;
  }

  /**
   * Sends one message to `target` (`send`) once the budget has room, counted from when it left
   * until the platform answered. For messages outside the workers: a command's answer.
   */
  async inTurn<T>(sender: ChatSender, target: string, send: () => Promise<T>): Promise<T> {
    const answered = await this.turn(this.of(sender, target));
    try {
      return await send();
    } finally {
      answered(this.now());
    }
  }

  /** Waits until `budget` has room for one message, and counts it leaving. */
  private async turn(budget: SendBudget): Promise<(answeredAt: number) => void> {
    for (;;) {
      const now = this.now();
      const freeAt = budget.freeAt(now);
      if (freeAt <= now) return budget.take(now);
      await sleep(freeAt - now);
    }
  }
}
