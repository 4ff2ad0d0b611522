import { startOfDay } from '../../core/zoned-time.js';
import { accountTail } from '../../render/alert.js';
import { BLANK, bold, code, text, type Doc, type Line } from '../../render/doc.js';
import { formatDong } from '../../render/format-money.js';
import { formatDay, formatTime } from '../../render/format-time.js';
import type { RenderContext } from '../../render/messages.js';
import { queryErrorReason } from '../../render/query-error.js';
import { truncateText } from '../../render/truncate.js';
import type { Report, ReportArgsError, ReportPeriod } from './report.js';
import { WORDING } from './wording.js';

const MAX_FIELD_CHARS = 200;

/** The period's days as the reader writes them: one day, or first – last. */
function periodText(period: ReportPeriod, ctx: RenderContext): string {
  const day = (value: string): string => formatDay(new Date(startOfDay(value, ctx.timeZone)).toISOString(), ctx.timeZone, ctx.locale);
  return period.from === period.to ? day(period.from) : `${day(period.from)} – ${day(period.to)}`;
}

/**
 * A /report answer: the period (and the time it runs to, while it runs), one line per account
 * with money in and out, the incoming total over them all, and the same total for the days
 * just before up to the same time.
 */
export function reportDoc(report: Report, ctx: RenderContext): Doc {
  const m = WORDING[ctx.locale];
  const title = m.title(periodText(report.period, ctx));
  const lines: Line[] = [[bold(report.until === null ? title : `${title} ${m.until(formatTime(report.until, ctx.timeZone, ctx.locale, 'none'))}`)]];
  if (report.accounts.length === 0) lines.push([text(m.none)]);
  for (const a of report.accounts) {
    const number = ctx.privacy ? accountTail(a.accountNumber) : truncateText(a.accountNumber, MAX_FIELD_CHARS);
    lines.push([
      text(`${truncateText(a.bank, MAX_FIELD_CHARS)} `),
      code(number),
      text(`: ${m.incoming(a.inCount, formatDong(a.inTotal, { sign: true }))} · ${m.outgoing(a.outCount, formatDong(-a.outTotal))}`),
    ]);
  }
  lines.push(BLANK, [bold(m.incomingTotal(report.incoming.count, formatDong(report.incoming.total, { sign: true })))]);
  const before = report.previous;
  lines.push([
    text(
      m.previous(periodText(before.period, ctx), report.until !== null, before.incoming.count, formatDong(before.incoming.total, { sign: true })),
    ),
  ]);
  return lines;
}

/** Why the words after /report were refused, and what it accepts. */
export function reportErrorDoc(error: ReportArgsError, ctx: RenderContext): Doc {
  const m = WORDING[ctx.locale];
  const reason = error.kind === 'not-a-date' ? m.notADate : queryErrorReason(error, ctx.locale);
  return [[text(reason)], BLANK, ...reportUsageDoc(ctx)];
}

function reportUsageDoc(ctx: RenderContext): Doc {
  const m = WORDING[ctx.locale];
  return [[bold(m.usageTitle)], ...m.usage(ctx.timeZone).map((rule): Line => [text(rule)])];
}
