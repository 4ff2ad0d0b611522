import type { CommandAnswer } from '../../core/command.js';
import { dayOf } from '../../core/zoned-time.js';
import { parseFindQuery, type FindQuery } from '../../search/query.js';
import type { TransactionSearch } from '../../search/history-search.js';
import { followedBy, textAnswer, type AskingChat, type Command, type CommonDeps } from '../command.js';
import { exportCaptionDoc, exportErrorDoc, exportNoneDoc } from './export-doc.js';
import { csvBytes } from './export-rows.js';

export interface ExportDeps extends CommonDeps {
  search: TransactionSearch;
  /** Told of each export file answered, with its number of rows (/metrics). */
  counters?: { recordExport(rows: number): void };
}

/**
 * `/export <query>`: what `/find <query>` counts, every row, as a CSV file; `/export` alone is
 * today (as `/report` is). The file is made while it is sent, from the matching transactions.
 */
export const exportCsv: Command<ExportDeps> = {
  name: 'export',
  help: {
    vi: { usage: '/export [truy vấn]', description: 'tệp CSV các giao dịch /find tìm được (mặc định: hôm nay)' },
    en: { usage: '/export [query]', description: 'a CSV file of every transaction /find finds (default: today)' },
  },
  manifest: { description: 'A CSV file of every payment /find finds (default today)', usageHint: 'from:01/11/2025 to:30/11/2025 | 500k | chuyen tien' },
  answer: async (request, chat, deps) => answerExport(request.args, chat, deps),
};

async function answerExport(args: string, chat: AskingChat, deps: ExportDeps): Promise<CommandAnswer> {
  const { render } = chat;
  const today = dayOf((deps.now ?? Date.now)(), render.timeZone);
  const parsed = args.trim() === '' ? { ok: true as const, value: todayQuery(today) } : parseFindQuery(args);
  if (!parsed.ok) return textAnswer(exportErrorDoc(parsed.error, render));
  const listing = await deps.search.list(parsed.value, { timeZone: render.timeZone, account: followedBy(chat.rules) });
  const { oldest: first, newest: last, total } = listing;
  if (first === null || last === null) return textAnswer(exportNoneDoc(render));
  deps.counters?.recordExport(total);
  const privacy = render.privacy === true;
  return {
    kind: 'file',
    file: {
      name: fileName(first.occurredAt, last.occurredAt, render.timeZone),
      mimeType: 'text/csv',
      caption: exportCaptionDoc(total, first.occurredAt, last.occurredAt, render),
      // Each call starts over: a chat may read the file twice (to measure it, then to send it).
      bytes: () => csvBytes(listing.pages(), { timeZone: render.timeZone, privacy }),
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
