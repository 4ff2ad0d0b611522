import type { Acknowledgement } from '../core/acknowledgement.js';
import { transactionKey } from '../core/model.js';
import { DEFAULT_RULES, followsAccount, type ChatRules } from '../core/chat-rules.js';
import type { Logger } from '../log/logger.js';
import { balanceDoc, type BalanceAnswer } from '../render/balance.js';
import type { Doc } from '../render/doc.js';
import { findErrorDoc, findResultDoc, findUsageDoc } from '../render/find-result.js';
import { helpDoc, refusalDoc, startDoc } from '../render/help.js';
import { messagesFor, type RenderContext } from '../render/messages.js';
import { qrProblemDoc } from '../render/payment-request.js';
import { reportDoc, reportErrorDoc } from '../render/report.js';
import { testAlertDoc } from '../render/test-alert.js';
import { badRuleDoc, notAdminDoc, ruleChangedDoc, ruleSaveFailedDoc, ruleUsageDoc, settingsDoc } from '../render/rules.js';
import type { BalanceReader } from './balance-reader.js';
import { textAnswer, type CommandAnswer } from './command-answer.js';
import { answerExport } from './export/export-command.js';
import { parseFindQuery } from './find/query.js';
import type { TransactionSearch } from './find/search-index.js';
import { buildReport, parseReportArgs } from './report.js';
import { dayOf } from '../core/zoned-time.js';
import { sampleTransaction } from './sample-transaction.js';
import { requestPayment, type PaymentRequestDeps } from './qr/request-payment.js';
import { parseRuleChange, RULE_COMMANDS, type RuleCommand } from './rules/parse-rule.js';

export const COMMANDS = ['balance', 'find', 'report', 'export', 'test', 'qr', 'help', 'start', 'settings', ...RULE_COMMANDS] as const;
export type CommandName = (typeof COMMANDS)[number];

export interface CommandRequest {
  command: CommandName;
  /** Everything after the command word. */
  args: string;
  /** The chat or channel asking, as the platform names it. */
  chatId: string;
  /** Whether that chat is in the allow list (TELEGRAM_CHAT_IDS / SLACK_CHANNEL_IDS). */
  allowed: boolean;
  /** `/start` exists on Telegram only. */
  platform: 'telegram' | 'slack' | 'console';
  /** Who asked, as the chat shows them (named when a rule change is echoed). */
  userName?: string | null;
  /** May the asker change this chat's rules? Asked only for a change; absent = nobody may. */
  mayChange?: () => Promise<boolean>;
}

/** Where each chat's rules are kept. */
export interface RuleBook {
  /** The destination a chat's commands speak for (`telegram:<chat id>`…); null when it is no alert target. */
  destinationOf(platform: CommandRequest['platform'], chatId: string): string | null;
  get(dest: string): ChatRules;
  set(dest: string, rules: ChatRules): Promise<void>;
}

export interface CommandDeps {
  balances: BalanceReader;
  search: TransactionSearch;
  render: RenderContext;
  rules: RuleBook;
  logger: Logger;
  /** The acknowledgements made in a destination (`/find` shows them); absent = none shown. */
  acknowledgements?: (dest: string, keys: readonly string[]) => Promise<Acknowledgement[]>;
  /** The clock /report's and /export's "today" and /test's sample time come from; Date.now when not given. */
  now?: () => number;
  /** What /qr needs; without it /qr is answered as unavailable. */
  payments?: PaymentRequestDeps;
  /** Told of answers /metrics counts. */
  counters?: CommandCounters;
}

/** What /metrics counts of the commands answered. */
export interface CommandCounters {
  recordReport(): void;
  /** An export file answered, with its number of rows. */
  recordExport(rows: number): void;
}

/** At most this many transactions are shown in a /find answer, which also gives the total count. */
export const FIND_LIMIT = 10;

/**
 * The chat-agnostic half of every command: who may ask, what the answer says. Adapters
 * parse the platform's update into a CommandRequest and send the returned answer.
 */
export async function answerCommand(request: CommandRequest, deps: CommandDeps): Promise<CommandAnswer> {
  if (request.command === 'start' && request.platform === 'telegram') {
    // Even a chat not yet allowed learns its own id: that is how an operator sets the bot up.
    return textAnswer(startDoc(request.chatId, deps.render.locale));
  }
  if (!request.allowed) return textAnswer(refusalDoc(deps.render.locale));
  const { dest, rules, render } = chatOf(request, deps);
  if (request.command === 'export') {
    const today = dayOf((deps.now ?? Date.now)(), render.timeZone);
    return answerExport(
      { args: request.args, today, render, account: followedBy(rules) },
      { search: deps.search, onExported: (rows) => deps.counters?.recordExport(rows) },
    );
  }
  if (request.command === 'qr') {
    if (deps.payments === undefined) return textAnswer(qrProblemDoc({ kind: 'not-target' }, render));
    return requestPayment(request.args, { dest, rules, render }, deps.payments);
  }
  return textAnswer(await answerDoc(request.command, request, { dest, rules, render }, deps));
}

