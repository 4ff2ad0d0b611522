import type { Transformer } from 'grammy';
import type { ChatDeps } from '../chat-deps.js';

/** The Bot API methods that put a message in a chat: what Telegram's flood limits count. */
const POSTING = new Set(['sendMessage', 'sendPhoto', 'sendDocument', 'sendMediaGroup', 'copyMessage', 'forwardMessage']);

/**
 * Installed on each update's own API (what command answers use; the alerts' sender uses the
 * bot's): a message it posts waits for its turn in the chat's send budget, the one the chat's
 * alerts spend, so an answer asked right after an alert is not refused with a 429, nor an
 * alert after it.
 */
export function pacedReplies(inTurn: ChatDeps['inTurn']): Transformer {
  return async (prev, method, payload, signal) => {
    const target = POSTING.has(method) ? targetOf(payload) : null;
    return target === null ? prev(method, payload, signal) : inTurn(target, () => prev(method, payload, signal));
  };
}

/** The chat (and topic, as `chat:topic`) a call posts to. */
function targetOf(payload: unknown): string | null {
  if (typeof payload !== 'object' || payload === null || !('chat_id' in payload)) return null;
  const chat = payload.chat_id;
  if (typeof chat !== 'string' && typeof chat !== 'number') return null;
  const topic = 'message_thread_id' in payload ? payload.message_thread_id : undefined;
  return typeof topic === 'number' ? `${chat}:${topic}` : String(chat);
}
