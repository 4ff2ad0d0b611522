import { z } from 'zod';
import type { FindFilter } from '../commands/find/query.js';

/** Language of alerts and answers (`LOCALE`). */
export const Locale = z.enum(['vi', 'en']);
export type Locale = z.infer<typeof Locale>;

/** What every doc builder needs to know about the reader. */
export interface RenderContext {
  /** IANA zone times are shown in (`TZ_DISPLAY`). */
  timeZone: string;
  locale: Locale;
  /** Account numbers cut to their last digits, no balances, no counterparty accounts (`/privacy on`). */
  privacy?: boolean;
}

/** The bot's context as one chat wants it: its own language and privacy, when it set them. */
export function lookedAs(ctx: RenderContext, look: { locale: Locale | null; privacy: boolean } | undefined): RenderContext {
  if (look === undefined) return ctx;
  return { ...ctx, locale: look.locale ?? ctx.locale, privacy: look.privacy };
}

/**
 * Every fixed wording the bot uses. Both catalogues are typed by this one interface, so a key
 * missing from either language does not compile. Dynamic parts (amounts, times) arrive already
 * formatted; the builders in alert.ts, balance.ts, find-result.ts and help.ts place them.
 */
export interface Messages {
  alert: {
    titleIn: string;
    titleOut: string;
    amount: string;
    content: string;
    emptyContent: string;
    account: string;
    bank: string;
    time: string;
    reference: string;
    paymentCode: string;
    provider: string;
    counterpartyIn: string;
    counterpartyOut: string;
  };
  digest: {
    header(count: number, total: string): string;
  };
  balance: {
    header: string;
    readAt(time: string): string;
    unknown: string;
    unavailable(provider: string, reason: string): string;
    total(accounts: number, amount: string): string;
    noAccounts: string;
  };
  find: {
    results(total: number, shown: number): string;
    noResults: string;
    usage: {
      title: string;
      rules(timeZone: string): string[];
      examplesTitle: string;
      examples: string[];
    };
    errors: {
      empty: string;
      badDate(token: string): string;
      badAccount(token: string): string;
      badRange(from: string, to: string): string;
      repeated(filter: FindFilter): string;
      tooLong(limit: number): string;
    };
  };
  help: {
    intro: string[];
    commands: { command: string; description: string; telegramOnly: boolean }[];
  };
  start: {
    chatId: string;
    hint: string;
  };
  refusal: string;
}

const vi: Messages = {
  alert: {
    titleIn: 'Tiền vào',
    titleOut: 'Tiền ra',
    amount: 'Số tiền',
    content: 'Nội dung',
    emptyContent: '(không có nội dung)',
    account: 'Tài khoản',
    bank: 'Ngân hàng',
    time: 'Thời gian',
    reference: 'Mã tham chiếu',
    paymentCode: 'Mã thanh toán',
    provider: 'Nguồn',
    counterpartyIn: 'Người chuyển',
    counterpartyOut: 'Người nhận',
  },
  digest: {
    header: (count, total) => `${count} khoản tiền vào, tổng ${total}`,
  },
  balance: {
    header: 'Số dư tài khoản',
    readAt: (time) => `đọc lúc ${time}`,
    unknown: 'không rõ số dư',
    unavailable: (provider, reason) => `Không lấy được dữ liệu từ ${provider}: ${reason}`,
    total: (accounts, amount) => `Tổng ${accounts} tài khoản: ${amount}`,
    noAccounts: 'Không có tài khoản nào đang được theo dõi.',
  },
  find: {
    results: (total, shown) =>
      total > shown ? `Tìm thấy ${total} giao dịch, hiển thị ${shown} giao dịch mới nhất:` : `Tìm thấy ${total} giao dịch:`,
    noResults: 'Không tìm thấy giao dịch nào.',
    usage: {
      title: 'Cách dùng: /find <từ khoá, số tiền, ngày…>',
      rules: (timeZone) => [
        '• Chữ: tìm trong nội dung, không phân biệt hoa thường hay dấu: chuyen tien tìm được “Chuyển tiền”. Cả cụm: "chuyen tien".',
        '• Số tiền (đúng số, cả tiền vào lẫn tiền ra): 500000, 500.000, 500,000, 500k, 1.5tr, 1,5tr, 1tr5 (= 1.500.000), 2m, 2 triệu.',
        '• Số viết liền không dấu chấm chỉ là số tiền khi chẵn nghìn (500000, 2000); số khác như 2025, 1234 hay mã đơn DH1042 được tìm trong nội dung. Số tiền lẻ thì viết 123.456.',
        `• Ngày: 2025-11-03 hoặc 03/11/2025 (ngày/tháng/năm), theo giờ ${timeZone}.`,
        '• Khoảng ngày: from:01/11/2025 to:30/11/2025 (tính cả hai ngày; cũng viết được từ: và đến:).',
        '• Tài khoản: acc:1234 — số tài khoản kết thúc bằng 1234.',
        '• Nhiều điều kiện thì giao dịch phải khớp tất cả; nhiều số tiền thì khớp một trong các số.',
      ],
      examplesTitle: 'Ví dụ:',
      examples: ['/find DH1042', '/find 500k from:01/11/2025', '/find chuyen tien acc:6789', '/find 1tr5 03/11/2025'],
    },
    errors: {
      empty: 'Hãy cho biết cần tìm gì.',
      badDate: (token) => `Ngày không hợp lệ: ${token}`,
      badAccount: (token) => `Số tài khoản không hợp lệ: ${token} (chỉ gồm chữ số, ví dụ acc:6789)`,
      badRange: (from, to) => `Ngày bắt đầu ${from} sau ngày kết thúc ${to}.`,
      tooLong: (limit) => `Nội dung tìm quá dài: tối đa ${limit} ký tự.`,
      repeated: (filter) =>
        filter === 'acc'
          ? 'Chỉ dùng một acc: mỗi lần tìm.'
          : filter === 'day'
            ? 'Chỉ dùng một ngày; để tìm nhiều ngày hãy dùng from: và to:.'
            : `Chỉ dùng một ${filter}: mỗi lần tìm.`,
    },
  },
  help: {
    intro: [
      'bankbell báo vào đây mỗi khi có tiền vào tài khoản ngân hàng được theo dõi (qua Casso, SePay), mỗi giao dịch đúng một lần.',
      'Các lệnh:',
    ],
    commands: [
      { command: '/balance', description: 'số dư các tài khoản đang theo dõi', telegramOnly: false },
      { command: '/find <truy vấn>', description: 'tìm giao dịch; gõ /find để xem cách viết truy vấn', telegramOnly: false },
      { command: '/help', description: 'hướng dẫn này', telegramOnly: false },
      { command: '/start', description: 'hướng dẫn này và ID của cuộc trò chuyện', telegramOnly: true },
    ],
  },
  start: {
    chatId: 'ID của cuộc trò chuyện này:',
    hint: 'Thêm ID này vào TELEGRAM_CHAT_IDS để nhận thông báo và dùng lệnh ở đây.',
  },
  refusal: 'Cuộc trò chuyện này không được phép dùng bot.',
};

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

