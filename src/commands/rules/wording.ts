import type { Locale } from '../../core/locale.js';
import type { RuleCommand } from './parse-rule.js';

/** The wording of /settings and the rule commands. Both languages must have every key. */
interface RulesWording {
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
  /** `/ack` in a chat whose messages carry no buttons (Zalo). */
  noButtons: string;
  /** The acknowledge button's line of `/settings` there. */
  noButtonsValue: string;
  saveFailed: string;
  someone: string;
}

export const WORDING: Readonly<Record<Locale, RulesWording>> = {
  vi: {
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
    noButtons: 'Cuộc trò chuyện này không có nút: thông báo ở đây không bao giờ kèm nút xác nhận, nên /ack không có gì để bật hay tắt.',
    noButtonsValue: 'không có (không có nút ở đây)',
    saveFailed: 'Không lưu được cài đặt lúc này; không có gì thay đổi. Vui lòng thử lại sau.',
    someone: 'Ai đó',
  },
  en: {
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
    noButtons: 'This chat has no buttons: alerts here never carry the acknowledge button, so /ack has nothing to turn on or off.',
    noButtonsValue: 'none (no buttons in this chat)',
    saveFailed: 'Could not save the settings right now; nothing changed. Please try again later.',
    someone: 'Someone',
  },
};
