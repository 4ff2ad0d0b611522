import type { Transformer } from 'grammy';
import type { Logger } from '../../log/logger.js';

/** The longest `retry_after` waited out in place; longer waits go back to the outbox. */
export const IN_PLACE_RETRY_MAX_SECONDS = 5;

/**
 * Installed inside auto-retry, so it sees every attempt: a 429 that auto-retry will wait out
 * and repeat is logged at warn with the method, status and attempt, since otherwise the
 * retry (and the delay it adds) leaves no trace. Failures handed back are logged where handled.
 */
export function logInPlaceRetries(logger: Logger): Transformer {
  const attempts = new WeakMap<object, number>();
  return async (prev, method, payload, signal) => {
    const result = await prev(method, payload, signal);
    const retryAfter = result.ok ? undefined : result.parameters?.retry_after;
    if (!result.ok && retryAfter !== undefined && retryAfter <= IN_PLACE_RETRY_MAX_SECONDS) {
      // auto-retry repeats the call with the same payload object: that identifies the attempts.
      const attempt = typeof payload === 'object' && payload !== null ? (attempts.get(payload) ?? 0) + 1 : 1;
      if (typeof payload === 'object' && payload !== null) attempts.set(payload, attempt);
      logger.warn('telegram.retry', { endpoint: method, chat: chatOf(payload), status: result.error_code, retry_after_s: retryAfter, attempt });
    }
    return result;
  };
}

function chatOf(payload: unknown): string | undefined {
  if (typeof payload !== 'object' || payload === null || !('chat_id' in payload)) return undefined;
  const chat = payload.chat_id;
  return typeof chat === 'string' || typeof chat === 'number' ? String(chat) : undefined;
}
