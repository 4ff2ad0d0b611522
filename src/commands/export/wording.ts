import type { Locale } from '../../core/locale.js';

/** /export's wording. Both languages must have every key. */
interface ExportWording {
  caption(count: string, days: string): string;
  none: string;
  usageTitle: string;
  usage(timeZone: string): string[];
}

export const WORDING: Readonly<Record<Locale, ExportWording>> = {
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
