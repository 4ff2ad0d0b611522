import { z } from 'zod';
import { ChatRules } from '../core/chat-rules.js';
import type { Logger } from '../log/logger.js';

/**
 * Each chat's rules as a store reads them back, one chat at a time: a chat whose stored rules
 * do not fit the schema (written by an older bankbell that let `/alerts constructor` through,
 * or edited by hand) falls back to the defaults and is named, instead of keeping the whole
 * bot, or every bot sharing the database, from starting.
 */
export function readableRules(entries: readonly (readonly [dest: string, rules: unknown])[]): {
  rules: Record<string, ChatRules>;
  unreadable: string[];
} {
  const rules: [string, ChatRules][] = [];
  const unreadable: string[] = [];
  for (const [dest, stored] of entries) {
    const parsed = ChatRules.safeParse(stored);
    if (parsed.success) rules.push([dest, parsed.data]);
    else unreadable.push(dest);
  }
  // fromEntries defines own properties: a key such as `__proto__` stays a plain key.
  return { rules: Object.fromEntries(rules), unreadable };
}

/** Tells the operator which chats are back on the defaults, and how to set their rules again. */
export function logUnreadableRules(logger: Logger | undefined, unreadable: readonly string[]): void {
  if (unreadable.length === 0) return;
  logger?.warn('rules.unreadable', {
    destinations: unreadable.join(','),
    effect: 'these chats follow the default rules',
    fix: 'set their rules again from inside each chat (/settings shows them); the stored value is replaced then',
  });
}

/** The rules a chat asked for, checked against the schema they are read back with, so that what is stored can always be read. */
export function writableRules(dest: string, rules: ChatRules): ChatRules {
  const parsed = ChatRules.safeParse(rules);
  if (!parsed.success) throw new Error(`the rules for ${dest} were not stored: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
