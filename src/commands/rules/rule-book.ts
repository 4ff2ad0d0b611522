import type { ChatRules } from '../../core/chat-rules.js';
import type { RuleBook } from '../command.js';

/** The part of the Store that keeps chat rules and where chats moved. */
export interface StoredRules {
  chatRules(dest: string): ChatRules;
  setChatRules(dest: string, rules: ChatRules): Promise<void>;
  movedTo(dest: string): string | undefined;
}

/** A configured alert destination, as far as rules care. */
export interface RuledDestination {
  id: string;
  platform: string;
  target: string;
}

/**
 * Rules kept in the state, one entry per configured destination. A Telegram group that became a
 * supergroup keeps the rules it had: its commands now arrive from the new id.
 */
export function storedRuleBook(store: StoredRules, destinations: () => readonly RuledDestination[]): RuleBook {
  return {
    destinationOf: (platform, chatId) =>
      destinations().find((d) => d.platform === platform && (d.target === chatId || store.movedTo(d.id) === chatId))?.id ?? null,
    get: (dest) => store.chatRules(dest),
    set: (dest, rules) => store.setChatRules(dest, rules),
  };
}