/** The commands answered with a message. */
async function answerDoc(
  command: Exclude<CommandName, 'export' | 'qr'>,
  request: CommandRequest,
  chat: { dest: string | null; rules: ChatRules; render: RenderContext },
  deps: CommandDeps,
): Promise<Doc> {
  const { dest, rules, render } = chat;
  switch (command) {
    case 'balance':
      return balanceDoc(followedOnly(await deps.balances.read(), rules), render);
    case 'find': {
      if (request.args.trim() === '') return findUsageDoc(render);
      const query = parseFindQuery(request.args);
      if (!query.ok) return findErrorDoc(query.error, render);
      const result = deps.search.find(query.value, { timeZone: render.timeZone, limit: FIND_LIMIT, account: followedBy(rules) });
      return findResultDoc(result, render, await acknowledgementsFor(dest, result.shown.map(transactionKey), deps));
    }
    case 'report': {
      const now = (deps.now ?? Date.now)();
      const period = parseReportArgs(request.args, dayOf(now, render.timeZone));
      if (!period.ok) return reportErrorDoc(period.error, render);
      deps.counters?.recordReport();
      return reportDoc(buildReport(deps.search, period.value, { timeZone: render.timeZone, now, account: followedBy(rules) }), render);
    }
    case 'test':
      // Answered, never stored or queued: a sample must not count in /find, /report or the outbox.
      // The configuration turns at least one provider on; the sample names the first.
      return testAlertDoc(sampleTransaction((deps.now ?? Date.now)(), messagesFor(render.locale).test, deps.balances.providers[0] ?? 'sepay'), render);
    case 'help':
    case 'start':
      return helpDoc(render.locale, { withStart: request.platform === 'telegram' });
    case 'settings':
      return settingsDoc(rules, render, deps.render.locale);
    default:
      return changeRule(command, request, { dest, rules, render }, deps);
  }
}

/**
 * The acknowledgements made in the asking chat (each chat sees its own). The payments come
 * from memory; should the acknowledgements not be readable (a database that is down), the
 * answer still lists the payments, and the log says why it shows no acknowledgement.
 */
async function acknowledgementsFor(dest: string | null, keys: readonly string[], deps: CommandDeps): Promise<Acknowledgement[]> {
  if (dest === null || deps.acknowledgements === undefined || keys.length === 0) return [];
  try {
    return await deps.acknowledgements(dest, keys);
  } catch (error) {
    deps.logger.warn('find.acknowledgements_unreadable', { dest, error: String(error), effect: 'the answer shows no acknowledgements' });
    return [];
  }
}

/** The asking chat's destination and rules; every answer speaks its language and keeps its privacy. */
function chatOf(request: CommandRequest, deps: CommandDeps): { dest: string | null; rules: ChatRules; render: RenderContext } {
  const dest = deps.rules.destinationOf(request.platform, request.chatId);
  const rules = dest === null ? DEFAULT_RULES : deps.rules.get(dest);
  return { dest, rules, render: { ...deps.render, locale: rules.lang ?? deps.render.locale, privacy: rules.privacy } };
}

/** The accounts a chat's `/accounts` rule lets its searches see; undefined = every account. */
function followedBy(rules: ChatRules): ((accountNumber: string) => boolean) | undefined {
  return rules.accounts === null ? undefined : (accountNumber) => followsAccount(rules, accountNumber);
}

/** A /balance answer without the accounts this chat does not follow. */
function followedOnly(answer: BalanceAnswer, rules: ChatRules): BalanceAnswer {
  if (rules.accounts === null) return answer;
  return { ...answer, entries: answer.entries.filter((entry) => !('account' in entry) || followsAccount(rules, entry.account.accountNumber)) };
}

/**
 * `/min 500k` and the like: read the value, check the asker may change rules here, store the
 * new rules, and echo the change with the asker's name. The command alone shows the rule.
 */
async function changeRule(
  command: RuleCommand,
  request: CommandRequest,
  chat: { dest: string | null; rules: ChatRules; render: RenderContext },
  deps: CommandDeps,
): Promise<Doc> {
  const { dest, rules, render } = chat;
  const botLocale = deps.render.locale;
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
