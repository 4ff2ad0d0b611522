import { dayOf } from '../../core/zoned-time.js';
import type { TransactionSearch } from '../../search/history-search.js';
import { followedBy, textAnswer, type Command, type CommonDeps } from '../command.js';
import { buildReport, parseReportArgs } from './report.js';
import { reportDoc, reportErrorDoc } from './report-doc.js';

export interface ReportDeps extends CommonDeps {
  search: TransactionSearch;
  /** Told of each report answered (/metrics). */
  counters?: { recordReport(): void };
}

/** `/report [date | from:… to:…]`: money in and out per account the chat follows, and the days before. */
export const report: Command<ReportDeps> = {
  name: 'report',
  help: {
    vi: { usage: '/report [ngày]', description: 'tiền vào, tiền ra trong ngày theo từng tài khoản' },
    en: { usage: '/report [date]', description: "the day's money in and out per account" },
  },
  manifest: { description: "The day's money in and out per account", usageHint: '03/11/2025 | from:01/11/2025 to:30/11/2025' },
  async answer(request, chat, deps) {
    const { render } = chat;
    const now = (deps.now ?? Date.now)();
    const period = parseReportArgs(request.args, dayOf(now, render.timeZone));
    if (!period.ok) return textAnswer(reportErrorDoc(period.error, render));
    deps.counters?.recordReport();
    return textAnswer(reportDoc(await buildReport(deps.search, period.value, { timeZone: render.timeZone, now, account: followedBy(chat.rules) }), render));
  },
};
