import type { SendLimit } from '../delivery/send-budget.js';
import type { Result } from '../http/result.js';
import type { Transaction } from '../providers/model.js';
import type { ChatError } from './chat-errors.js';

/** Where the outbox hands alerts: one per platform (Telegram, Slack, the terminal). */
export interface ChatSender {
  readonly platform: 'telegram' | 'slack' | 'console';
  /**
   * Posts one message to `target` (a chat or channel id): a single alert when `txs` has
   * one transaction, a digest when it has several. Resolves with the platform's message
   * reference once the platform accepted it; never throws.
   */
  send(target: string, txs: readonly Transaction[]): Promise<Result<{ ref: string }, ChatError>>;
  /** How many of `txs` (waiting, oldest first) the next message to a chat carries. */
  batchSize(txs: readonly Transaction[]): number;
  /** The platform's message limits for one chat or channel. */
  limits(target: string): readonly SendLimit[];
  /** Limits across all the bot's chats on this platform. */
  readonly sharedLimits: readonly SendLimit[];
}
