import type { Account, ProviderName } from '../core/model.js';
import type { ProviderError } from '../core/provider-errors.js';
import { bold, code, italic, text, type Doc, type Line, type Span } from './doc.js';
import { formatDong } from './format-money.js';
import { formatTime } from './format-time.js';
import { providerLabel } from '../providers/index.js';
import { messagesFor, type RenderContext } from './messages.js';
import { truncateText } from './truncate.js';
import { accountTail } from './alert.js';

/** One row of a /balance answer: an account as read, or a provider that could not be read, and how it failed. */
export type BalanceEntry = { account: Account } | { provider: ProviderName; failure: ProviderError['code'] };

export interface BalanceAnswer {
  entries: readonly BalanceEntry[];
  /** When the answer was put together (ISO instant); accounts read at another minute say so. */
  readAt: string;
}

const MAX_FIELD_CHARS = 200;

/**
 * The /balance answer: a header with the read time, one line per watched account (balance,
 * bank, account number, holder, provider), one line per provider that failed, and a total of
 * the known balances when there are several. Everything is đồng, so there is one total.
 */
export function balanceDoc(answer: BalanceAnswer, ctx: RenderContext): Doc {
  const m = messagesFor(ctx.locale).balance;
  const headerTime = formatTime(answer.readAt, ctx.timeZone, ctx.locale);
  const lines: Line[] = [[bold(m.header), text(` (${m.readAt(headerTime)})`)]];
  if (answer.entries.length === 0) lines.push([text(m.noAccounts)]);

  let total = 0;
  let known = 0;
  for (const entry of answer.entries) {
    if ('failure' in entry) {
      lines.push([text(m.unavailable(providerLabel(entry.provider), m.failures[entry.failure]))]);
      continue;
    }
    const { account } = entry;
    const line: Span[] = [];
    if (ctx.privacy) {
      // Privacy lists the accounts without what is in them.
      line.push(text(`${truncateText(account.bank, MAX_FIELD_CHARS)} `), code(accountTail(account.accountNumber)));
      line.push(text(` · ${providerLabel(account.provider)}`));
      lines.push(line);
      continue;
    }
    if (account.balance === null) {
      line.push(italic(m.unknown));
    } else {
      line.push(bold(formatDong(account.balance)));
      total += account.balance;
      known++;
    }
    line.push(text(` · ${truncateText(account.bank, MAX_FIELD_CHARS)} `), code(truncateText(account.accountNumber, MAX_FIELD_CHARS)));
    if (account.holder?.trim()) line.push(text(` · ${truncateText(account.holder.trim(), MAX_FIELD_CHARS)}`));
    line.push(text(` · ${providerLabel(account.provider)}`));
    const accountTime = formatTime(account.readAt, ctx.timeZone, ctx.locale);
    if (accountTime !== headerTime) line.push(text(` (${m.readAt(accountTime)})`));
    lines.push(line);
  }
  if (known > 1) lines.push([bold(m.total(known, formatDong(total)))]);
  return lines;
}
