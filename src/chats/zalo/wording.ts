import type { Locale } from '../../core/locale.js';
import { code, text, type Doc } from '../../render/doc.js';

/** What only Zalo says, in the bot's language (LOCALE) or the asking chat's. Both languages must have every key. */
interface ZaloWording {
  /** Before the chat's id, to a chat not allowed (yet). */
  chatId: string;
  hint: string;
  /** Under a /qr request sent as text. */
  noImage: string;
  /** Under a file's caption: Zalo's bots cannot send files. */
  noFiles: string;
}

const WORDING: Readonly<Record<Locale, ZaloWording>> = {
  vi: {
    chatId: 'ID của cuộc trò chuyện Zalo này:',
    hint: 'Thêm ID này vào ZALO_CHAT_IDS để nhận thông báo và dùng lệnh ở đây.',
    noImage: 'Ảnh mã QR cần WEB_PUBLIC_URL (và WEB_PORT): Zalo tải ảnh từ địa chỉ đó. Khách vẫn chuyển khoản được với số tài khoản, số tiền và mã thanh toán ở trên.',
    noFiles: 'Bot Zalo không gửi được tệp: dùng /find ở đây, hoặc /export trong Telegram hay Slack.',
  },
  en: {
    chatId: "This Zalo chat's id:",
    hint: 'Add it to ZALO_CHAT_IDS to get alerts and use commands here.',
    noImage: 'The QR image needs WEB_PUBLIC_URL (and WEB_PORT): Zalo fetches images from that address. The customer can still pay with the account, amount and payment code above.',
    noFiles: 'Zalo bots cannot send files: use /find here, or /export in Telegram or Slack.',
  },
};

/** The whole answer to a chat not allowed: its id, as ZALO_CHAT_IDS takes it, and nothing else. */
export function chatIdDoc(chatId: string, locale: Locale): Doc {
  const w = WORDING[locale];
  return [[text(`${w.chatId} `), code(chatId)], [text(w.hint)]];
}

/** The line under a /qr request sent as text. */
export const noImageLine = (locale: Locale) => [text(WORDING[locale].noImage)];

/** The line under a file's caption. */
export const noFilesLine = (locale: Locale) => [text(WORDING[locale].noFiles)];
