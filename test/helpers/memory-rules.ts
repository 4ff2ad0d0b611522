import { DEFAULT_RULES, type ChatRules } from '../../src/core/chat-rules.js';
import type { RuleBook } from '../../src/commands/command.js';
import { storedRuleBook } from '../../src/commands/rules/rule-book.js';

/** Chat rules kept in memory, for command tests without a data directory; every `chatIds` entry is a destination. */
export function memoryRuleBook(platform: string, chatIds: readonly string[]): RuleBook & { saved: Map<string, ChatRules> } {
  const saved = new Map<string, ChatRules>();
  const book = storedRuleBook(
    {
      chatRules: (dest) => saved.get(dest) ?? DEFAULT_RULES,
      setChatRules: async (dest, rules) => void saved.set(dest, rules),
    },
    (asking, chatId) => (asking === platform && chatIds.includes(chatId) ? `${platform}:${chatId}` : null),
  );
  return { ...book, saved };
}
