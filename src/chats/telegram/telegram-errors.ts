import { GrammyError, HttpError } from 'grammy';
import {
  ChatBlockedError,
  ChatMovedError,
  ChatRateLimitError,
  ChatRejectedError,
  ChatTransientError,
  type ChatError,
} from '../../core/chat-errors.js';

/** Used when a 429 comes without `retry_after` (Telegram always sends it; a proxy may not). */
const DEFAULT_RETRY_AFTER_S = 5;

export const TOKEN_FIX = 'Telegram rejected the bot token: check TELEGRAM_BOT_TOKEN (the token @BotFather gave you)';

/**
 * A safe one-line description for logs. grammY's own messages leave the token out; the
 * underlying network error of an HttpError names the URL, which contains the token, so only
 * its kind is kept.
 */
export function describeTelegramError(error: unknown): string {
  if (error instanceof GrammyError) return `${error.error_code}: ${error.description}`;
  if (error instanceof HttpError) return `${error.message} (${networkDetail(error.error)})`;
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** ECONNRESET, a timeout, a non-JSON body… without the message, which names the URL. */
function networkDetail(cause: unknown): string {
  if (!(cause instanceof Error)) return 'unknown';
  if ('code' in cause && typeof cause.code === 'string') return cause.code;
  // grammY's own timeout error ("Request to 'sendMessage' timed out after 30 seconds").
  if (cause.message.startsWith('Request to ')) return cause.message;
  if ('type' in cause && typeof cause.type === 'string') return cause.type;
  return cause.name;
}

/** Telegram refused our HTML: a renderer bug, but the alert must still arrive. */
export function isEntityParseError(error: unknown): boolean {
  return error instanceof GrammyError && error.error_code === 400 && /can't parse entities/i.test(error.description);
}

/** What the operator should do when the bot cannot post in `chatId`, or undefined if that is not the problem. */
function blockedHint(error: GrammyError, chatId: string): string | undefined {
  const d = error.description.toLowerCase();
  const orRemove = `or remove ${chatId} from TELEGRAM_CHAT_IDS`;
  if (error.error_code === 401 || error.error_code === 404) return TOKEN_FIX;
  if (d.includes('kicked') || d.includes('not a member') || d.includes('bot was removed')) {
    return `add the bot back to the chat ${chatId}, ${orRemove}; its alerts wait until then`;
  }
  if (d.includes('blocked by the user')) return `the user ${chatId} blocked the bot: unblock it and send it /start, ${orRemove}`;
  if (d.includes("can't initiate conversation")) return `open a private chat with the bot and send /start, ${orRemove}`;
  if (d.includes('chat not found')) {
    return `check TELEGRAM_CHAT_IDS: the bot is in no chat ${chatId}. Add the bot to the group (or send it /start in private), then send /start there to see the chat's id (group ids start with -)`;
  }
  // A forum topic that was closed or deleted: like a chat the bot was removed from.
  if (d.includes('topic_closed')) return `reopen the topic ${chatId}, ${orRemove}; its alerts wait until then`;
  if (d.includes('thread not found') || d.includes('topic_deleted')) {
    return `the topic ${chatId} no longer exists: send /start in the topic that should get alerts and put its chat_id:topic_id in TELEGRAM_CHAT_IDS`;
  }
  if (d.includes('deactivated')) return `the account ${chatId} was deleted: remove it from TELEGRAM_CHAT_IDS`;
  if (d.includes('not enough rights') || d.includes('write_forbidden') || d.includes('have no rights')) {
    return `allow the bot to send messages in the chat ${chatId} (group settings → permissions)`;
  }
  if (error.error_code === 403) return `make sure the bot is a member of ${chatId} and may send messages there`;
  return undefined;
}

/**
 * Translates what grammY threw for a send to `chatId` into the ChatError the outbox acts on:
 * wait (429), follow (migrated group), hold and tell the operator (bot removed, wrong id,
 * bad token), back off (5xx, network, timeout) or give up on this text (other 4xx).
 */
export function toChatError(error: unknown, chatId: string): ChatError {
  const dest = `telegram:${chatId}`;
  if (error instanceof HttpError) return new ChatTransientError(dest, describeTelegramError(error), { cause: error });
  if (!(error instanceof GrammyError)) {
    return new ChatTransientError(dest, `unexpected error: ${describeTelegramError(error)}`, { cause: error });
  }
  const description = describeTelegramError(error);
  if (error.error_code === 429) {
    return new ChatRateLimitError(dest, (error.parameters.retry_after ?? DEFAULT_RETRY_AFTER_S) * 1000);
  }
  const migrateTo = error.parameters.migrate_to_chat_id;
  if (migrateTo !== undefined) {
    // A group that became a supergroup: Telegram's one way for a chat to move to a new id.
    const to = String(migrateTo);
    return new ChatMovedError(dest, to, `the group became a supergroup: its messages now go to ${to}; replace ${chatId} with ${to} in TELEGRAM_CHAT_IDS`);
  }
  if (error.error_code >= 500) return new ChatTransientError(dest, description, { cause: error });
  const hint = blockedHint(error, chatId);
  if (hint !== undefined) return new ChatBlockedError(dest, description, hint);
  return new ChatRejectedError(dest, description, { cause: error });
}
