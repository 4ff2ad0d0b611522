import type { ChatRules } from '../../core/chat-rules.js';
import { RULE_NAMES } from '../../core/chat-rules.js';
import type { RuleCommand } from './parse-rule.js';
import { BLANK, bold, code, text, verbatim, type Doc, type Line } from '../../render/doc.js';
import { formatDong } from '../../render/format-money.js';
import type { Locale } from '../../core/locale.js';
import type { RenderContext } from '../../render/messages.js';
import { truncateText } from '../../render/truncate.js';
import { WORDING } from './wording.js';

const pad = (n: number): string => String(n).padStart(2, '0');
/** Minutes since midnight as `HH:MM`. */
const clockText = (minutes: number): string => `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;

/** What the asking chat can show: whether its messages carry buttons (the acknowledge button's rule means nothing without). */
export interface ChatShows {
  buttons: boolean;
}

/** One rule's value in words. */
function ruleValue(command: RuleCommand, rules: ChatRules, locale: Locale, botLocale: Locale, shows: ChatShows = { buttons: true }): string {
  const m = WORDING[locale];
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
      return shows.buttons ? onOff(rules.ack) : m.noButtonsValue;
    case 'summary':
      return rules.summary === null ? m.off : clockText(rules.summary);
    case 'ops':
      return onOff(rules.ops);
    case 'lang':
      return rules.lang ?? m.langDefault(botLocale);
  }
}

function ruleLine(command: RuleCommand, rules: ChatRules, ctx: RenderContext, botLocale: Locale, shows?: ChatShows): Line {
  const m = WORDING[ctx.locale];
  return [text(`${m.labels[command]}: `), bold(ruleValue(command, rules, ctx.locale, botLocale, shows))];
}

/** Every rule on one line (`npm run doctor`), in English, as the chat can show them. */
export function rulesSummary(rules: ChatRules, botLocale: Locale, shows?: ChatShows): string {
  const m = WORDING.en;
  return RULE_NAMES.map((c) => `${m.labels[c].toLowerCase()} ${ruleValue(c, rules, 'en', botLocale, shows)}`).join('; ');
}

/** `/settings`: every rule of this chat, one per line, in the chat's language. */
export function settingsDoc(rules: ChatRules, ctx: RenderContext, botLocale: Locale, shows: ChatShows): Doc {
  return [[bold(WORDING[ctx.locale].title)], ...RULE_NAMES.map((c) => ruleLine(c, rules, ctx, botLocale, shows))];
}

/** The echo of a change in the chat: who changed which rule, and its new value. */
export function ruleChangedDoc(who: string | null, command: RuleCommand, rules: ChatRules, ctx: RenderContext, botLocale: Locale): Doc {
  const m = WORDING[ctx.locale];
  // The name is the member's own choice: verbatim, never a mention or link.
  const name = who === null || who.trim() === '' ? text(m.someone) : verbatim(truncateText(who.trim(), 100));
  return [[name, text(m.changedBy)], ruleLine(command, rules, ctx, botLocale)];
}

/** A rule command alone: its current value and how to change it. */
export function ruleUsageDoc(command: RuleCommand, rules: ChatRules, ctx: RenderContext, botLocale: Locale): Doc {
  return [ruleLine(command, rules, ctx, botLocale), BLANK, [code(WORDING[ctx.locale].usage[command])]];
}

/** A value the command does not accept: what was given, and what is accepted. */
export function badRuleDoc(command: RuleCommand, value: string, ctx: RenderContext): Doc {
  const m = WORDING[ctx.locale];
  return [[text(m.bad(truncateText(value, 100)))], [code(m.usage[command])]];
}

export function notAdminDoc(locale: Locale): Doc {
  return [[text(WORDING[locale].notAdmin)]];
}

/** `/ack` where messages carry no buttons: there is nothing to turn on or off. */
export function noButtonsDoc(locale: Locale): Doc {
  return [[text(WORDING[locale].noButtons)]];
}

export function ruleSaveFailedDoc(locale: Locale): Doc {
  return [[text(WORDING[locale].saveFailed)]];
}
