import { followsAccount, type ChatRules } from '../core/chat-rules.js';
import type { CommandAnswer, CommandListing, CommandRequest } from '../core/command.js';
import type { Logger } from '../log/logger.js';
import type { Doc } from '../render/doc.js';
import type { RenderContext } from '../render/messages.js';

/** The chat a command is answered for. */
export interface AskingChat {
  /** The destination its commands speak for (`telegram:<chat id>`…); null when it gets no alerts. */
  dest: string | null;
  rules: ChatRules;
  /** The bot's render context in this chat's language and privacy. */
  render: RenderContext;
  /** The commands this chat has, in the registry's order (`/help` lists them). */
  commands: readonly CommandListing[];
}

/** What every command may use. */
export interface CommonDeps {
  /** The bot's render context: TZ_DISPLAY, LOCALE, the providers' names. */
  render: RenderContext;
  logger: Logger;
  /** The clock "today" and /test's sample time come from; Date.now when not given. */
  now?: () => number;
}

/**
 * One chat command, everything about it in its folder: how chats list it, and how it is
 * answered. `Deps` is what it needs besides the asking chat; the registry's deps have them all.
 */
export interface Command<Deps = CommonDeps> extends CommandListing {
  /** Answered in every chat, allowed or not, in the bot's language (`/start` tells a new chat its id). */
  readonly everyChat?: boolean;
  /** How a chat app's manifest declares it (`slack-manifest.yml`): short, English; a test compares them. */
  readonly manifest?: { readonly description: string; readonly usageHint?: string };
  readonly answer: (request: CommandRequest, chat: AskingChat, deps: Deps) => Promise<CommandAnswer>;
}

export const textAnswer = (doc: Doc): CommandAnswer => ({ kind: 'text', doc });

/** Where each chat's rules are kept. */
export interface RuleBook {
  /** The destination a chat's commands speak for (`telegram:<chat id>`…); null when it is no alert target. */
  destinationOf(platform: string, chatId: string): string | null;
  get(dest: string): ChatRules;
  set(dest: string, rules: ChatRules): Promise<void>;
}

/** The accounts a chat's `/accounts` rule lets its searches see; undefined = every account. */
export function followedBy(rules: ChatRules): ((accountNumber: string) => boolean) | undefined {
  return rules.accounts === null ? undefined : (accountNumber) => followsAccount(rules, accountNumber);
}
