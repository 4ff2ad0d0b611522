import type { Api } from 'grammy';
import type { Logger } from '../../log/logger.js';
import { describeTelegramError } from './telegram-errors.js';

/** How long an answer of getChatMember is trusted: a demoted admin loses the right within this. */
export const ADMIN_CACHE_MS = 60_000;

/**
 * Whether a user administers a group, asked with getChatMember and remembered briefly so a few
 * rule changes in a row cost one call. A failed question counts as "no", logged: rules are
 * never changed on a guess.
 */
export function createAdminCheck(api: Api, logger: Logger, now: () => number = Date.now): (chatId: number, userId: number) => Promise<boolean> {
  const cache = new Map<string, { at: number; admin: boolean }>();
  return async (chatId, userId) => {
    const key = `${chatId}:${userId}`;
    const hit = cache.get(key);
    if (hit && now() - hit.at < ADMIN_CACHE_MS) return hit.admin;
    try {
      const member = await api.getChatMember(chatId, userId);
      const admin = member.status === 'creator' || member.status === 'administrator';
      cache.set(key, { at: now(), admin });
      return admin;
    } catch (error) {
      logger.warn('telegram.admin_check_failed', { chat: chatId, user: userId, error: describeTelegramError(error) });
      return false;
    }
  };
}
