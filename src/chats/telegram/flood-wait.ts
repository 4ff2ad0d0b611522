import type { Transformer } from 'grammy';
import { sleepUntil } from '../../http/backoff.js';
import { IN_PLACE_RETRY_MAX_SECONDS } from './log-retries.js';

/**
 * Telegram's `retry_after` holds for every call this bot makes, whoever makes it: the outbox of
 * each chat, command answers, button presses, /qr edits. Once a 429 named a wait, a call before
 * it ends is not sent: a short rest of the wait (up to what auto-retry waits out in place) is
 * slept here; a longer one comes back at once as the same 429, with the seconds still left, for
 * the caller to handle as it handles Telegram's own (the outbox keeps the alert and tries later).
 * `getUpdates` is not held: it sends nothing, and holding it would only delay the commands.
 */
export function floodWait(now: () => number = Date.now): Transformer {
  let heldUntil = Number.NEGATIVE_INFINITY;
  return async (prev, method, payload, signal) => {
    const left = method === 'getUpdates' ? 0 : heldUntil - now();
    if (left > IN_PLACE_RETRY_MAX_SECONDS * 1000) {
      const seconds = Math.ceil(left / 1000);
      return { ok: false, error_code: 429, description: `Too Many Requests: retry after ${seconds}`, parameters: { retry_after: seconds } };
    }
    if (left > 0) await sleepUntil(() => heldUntil, now);
    const result = await prev(method, payload, signal);
    const retryAfter = result.ok ? undefined : result.parameters?.retry_after;
    if (retryAfter !== undefined) heldUntil = Math.max(heldUntil, now() + retryAfter * 1000);
    return result;
  };
}
