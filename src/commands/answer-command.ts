import { DEFAULT_RULES } from '../core/chat-rules.js';
import { commandsFor, type CommandAnswer, type CommandRequest } from '../core/command.js';
import type { Locale } from '../core/locale.js';
import { text, type Doc } from '../render/doc.js';
import { textAnswer, type Command, type CommonDeps, type RuleBook } from './command.js';

const REFUSAL: Readonly<Record<Locale, string>> = {
  vi: 'Cuộc trò chuyện này không được phép dùng bot.',
  en: 'This chat is not allowed to use this bot.',
};

/** The one-line answer to a chat that is not in the allow list: no account data, no help. */
export function refusalDoc(locale: Locale): Doc {
  return [[text(REFUSAL[locale])]];
}

/**
 * The chat-agnostic half of every command: who may ask, in which chat's rules and language.
 * A command the asking chat does not have (a slash command an operator added or renamed,
 * `/start` where it does not exist) gets `fallback`, the help, which lists what it has.
 */
export async function answerFrom<Deps extends CommonDeps & { rules: RuleBook }>(
  registry: { commands: readonly Command<Deps>[]; fallback: Command<Deps> },
  request: CommandRequest,
  deps: Deps,
): Promise<CommandAnswer> {
  const commands = commandsFor(registry.commands, request.capabilities ?? []);
  const command = commands.find((c) => c.name === request.command) ?? registry.fallback;
  if (command.everyChat === true) {
    // Even a chat not yet allowed learns its own id: that is how an operator sets the bot up.
    return command.answer(request, { dest: null, rules: DEFAULT_RULES, render: deps.render, commands }, deps);
  }
  if (!request.allowed) return textAnswer(refusalDoc(deps.render.locale));
  // Every answer speaks the asking chat's language and keeps its privacy.
  const dest = deps.rules.destinationOf(request.platform, request.chatId);
  const rules = dest === null ? DEFAULT_RULES : deps.rules.get(dest);
  const render = { ...deps.render, locale: rules.lang ?? deps.render.locale, privacy: rules.privacy };
  return command.answer(request, { dest, rules, render, commands }, deps);
}
