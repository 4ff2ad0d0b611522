import type { ChatRules } from '../../core/chat-rules.js';
import type { CommandRequest } from '../../core/command.js';
import type { Doc } from '../../render/doc.js';
import type { RenderContext } from '../../render/messages.js';
import { textAnswer, type AskingChat, type Command, type CommonDeps, type RuleBook } from '../command.js';
import { RULE_NAMES } from '../../core/chat-rules.js';
import { parseRuleChange, type RuleCommand } from './parse-rule.js';
import { badRuleDoc, noButtonsDoc, notAdminDoc, ruleChangedDoc, ruleSaveFailedDoc, ruleUsageDoc, settingsDoc, type ChatShows } from './rules-doc.js';

export interface RulesDeps extends CommonDeps {
  rules: RuleBook;
}

/** `/settings`: every rule of the asking chat. */
export const settings: Command<RulesDeps> = {
  name: 'settings',
  help: {
    vi: { usage: '/settings', description: 'cài đặt của cuộc trò chuyện này' },
    en: { usage: '/settings', description: "this chat's settings" },
  },
  manifest: { description: "This channel's bankbell settings" },
  answer: async (request, chat, deps) => textAnswer(settingsDoc(chat.rules, chat.render, deps.render.locale, showsOf(request))),
};

/** What the asking chat shows, from the capabilities its platform declared. */
const showsOf = (request: CommandRequest): ChatShows => ({ buttons: request.capabilities?.includes('buttons') === true });

/** How each rule command is listed. */
const LISTINGS: Readonly<Record<RuleCommand, Pick<Command, 'help' | 'manifest'>>> = {
  accounts: {
    help: {
      vi: { usage: '/accounts <tài khoản…|all>', description: 'chỉ báo và tra cứu các tài khoản này' },
      en: { usage: '/accounts <accounts…|all>', description: 'alert and look up only these accounts' },
    },
    manifest: { description: 'Alert and look up only these accounts', usageHint: '6789 0123456789 | all' },
  },
  min: {
    help: {
      vi: { usage: '/min <số tiền|off>', description: 'chỉ báo giao dịch từ số tiền này' },
      en: { usage: '/min <amount|off>', description: 'alert only payments of at least this amount' },
    },
    manifest: { description: 'Alert only payments of at least this amount', usageHint: '500k | off' },
  },
  alerts: {
    help: {
      vi: { usage: '/alerts <in|out|all>', description: 'báo tiền vào, tiền ra hay cả hai' },
      en: { usage: '/alerts <in|out|all>', description: 'alert money in, money out, or both' },
    },
    manifest: { description: 'Alert money in, out, or both', usageHint: 'in | out | all' },
  },
  quiet: {
    help: {
      vi: { usage: '/quiet <HH:MM-HH:MM|off>', description: 'giờ yên lặng; tin đến trong giờ đó được gửi gộp khi hết giờ' },
      en: { usage: '/quiet <HH:MM-HH:MM|off>', description: 'quiet hours; what arrives then is sent as one digest when they end' },
    },
    manifest: { description: 'Quiet hours; what arrives then comes as one digest', usageHint: '22:00-07:00 | off' },
  },
  privacy: {
    help: {
      vi: {
        usage: '/privacy <on|off>',
        description: 'ẩn số dư và chỉ hiện 4 số cuối tài khoản (mã /qr vẫn chứa đủ số tài khoản: ngân hàng của khách cần nó)',
      },
      en: {
        usage: '/privacy <on|off>',
        description: "hide balances, show accounts by their last 4 digits (a /qr code still holds the whole account number: the payer's bank needs it)",
      },
    },
    manifest: { description: 'Hide balances, show accounts by their last 4 digits', usageHint: 'on | off' },
  },
  ack: {
    help: {
      vi: { usage: '/ack <on|off>', description: 'nút xác nhận trên thông báo' },
      en: { usage: '/ack <on|off>', description: 'the acknowledge button on alerts' },
    },
    manifest: { description: 'The acknowledge button on alerts', usageHint: 'on | off' },
  },
  summary: {
    help: {
      vi: { usage: '/summary <HH:MM|off>', description: 'tổng kết hằng ngày vào giờ này' },
      en: { usage: '/summary <HH:MM|off>', description: 'a daily summary at this time' },
    },
    manifest: { description: 'A daily summary at this time', usageHint: '21:00 | off' },
  },
  ops: {
    help: {
      vi: { usage: '/ops <on|off>', description: 'thông báo vận hành của bot' },
      en: { usage: '/ops <on|off>', description: "the bot's service notices" },
    },
    manifest: { description: 'Service notices in this channel', usageHint: 'on | off' },
  },
  lang: {
    help: {
      vi: { usage: '/lang <vi|en>', description: 'ngôn ngữ của cuộc trò chuyện này' },
      en: { usage: '/lang <vi|en>', description: 'language of this chat' },
    },
    manifest: { description: 'Language of this channel', usageHint: 'vi | en' },
  },
};

/** `/min 500k` and the like, one command per rule, in the order `/settings` lists them. */
export const ruleCommands: readonly Command<RulesDeps>[] = RULE_NAMES.map(
  (name): Command<RulesDeps> => ({
    name,
    ...LISTINGS[name],
    answer: async (request, chat, deps) => textAnswer(await changeRule(name, request, chat, deps)),
  }),
);

/**
 * Reads the value, checks the asker may change rules here, stores the new rules, and echoes the
 * change with the asker's name. The command alone shows the rule.
 */
async function changeRule(command: RuleCommand, request: CommandRequest, chat: AskingChat, deps: RulesDeps): Promise<Doc> {
  const { dest, rules, render } = chat;
  const botLocale = deps.render.locale;
  // Alerts in a chat without buttons never carry one, whatever the rule says.
  if (command === 'ack' && !showsOf(request).buttons) return noButtonsDoc(render.locale);
  if (request.args.trim() === '') return ruleUsageDoc(command, rules, render, botLocale);
  const change = parseRuleChange(command, request.args);
  if (!change.ok) return badRuleDoc(command, change.error.value, render);
  if (dest === null || request.mayChange === undefined || !(await request.mayChange())) return notAdminDoc(render.locale);
  const next: ChatRules = { ...rules, ...change.value };
  try {
    await deps.rules.set(dest, next);
  } catch (error) {
    deps.logger.error('rules.save_failed', { dest, command, error: String(error) });
    return ruleSaveFailedDoc(render.locale);
  }
  deps.logger.info('rules.changed', { dest, command, by: request.userName ?? null });
  // The echo already speaks the new language when that is what changed.
  const after: RenderContext = { ...render, locale: next.lang ?? botLocale, privacy: next.privacy };
  return ruleChangedDoc(request.userName ?? null, command, next, after, botLocale);
}

export { storedRuleBook } from './rule-book.js';
export { rulesSummary, type ChatShows } from './rules-doc.js';
