import {
  ChatBlockedError,
  ChatRateLimitError,
  ChatRejectedError,
  ChatTransientError,
  type ChatError,
} from '../../core/chat-errors.js';
import { DEFAULT_RETRY_AFTER_MS, describeZaloFailure, type ZaloFailure } from './zalo-api.js';

export const TOKEN_FIX = 'Zalo rejected the bot token: check ZALO_BOT_TOKEN (the Bot Token Zalo Bot Creator sent you)';

/** Words of a 400 that is about the chat rather than the message: an id Zalo does not know. */
const UNKNOWN_CHAT = /(chat|user|recipient)\S*\s*(id\s*)?(is\s*)?(not found|invalid|unknown|does not exist)|(invalid|unknown)\s*(chat|user|recipient)/i;

/**
 * Translates a failed send to `chatId` into the ChatError delivery acts on (docs/zalo.md lists
 * the codes): wait (429, as long as Zalo names), hold and tell the operator (a rejected token, a
 * person who blocked the bot, a chat Zalo does not know), back off (no answer, an answer that is
 * not the API's, 408, 5xx) or give up on this message (any other refusal).
 */
export function toChatError(failure: ZaloFailure, chatId: string): ChatError {
  const dest = `zalo:${chatId}`;
  const description = describeZaloFailure(failure);
  if (failure.kind !== 'refused') return new ChatTransientError(dest, description);
  const code = failure.errorCode;
  if (code === 429) return new ChatRateLimitError(dest, failure.retryAfterMs ?? DEFAULT_RETRY_AFTER_MS);
  if (code === 408 || code >= 500) return new ChatTransientError(dest, description);
  const orRemove = `or remove ${chatId} from ZALO_CHAT_IDS`;
  if (code === 401) return new ChatBlockedError(dest, description, TOKEN_FIX);
  if (code === 403) {
    return new ChatBlockedError(dest, description, `the person of the Zalo chat ${chatId} blocked the bot or may not get its messages: ask them to unblock it and write to the bot again, ${orRemove}`);
  }
  if (code === 404 || (code === 400 && UNKNOWN_CHAT.test(failure.description))) {
    return new ChatBlockedError(
      dest,
      description,
      `Zalo knows no chat ${chatId} for this bot: the person must write to the bot once, and ZALO_CHAT_IDS must hold the id the bot answered them with, ${orRemove}`,
    );
  }
  return new ChatRejectedError(dest, description);
}
