import type { Locale } from '../../core/locale.js';
import { plural } from '../../render/plural.js';

/** /report's wording. Both languages must have every key. */
interface ReportWording {
  title(period: string): string;
  until(time: string): string;
  none: string;
  incoming(count: number, total: string): string;
  outgoing(count: number, total: string): string;
  incomingTotal(count: number, total: string): string;
  /** The days just before; `sameTime` while the reported period still runs. */
  previous(period: string, sameTime: boolean, count: number, total: string): string;
  notADate: string;
  usageTitle: string;
  usage(timeZone: string): string[];
}

export const WORDING: Readonly<Record<Locale, ReportWording>> = {
  vi: {
    title: (period) => `Báo cáo ${period}`,
    until: (time) => `(đến ${time})`,
    none: 'Không có giao dịch nào.',
    incoming: (count, total) => `vào ${count} khoản ${total}`,
    outgoing: (count, total) => `ra ${count} khoản ${total}`,
    incomingTotal: (count, total) => `Tổng tiền vào: ${total} (${count} khoản)`,
    previous: (period, sameTime, count, total) => `Kỳ trước (${period}${sameTime ? ', đến cùng giờ' : ''}): ${total} (${count} khoản)`,
    notADate: 'Báo cáo chỉ nhận ngày.',
    usageTitle: 'Cách dùng: /report [ngày | from:… to:…]',
    usage: (timeZone) => [
      `• /report: hôm nay đến giờ này, theo giờ ${timeZone}.`,
      '• /report 03/11/2025 hoặc /report 2025-11-03: cả ngày đó.',
      '• /report from:01/11/2025 to:30/11/2025: các ngày đó (tính cả hai ngày).',
      '• Chỉ tính các tài khoản cuộc trò chuyện này theo dõi (/accounts); số liệu khớp với /find cùng ngày.',
    ],
  },
  en: {
    title: (period) => `Report for ${period}`,
    until: (time) => `(up to ${time})`,
    none: 'No transactions.',
    incoming: (count, total) => `in ${plural(count, 'payment', 'payments')} ${total}`,
    outgoing: (count, total) => `out ${plural(count, 'payment', 'payments')} ${total}`,
    incomingTotal: (count, total) => `Money in: ${total} (${plural(count, 'payment', 'payments')})`,
    previous: (period, sameTime, count, total) =>
      `Before (${period}${sameTime ? ', to the same time' : ''}): ${total} (${plural(count, 'payment', 'payments')})`,
    notADate: 'A report takes dates only.',
    usageTitle: 'Usage: /report [date | from:… to:…]',
    usage: (timeZone) => [
      `• /report: today so far, in ${timeZone} time.`,
      '• /report 03/11/2025 or /report 2025-11-03: that whole day.',
      '• /report from:01/11/2025 to:30/11/2025: those days (both included).',
      '• Only the accounts this chat follows (/accounts); the figures agree with /find for the same days.',
    ],
  },
};
