import { ChatBlockedError, ChatMovedError, ChatRateLimitError, ChatRejectedError, type ChatError } from '../core/chat-errors.js';
import { backoffDelay, type RetryPolicy } from '../http/backoff.js';

/**
 * What delivery does when a chat did not take a message, the same for alerts, other posts and
 * edits: the work is the same (one message to a chat that did not take it), and so is what helps.
 */

/** A passing failure (network, 5xx): back off from 2 s up to 10 minutes, never give up. */
export const TRANSIENT_RETRY: RetryPolicy = { attempts: Infinity, baseDelayMs: 2_000, maxDelayMs: 10 * 60_000 };
/** A chat the bot cannot post in (kicked, no rights): someone must fix it; look again slowly. */
export const BLOCKED_RETRY_MS = 5 * 60_000;
/** After the state could not be written (disk full, database down). */
export const STATE_RETRY_MS = 5_000;

/** How long failed messages wait (tests shorten them). */
export interface FailureWaits {
  transient: RetryPolicy;
  blockedMs: number;
}

/** What to do about a message a chat did not take. */
export type Remedy =
  /**
   * Try it again in `ms`. `wholeChat`: the platform asked the bot to slow down (its
   * `retry_after`), which holds everything that goes to the chat, not only this message.
   */
  | { act: 'wait'; ms: number; wholeChat: boolean }
  /** Several payments went as one message, which the chat refuses: send them one by one, to find the one it refuses. */
  | { act: 'split' }
  /** The chat refuses this one message for good: set it aside (an alert to the dead letters), so it holds nothing back. */
  | { act: 'set-aside' }
  /** The chat has a new id: record it, and send there; `hint` tells the operator what to change. */
  | { act: 'follow'; to: string; hint: string };

/**
 * The one failure policy. `tried`: how many payments the message carried (an edit or a notice:
 * one) and how often it failed before, which spaces transient retries out.
 */
export function remedyFor(error: ChatError, tried: { items: number; failures: number }, waits: FailureWaits, random: () => number = Math.random): Remedy {
  if (error instanceof ChatRateLimitError) return { act: 'wait', ms: error.retryAfterMs, wholeChat: true };
  if (error instanceof ChatMovedError) return { act: 'follow', to: error.to, hint: error.hint };
  if (error instanceof ChatRejectedError) return tried.items > 1 ? { act: 'split' } : { act: 'set-aside' };
  if (error instanceof ChatBlockedError) return { act: 'wait', ms: waits.blockedMs, wholeChat: false };
  // Network trouble, timeouts, 5xx: never a reason to drop a money alert.
  return { act: 'wait', ms: backoffDelay(waits.transient, Math.min(tried.failures, 20), random), wholeChat: false };
}
