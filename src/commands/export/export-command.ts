import { exportCaptionDoc, exportErrorDoc, exportNoneDoc } from '../../render/export.js';
import type { RenderContext } from '../../render/messages.js';
import type { CommandAnswer } from '../command-answer.js';
import { textAnswer } from '../command-answer.js';
import { dayOf } from '../../core/zoned-time.js';
import { parseFindQuery, type FindQuery } from '../find/query.js';
import type { TransactionSearch } from '../find/search-index.js';
import { csvBytes, matchingOldestFirst } from './export-rows.js';

export interface ExportRequest {
  /** The words after `/export`: a /find query, or nothing for `today`. */
  args: string;
  /** `YYYY-MM-DD` in TZ_DISPLAY. */
  today: string;
  /** The asking chat's language, zone and privacy. */
  render: RenderContext;
  /** The accounts the chat follows; every account when not given. */
  account?: (accountNumber: string) => boolean;
}

/**
 * `/export <query>`: what `/find <query>` counts, every row, as a CSV file; `/export` alone is
 * today (as `/report` is). The file is made while it is sent, from the matching transactions.
 */
export function answerExport(
  request: ExportRequest,
  deps: { search: TransactionSearch; onExported?: (rows: number) => void },
): CommandAnswer {
  const { render } = request;
  const parsed = request.args.trim() === '' ? { ok: true as const, value: todayQuery(request.today) } : parseFindQuery(request.args);
  if (!parsed.ok) return textAnswer(exportErrorDoc(parsed.error, render));
  const txs = matchingOldestFirst(deps.search, parsed.value, { timeZone: render.timeZone, account: request.account });
  const first = txs[0];
  const last = txs[txs.length - 1];
  if (first === undefined || last === undefined) return textAnswer(exportNoneDoc(render));
  deps.onExported?.(txs.length);
  const privacy = render.privacy === true;
  return {
    kind: 'file',
    file: {
      name: fileName(first.occurredAt, last.occurredAt, render.timeZone),
      mimeType: 'text/csv',
      caption: exportCaptionDoc(txs.length, first.occurredAt, last.occurredAt, render),
      bytes: () => csvBytes(txs, { timeZone: render.timeZone, privacy }),
    },
  };
}

function todayQuery(today: string): FindQuery {
  return { text: [], amounts: [], day: today, from: null, to: null, accountSuffix: null };
}

/** `bankbell-2025-11-03.csv`, or `bankbell-2025-11-01_2025-11-30.csv`: the days of the first and last row. */
function fileName(first: string, last: string, timeZone: string): string {
  const day = (iso: string) => {
    const epoch = Date.parse(iso);
    return Number.isNaN(epoch) ? 'undated' : dayOf(epoch, timeZone);
  };
  const [from, to] = [day(first), day(last)];
  return from === to ? `bankbell-${from}.csv` : `bankbell-${from}_${to}.csv`;
}
