import { bold, code, italic, text, type Doc, type Line, type Span } from '../../render/doc.js';
import { formatDong } from '../../render/format-money.js';
import { formatTime } from '../../render/format-time.js';
import { providerName, type RenderContext } from '../../render/messages.js';
import { truncateText } from '../../render/truncate.js';
import { accountTail } from '../../render/alert.js';
import type { BalanceAnswer } from './balance-reader.js';
import { WORDING } from './wording.js';

const MAX_FIELD_CHARS = 200;

/**
 * The /balance answer: a header with the read time, one line per watched account (balance,
 * bank, account number, holder, provider), one line per provider that failed, and a total of
 * the known balances when there are several. Everything is đồng, so there is one total.
 */
export function balanceDoc(answer: BalanceAnswer, ctx: RenderContext): Doc {
  const m = WORDING[ctx.locale];
  const headerTime = formatTime(answer.readAt, ctx.timeZone, ctx.locale);
  const lines: Line[] = [[bold(m.header), text(` (${m.readAt(headerTime)})`)]];
  if (answer.entries.length === 0) lines.push([text(m.noAccounts)]);

  let total = 0;
  let known = 0;
  for (const entry of answer.entries) {
    if ('failure' in entry) {
      lines.push([text(m.unavailable(providerName(ctx, entry.provider), m.failures[entry.failure]))]);
      continue;
    }
    const { account } = entry;
    const line: Span[] = [];
    if (ctx.privacy) {
      // Privacy lists the accounts without what is in them.
      line.push(text(`${truncateText(account.bank, MAX_FIELD_CHARS)} `), code(accountTail(account.accountNumber)));
      line.push(text(` · ${providerName(ctx, account.provider)}`));
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
    line.push(text(` · ${providerName(ctx, account.provider)}`));
    const accountTime = formatTime(account.readAt, ctx.timeZone, ctx.locale);
    if (accountTime !== headerTime) line.push(text(` (${m.readAt(accountTime)})`));
    lines.push(line);
  }
  if (known > 1) lines.push([bold(m.total(known, formatDong(total)))]);
  return lines;
}
