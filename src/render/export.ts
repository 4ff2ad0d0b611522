import type { FindQueryError } from '../commands/find/query.js';
import { BLANK, bold, text, type Doc, type Line } from './doc.js';
import { findErrorReason } from './find-result.js';
import { formatDay } from './format-time.js';
import type { Locale, RenderContext } from './messages.js';

// /export's own wording, kept with its builders: both languages must have every key.
interface ExportWording {
  caption(count: string, days: string): string;
  none: string;
  usageTitle: string;
  usage(timeZone: string): string[];
}

const WORDING: Readonly<Record<Locale, ExportWording>> = {
  vi: {
    caption: (count, days) => `${count} giao dịch, ${days}, cũ trước mới sau.`,
    none: 'Không có giao dịch nào khớp, nên không có tệp.',
    usageTitle: 'Cách dùng: /export [truy vấn như /find]',
    usage: (timeZone) => [
      `• /export: các giao dịch hôm nay, theo giờ ${timeZone}.`,
      '• /export <truy vấn>: mọi giao dịch /find tìm được (không giới hạn 10), ví dụ /export from:01/11/2025 to:30/11/2025.',
      '• Tệp CSV (UTF-8), cũ trước mới sau, chỉ các tài khoản cuộc trò chuyện này theo dõi (/accounts).',
    ],
  },
  en: {
    caption: (count, days) => `${count} transactions, ${days}, oldest first.`,
    none: 'No transaction matches, so there is no file.',
    usageTitle: 'Usage: /export [query as for /find]',
    usage: (timeZone) => [
      `• /export: today's transactions, in ${timeZone} time.`,
      '• /export <query>: every transaction /find finds (no limit of 10), e.g. /export from:01/11/2025 to:30/11/2025.',
      '• A CSV file (UTF-8), oldest first, only the accounts this chat follows (/accounts).',
    ],
  },
};

/** The caption of an export: how many rows, and the days from the first to the last. */
export function exportCaptionDoc(count: number, first: string, last: string, ctx: RenderContext): Doc {
  const day = (iso: string) => formatDay(iso, ctx.timeZone, ctx.locale);
  const [from, to] = [day(first), day(last)];
  return [[text(WORDING[ctx.locale].caption(String(count), from === to ? from : `${from} – ${to}`))]];
}

/** Nothing matched: a short answer instead of an empty file. */
export function exportNoneDoc(ctx: RenderContext): Doc {
  return [[text(WORDING[ctx.locale].none)]];
}

/** Why the query was refused, and what /export accepts. */
export function exportErrorDoc(error: FindQueryError, ctx: RenderContext): Doc {
  const w = WORDING[ctx.locale];
  return [[text(findErrorReason(error, ctx))], BLANK, [bold(w.usageTitle)], ...w.usage(ctx.timeZone).map((rule): Line => [text(rule)])];
}
