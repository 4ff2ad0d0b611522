import type { User } from 'grammy/types';

/** Where a message was written, as TELEGRAM_CHAT_IDS names it: `chat_id:topic_id` in a forum topic, else the chat id. */
export function whereWritten(chatId: number, thread: number | undefined): string {
  return thread === undefined ? String(chatId) : `${chatId}:${thread}`;
}

/**
 * The chat a command or a press speaks for: a topic listed on its own (`chat_id:topic_id`) has
 * its own rules and allow-list entry; a message anywhere else in the group speaks for the group.
 */
export function speaksFor(chatId: number, thread: number | undefined, isListed: (target: string) => boolean): string {
  const inTopic = whereWritten(chatId, thread);
  return isListed(inTopic) ? inTopic : String(chatId);
}

/** A user's name as Telegram shows it: untrusted text. */
export const userName = (user: Pick<User, 'first_name' | 'last_name'>): string => [user.first_name, user.last_name].filter(Boolean).join(' ');
