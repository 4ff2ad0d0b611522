import type { ChatRules } from '../core/chat-rules.js';
import { RULE_COMMANDS, type RuleCommand } from '../commands/rules/parse-rule.js';
import { BLANK, bold, code, text, verbatim, type Doc, type Line } from './doc.js';
import { formatDong } from './format-money.js';
import { messagesFor, type Locale, type RenderContext } from './messages.js';
import { truncateText } from './truncate.js';

const pad = (n: number): string => String(n).padStart(2, '0');
/** Minutes since midnight as `HH:MM`. */
export const clockText = (minutes: number): string => `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;

/** One rule's value in words. */
function ruleValue(command: RuleCommand, rules: ChatRules, locale: Locale, botLocale: Locale): string {
  const m = messagesFor(locale).rules;
  const onOff = (value: boolean) => (value ? m.on : m.off);
  switch (command) {
    case 'accounts':
      return rules.accounts === null ? m.all : rules.accounts.join(', ');
    case 'min':
      return rules.min === null ? m.off : formatDong(rules.min);
    case 'alerts':
      return m.directions[rules.alerts];
    case 'quiet':
      return rules.quiet === null ? m.off : `${clockText(rules.quiet.from)}–${clockText(rules.quiet.to)}`;
    case 'privacy':
      return onOff(rules.privacy);
    case 'ack':
      return onOff(rules.ack);
    case 'summary':
      return rules.summary === null ? m.off : clockText(rules.summary);
    case 'ops':
      return onOff(rules.ops);
    case 'lang':
      return rules.lang ?? m.langDefault(botLocale);
  }
}

function ruleLine(command: RuleCommand, rules: ChatRules, ctx: RenderContext, botLocale: Locale): Line {
  const m = messagesFor(ctx.locale).rules;
  return [text(`${m.labels[command]}: `), bold(ruleValue(command, rules, ctx.locale, botLocale))];
}

/** Every rule on one line (`npm run doctor`), in English. */
export function rulesSummary(rules: ChatRules, botLocale: Locale): string {
  const m = messagesFor('en').rules;
  return RULE_COMMANDS.map((c) => `${m.labels[c].toLowerCase()} ${ruleValue(c, rules, 'en', botLocale)}`).join('; ');
}

/** `/settings`: every rule of this chat, one per line, in the chat's language. */
export function settingsDoc(rules: ChatRules, ctx: RenderContext, botLocale: Locale): Doc {
  return [[bold(messagesFor(ctx.locale).rules.title)], ...RULE_COMMANDS.map((c) => ruleLine(c, rules, ctx, botLocale))];
}

/** The echo of a change in the chat: who changed which rule, and its new value. */
export function ruleChangedDoc(who: string | null, command: RuleCommand, rules: ChatRules, ctx: RenderContext, botLocale: Locale): Doc {
  const m = messagesFor(ctx.locale).rules;
  // The name is the member's own choice: verbatim, never a mention or link.
  const name = who === null || who.trim() === '' ? text(m.someone) : verbatim(truncateText(who.trim(), 100));
  return [[name, text(m.changedBy)], ruleLine(command, rules, ctx, botLocale)];
}

/** A rule command alone: its current value and how to change it. */
export function ruleUsageDoc(command: RuleCommand, rules: ChatRules, ctx: RenderContext, botLocale: Locale): Doc {
  return [ruleLine(command, rules, ctx, botLocale), BLANK, [code(messagesFor(ctx.locale).rules.usage[command])]];
}

/** A value the command does not accept: what was given, and what is accepted. */
export function badRuleDoc(command: RuleCommand, value: string, ctx: RenderContext): Doc {
  const m = messagesFor(ctx.locale).rules;
  return [[text(m.bad(truncateText(value, 100)))], [code(m.usage[command])]];
}

export function notAdminDoc(locale: Locale): Doc {
  return [[text(messagesFor(locale).rules.notAdmin)]];
}

export function ruleSaveFailedDoc(locale: Locale): Doc {
  return [[text(messagesFor(locale).rules.saveFailed)]];
}
