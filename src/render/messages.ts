import { z } from 'zod';
import type { FindFilter } from '../commands/find/query.js';
import type { RuleCommand } from '../commands/rules/parse-rule.js';
import type { AlertLook } from '../core/chat-sender.js';
import type { ProviderError } from '../core/provider-errors.js';

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
  /** The /qr request a payment answered (see AlertLook), named in its alert. */
  requestOf?: AlertLook['requestOf'];
}

/** The bot's context as one chat wants it: its own language and privacy, when it set them. */
export function lookedAs(ctx: RenderContext, look: AlertLook | undefined): RenderContext {
  if (look === undefined) return ctx;
  return { ...ctx, locale: look.locale ?? ctx.locale, privacy: look.privacy, requestOf: look.requestOf };
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
    /** A digest with money out too (`/alerts out|all`): the total is the net movement. */
    mixedHeader(count: number, net: string): string;
  };
  balance: {
    header: string;
    readAt(time: string): string;
    unknown: string;
    unavailable(provider: string, reason: string): string;
    /** Why a provider could not be read, by kind: short and fixed (the log has the details). */
    failures: Record<ProviderError['code'], string>;
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
  report: {
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
  };
  test: {
    /** The first line of a /test sample, so nobody takes it for a payment. */
    mark: string;
    note: string;
    content: string;
    counterparty: string;
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
  /** A command could not be answered (a provider or the chat failed); the log says why. */
  commandFailed: string;
  rules: {
    title: string;
    /** One label per rule, as `/settings` lists them. */
    labels: Record<RuleCommand, string>;
    all: string;
    on: string;
    off: string;
    directions: { in: string; out: string; all: string };
    /** `/lang` left at the bot's `LOCALE`. */
    langDefault(locale: string): string;
    /** The echo of a change: the words after the name of who made it. */
    changedBy: string;
    /** What a rule command accepts, shown after a bad value and for the command alone. */
    usage: Record<RuleCommand, string>;
    bad(value: string): string;
    notAdmin: string;
    saveFailed: string;
    someone: string;
  };
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
    mixedHeader: (count, net) => `${count} giao dịch, chênh lệch ${net}`,
  },
  balance: {
    header: 'Số dư tài khoản',
    readAt: (time) => `đọc lúc ${time}`,
    unknown: 'không rõ số dư',
    unavailable: (provider, reason) => `Không lấy được dữ liệu từ ${provider}: ${reason}`,
    failures: {
      auth: 'khóa API bị từ chối',
      rate_limited: 'đang bị giới hạn số lần gọi, thử lại sau ít phút',
      server: 'máy chủ đang gặp lỗi',
      network: 'không kết nối được',
      bad_response: 'trả lời không đúng định dạng',
      api: 'báo lỗi',
    },
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
  report: {
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
  test: {
    mark: '🧪 THỬ — tin mẫu, không phải giao dịch thật',
    note: 'Thông báo thật sẽ trông như trên.',
    content: 'NGUYEN VAN A chuyen tien DH0001',
    counterparty: 'NGUYEN VAN A',
  },
  help: {
    intro: [
      'bankbell báo vào đây mỗi khi có tiền vào tài khoản ngân hàng được theo dõi (qua Casso, SePay), mỗi giao dịch đúng một lần.',
      'Các lệnh:',
    ],
    commands: [
      { command: '/balance', description: 'số dư các tài khoản đang theo dõi', telegramOnly: false },
      { command: '/find <truy vấn>', description: 'tìm giao dịch; gõ /find để xem cách viết truy vấn', telegramOnly: false },
      { command: '/report [ngày]', description: 'tiền vào, tiền ra trong ngày theo từng tài khoản', telegramOnly: false },
      { command: '/export [truy vấn]', description: 'tệp CSV các giao dịch /find tìm được (mặc định: hôm nay)', telegramOnly: false },
      { command: '/test', description: 'gửi một thông báo mẫu (THỬ) để xem thông báo trông thế nào', telegramOnly: false },
      { command: '/qr <số tiền> [acc:<số cuối>] [ghi chú]', description: 'mã VietQR để khách quét; tin nhắn chuyển ✅ khi tiền về thật', telegramOnly: false },
      { command: '/settings', description: 'cài đặt của cuộc trò chuyện này', telegramOnly: false },
      { command: '/accounts <tài khoản…|all>', description: 'chỉ báo và tra cứu các tài khoản này', telegramOnly: false },
      { command: '/min <số tiền|off>', description: 'chỉ báo giao dịch từ số tiền này', telegramOnly: false },
      { command: '/alerts <in|out|all>', description: 'báo tiền vào, tiền ra hay cả hai', telegramOnly: false },
      { command: '/quiet <HH:MM-HH:MM|off>', description: 'giờ yên lặng; tin đến trong giờ đó được gửi gộp khi hết giờ', telegramOnly: false },
      { command: '/privacy <on|off>', description: 'ẩn số dư và chỉ hiện 4 số cuối tài khoản', telegramOnly: false },
      { command: '/ack <on|off>', description: 'nút xác nhận trên thông báo', telegramOnly: false },
      { command: '/summary <HH:MM|off>', description: 'tổng kết hằng ngày vào giờ này', telegramOnly: false },
      { command: '/ops <on|off>', description: 'thông báo vận hành của bot', telegramOnly: false },
      { command: '/lang <vi|en>', description: 'ngôn ngữ của cuộc trò chuyện này', telegramOnly: false },
      { command: '/help', description: 'hướng dẫn này', telegramOnly: false },
      { command: '/start', description: 'hướng dẫn này và ID của cuộc trò chuyện', telegramOnly: true },
    ],
  },
  start: {
    chatId: 'ID của cuộc trò chuyện này:',
    hint: 'Thêm ID này vào TELEGRAM_CHAT_IDS để nhận thông báo và dùng lệnh ở đây.',
  },
  refusal: 'Cuộc trò chuyện này không được phép dùng bot.',
  commandFailed: 'Không trả lời được lúc này, vui lòng thử lại sau.',
  rules: {
    title: 'Cài đặt của cuộc trò chuyện này',
    labels: {
      accounts: 'Tài khoản',
      min: 'Số tiền tối thiểu',
      alerts: 'Báo giao dịch',
      quiet: 'Giờ yên lặng',
      privacy: 'Riêng tư',
      ack: 'Nút xác nhận',
      summary: 'Tổng kết hằng ngày',
      ops: 'Thông báo vận hành',
      lang: 'Ngôn ngữ',
    },
    all: 'tất cả',
    on: 'bật',
    off: 'tắt',
    directions: { in: 'tiền vào', out: 'tiền ra', all: 'tiền vào và tiền ra' },
    langDefault: (locale) => `${locale} (mặc định)`,
    changedBy: ' đã đổi cài đặt:',
    usage: {
      accounts: '/accounts <số tài khoản hoặc vài số cuối…> hoặc /accounts all, ví dụ /accounts 6789 0123456789',
      min: '/min <số tiền> hoặc /min off, ví dụ /min 500k, /min 1tr5',
      alerts: '/alerts in (tiền vào), /alerts out (tiền ra) hoặc /alerts all (cả hai)',
      quiet: '/quiet HH:MM-HH:MM hoặc /quiet off, ví dụ /quiet 22:00-07:00',
      privacy: '/privacy on hoặc /privacy off',
      ack: '/ack on hoặc /ack off',
      summary: '/summary HH:MM hoặc /summary off, ví dụ /summary 21:00',
      ops: '/ops on hoặc /ops off',
      lang: '/lang vi hoặc /lang en',
    },
    bad: (value) => `Không hiểu giá trị “${value}”. Cách dùng:`,
    notAdmin: 'Chỉ quản trị viên của cuộc trò chuyện mới được đổi cài đặt.',
    saveFailed: 'Không lưu được cài đặt lúc này; không có gì thay đổi. Vui lòng thử lại sau.',
    someone: 'Ai đó',
  },
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
    mixedHeader: (count, net) => `${plural(count, 'transaction', 'transactions')}, net ${net}`,
  },
  balance: {
    header: 'Account balances',
    readAt: (time) => `read at ${time}`,
    unknown: 'balance unknown',
    unavailable: (provider, reason) => `${provider} unavailable: ${reason}`,
    failures: {
      auth: 'the API key was rejected',
      rate_limited: 'rate limited, try again in a minute',
      server: 'server error',
      network: 'cannot connect',
      bad_response: 'unexpected answer',
      api: 'it reported an error',
    },
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
  report: {
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
  test: {
    mark: '🧪 TEST — a sample, not a real payment',
    note: 'A real alert will look like the one above.',
    content: 'NGUYEN VAN A chuyen tien DH0001',
    counterparty: 'NGUYEN VAN A',
  },
  help: {
    intro: [
      'bankbell posts here whenever money arrives in a watched bank account (via Casso, SePay), once per transaction.',
      'Commands:',
    ],
    commands: [
      { command: '/balance', description: 'balances of the watched accounts', telegramOnly: false },
      { command: '/find <query>', description: 'search transactions; send /find alone for how to write a query', telegramOnly: false },
      { command: '/report [date]', description: "the day's money in and out per account", telegramOnly: false },
      { command: '/export [query]', description: 'a CSV file of every transaction /find finds (default: today)', telegramOnly: false },
      { command: '/test', description: 'post a sample alert (TEST) to see what alerts look like', telegramOnly: false },
      { command: '/qr <amount> [acc:<last digits>] [note]', description: 'a VietQR code for the customer; the message turns ✅ when the money is really in', telegramOnly: false },
      { command: '/settings', description: "this chat's settings", telegramOnly: false },
      { command: '/accounts <accounts…|all>', description: 'alert and look up only these accounts', telegramOnly: false },
      { command: '/min <amount|off>', description: 'alert only payments of at least this amount', telegramOnly: false },
      { command: '/alerts <in|out|all>', description: 'alert money in, money out, or both', telegramOnly: false },
      { command: '/quiet <HH:MM-HH:MM|off>', description: 'quiet hours; what arrives then is sent as one digest when they end', telegramOnly: false },
      { command: '/privacy <on|off>', description: 'hide balances, show accounts by their last 4 digits', telegramOnly: false },
      { command: '/ack <on|off>', description: 'the acknowledge button on alerts', telegramOnly: false },
      { command: '/summary <HH:MM|off>', description: 'a daily summary at this time', telegramOnly: false },
      { command: '/ops <on|off>', description: "the bot's service notices", telegramOnly: false },
      { command: '/lang <vi|en>', description: 'language of this chat', telegramOnly: false },
      { command: '/help', description: 'this help', telegramOnly: false },
      { command: '/start', description: 'this help and the id of this chat', telegramOnly: true },
    ],
  },
  start: {
    chatId: "This chat's id:",
    hint: 'Add it to TELEGRAM_CHAT_IDS to get alerts and use commands here.',
  },
  refusal: 'This chat is not allowed to use this bot.',
  commandFailed: 'Could not answer right now; please try again later.',
  rules: {
    title: "This chat's settings",
    labels: {
      accounts: 'Accounts',
      min: 'Minimum amount',
      alerts: 'Alerts for',
      quiet: 'Quiet hours',
      privacy: 'Privacy',
      ack: 'Acknowledge button',
      summary: 'Daily summary',
      ops: 'Service notices',
      lang: 'Language',
    },
    all: 'all',
    on: 'on',
    off: 'off',
    directions: { in: 'money in', out: 'money out', all: 'money in and out' },
    langDefault: (locale) => `${locale} (default)`,
    changedBy: ' changed the settings:',
    usage: {
      accounts: '/accounts <account numbers or their last digits…> or /accounts all, e.g. /accounts 6789 0123456789',
      min: '/min <amount> or /min off, e.g. /min 500k, /min 1tr5',
      alerts: '/alerts in, /alerts out or /alerts all',
      quiet: '/quiet HH:MM-HH:MM or /quiet off, e.g. /quiet 22:00-07:00',
      privacy: '/privacy on or /privacy off',
      ack: '/ack on or /ack off',
      summary: '/summary HH:MM or /summary off, e.g. /summary 21:00',
      ops: '/ops on or /ops off',
      lang: '/lang vi or /lang en',
    },
    bad: (value) => `Cannot read “${value}”. Usage:`,
    notAdmin: "Only the chat's administrators may change its settings.",
    saveFailed: 'Could not save the settings right now; nothing changed. Please try again later.',
    someone: 'Someone',
  },
};

const CATALOGUES: Readonly<Record<Locale, Messages>> = { vi, en };

export function messagesFor(locale: Locale): Messages {
  return CATALOGUES[locale];
}
