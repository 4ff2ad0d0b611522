import type { ChatRules } from '../../core/chat-rules.js';
import type { RuleBook } from '../command.js';

/** The part of the Store that keeps chat rules. */
export interface StoredRules {
  chatRules(dest: string): ChatRules;
  setChatRules(dest: string, rules: ChatRules): Promise<void>;
}

/**
 * Rules kept in the state, one entry per configured destination; `destinationOf` says which one a
 * chat's commands speak for (a Telegram group that became a supergroup keeps the rules it had:
 * its commands now arrive from the new id).
 */
export function storedRuleBook(store: StoredRules, destinationOf: RuleBook['destinationOf']): RuleBook {
  return {
    destinationOf,
    get: (dest) => store.chatRules(dest),
    set: (dest, rules) => store.setChatRules(dest, rules),
  };
}
