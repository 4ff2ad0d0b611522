import type { Api } from 'grammy';
import type { Logger } from '../../log/logger.js';
import { describeTelegramError } from './telegram-errors.js';

/** How long an answer of getChatMember is trusted: a demoted admin loses the right within this, a member who left within this. */
export const MEMBER_CACHE_MS = 60_000;

/** What a user is in a group, as far as the bot cares. */
type Standing = 'admin' | 'member' | 'outsider';

export interface MemberCheck {
  /** Does this user administer this group? */
  isAdmin(chatId: number, userId: number): Promise<boolean>;
  /** Is this user in this group now (an administrator, a member, or a member with restrictions)? */
  isMember(chatId: number, userId: number): Promise<boolean>;
}

/**
 * What a user is in a group, asked with getChatMember and remembered briefly so a few rule
 * changes or guest queries in a row cost one call. A failed question counts as "neither", logged:
 * rules are never changed, nor a payment shown, on a guess.
 */
export function createMemberCheck(api: Api, logger: Logger, now: () => number = Date.now): MemberCheck {
  const cache = new Map<string, { at: number; standing: Standing }>();
  async function standing(chatId: number, userId: number): Promise<Standing> {
    const key = `${chatId}:${userId}`;
    const hit = cache.get(key);
    if (hit && now() - hit.at < MEMBER_CACHE_MS) return hit.standing;
    try {
      const member = await api.getChatMember(chatId, userId);
      const status = member.status;
      const found: Standing =
        status === 'creator' || status === 'administrator'
          ? 'admin'
          : status === 'member' || (status === 'restricted' && member.is_member)
            ? 'member'
            : 'outsider';
      cache.set(key, { at: now(), standing: found });
      return found;
    } catch (error) {
      logger.warn('telegram.member_check_failed', { chat: chatId, user: userId, error: describeTelegramError(error) });
      return 'outsider';
    }
  }
  return {
    isAdmin: async (chatId, userId) => (await standing(chatId, userId)) === 'admin',
    isMember: async (chatId, userId) => (await standing(chatId, userId)) !== 'outsider',
  };
}
