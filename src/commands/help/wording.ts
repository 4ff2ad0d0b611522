import type { Locale } from '../../core/locale.js';

/** /help's and /start's wording; each command's own line is in its `help`. Both languages must have every key. */
interface HelpWording {
  intro: string[];
  /** /start: before the chat's id. */
  chatId: string;
  hint: string;
}

export const WORDING: Readonly<Record<Locale, HelpWording>> = {
  vi: {
    intro: [
      'bankbell báo vào đây mỗi khi có tiền vào tài khoản ngân hàng được theo dõi (qua Casso, SePay), mỗi giao dịch đúng một lần.',
      'Các lệnh:',
    ],
    chatId: 'ID của cuộc trò chuyện này:',
    hint: 'Thêm ID này vào TELEGRAM_CHAT_IDS để nhận thông báo và dùng lệnh ở đây.',
  },
  en: {
    intro: [
      'bankbell posts here whenever money arrives in a watched bank account (via Casso, SePay), once per transaction.',
      'Commands:',
    ],
    chatId: "This chat's id:",
    hint: 'Add it to TELEGRAM_CHAT_IDS to get alerts and use commands here.',
  },
};