const en: Messages = {
  alert: {
    titleIn: 'Money in',
    titleOut: 'Money out',
    amount: 'Amount',
    content: 'Content',
    emptyContent: '(no content)',
    account: 'Account',
    bank: 'Bank',
    time: 'Time',
    reference: 'Reference',
    paymentCode: 'Payment code',
    provider: 'Provider',
    counterpartyIn: 'From',
    counterpartyOut: 'To',
  },
  digest: {
    header: (count, total) => `${plural(count, 'payment', 'payments')}, total ${total}`,
  },
  balance: {
    header: 'Account balances',
    readAt: (time) => `read at ${time}`,
    unknown: 'balance unknown',
    unavailable: (provider, reason) => `${provider} unavailable: ${reason}`,
    total: (accounts, amount) => `Total of ${plural(accounts, 'account', 'accounts')}: ${amount}`,
    noAccounts: 'No accounts are being watched.',
  },
  find: {
    results: (total, shown) =>
      total > shown ? `${plural(total, 'result', 'results')}, showing newest ${shown}:` : `${plural(total, 'result', 'results')}:`,
    noResults: 'No results.',
    usage: {
      title: 'Usage: /find <words, amount, date…>',
      rules: (timeZone) => [
        '• Words: searched in the content, ignoring case and accents: chuyen tien finds “Chuyển tiền”. A phrase: "chuyen tien".',
        '• Amount (exact, money in or out): 500000, 500.000, 500,000, 500k, 1.5tr, 1,5tr, 1tr5 (= 1,500,000), 2m, 2 triệu.',
        '• A plain number is an amount only when it is whole thousands (500000, 2000); others such as 2025, 1234 or order code DH1042 are searched in the content. Write an odd amount as 123.456.',
        `• Date: 2025-11-03 or 03/11/2025 (day/month/year), in ${timeZone} time.`,
        '• Range: from:01/11/2025 to:30/11/2025 (both days included).',
        '• Account: acc:1234 — account numbers ending in 1234.',
        '• With several conditions a transaction must meet all; with several amounts, any one.',
      ],
      examplesTitle: 'Examples:',
      examples: ['/find DH1042', '/find 500k from:01/11/2025', '/find chuyen tien acc:6789', '/find 1tr5 03/11/2025'],
    },
    errors: {
      empty: 'Say what to look for.',
      badDate: (token) => `Not a valid date: ${token}`,
      badAccount: (token) => `Not a valid account: ${token} (digits only, e.g. acc:6789)`,
      badRange: (from, to) => `The range starts (${from}) after it ends (${to}).`,
      tooLong: (limit) => `The search is too long: at most ${limit} characters.`,
      repeated: (filter) =>
        filter === 'acc'
          ? 'Use acc: once per search.'
          : filter === 'day'
            ? 'Give one date; for several days use from: and to:.'
            : `Use ${filter}: once per search.`,
    },
  },
  help: {
    intro: [
      'bankbell posts here whenever money arrives in a watched bank account (via Casso, SePay), once per transaction.',
      'Commands:',
    ],
    commands: [
      { command: '/balance', description: 'balances of the watched accounts', telegramOnly: false },
      { command: '/find <query>', description: 'search transactions; send /find alone for how to write a query', telegramOnly: false },
      { command: '/help', description: 'this help', telegramOnly: false },
      { command: '/start', description: 'this help and the id of this chat', telegramOnly: true },
    ],
  },
  start: {
    chatId: "This chat's id:",
    hint: 'Add it to TELEGRAM_CHAT_IDS to get alerts and use commands here.',
  },
  refusal: 'This chat is not allowed to use this bot.',
};

const CATALOGUES: Readonly<Record<Locale, Messages>> = { vi, en };

export function messagesFor(locale: Locale): Messages {
  return CATALOGUES[locale];
}
