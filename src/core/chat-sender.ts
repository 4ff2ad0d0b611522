import type { Result } from './result.js';
import type { Transaction } from './model.js';
import type { ChatError } from './chat-errors.js';

/** How one chat wants its alerts to look (its `/lang` and `/privacy`); null locale = the bot's. */
export interface AlertLook {
  locale: 'vi' | 'en' | null;
  privacy: boolean;
}

/** Where the outbox hands alerts: one per platform (Telegram, Slack, the terminal). */
export interface ChatSender {
  readonly platform: string;
  /**
   * Posts one message to `target` (a chat or channel id): a single alert when `txs` has
   * one transaction, a digest when it has several. Resolves with the platform's message
   * reference once the platform accepted it; never throws. `look` defaults to the bot's language, no privacy.
   */
  send(target: string, txs: readonly Transaction[], look?: AlertLook): Promise<Result<{ ref: string }, ChatError>>;
  /** Least time between two messages to `target`, to stay under the platform's limits. */
  minGapMs(target: string): number;
  /** Most transactions one digest message may carry. */
  readonly maxPerMessage: number;
}
