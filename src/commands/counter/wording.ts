import type { Locale } from '../../core/locale.js';

/** /counter's wording. Both languages must have every key. */
export interface CounterCommandWording {
  /** The first line above a new or existing link. */
  link: string;
  /** What the link is for and how to use it, after it. */
  how: readonly string[];
  /** Anyone with the link sees this chat's payments. */
  warning: string;
  revoked: string;
  noLink: string;
  /** WEB_PORT is not set: the bot serves no pages. */
  noWeb: string;
  notTarget: string;
  usage: string;
  saveFailed: string;
}

export const WORDING: Readonly<Record<Locale, CounterCommandWording>> = {
  vi: {
    link: '📺 Màn hình quầy của cuộc trò chuyện này:',
    how: [
      'Mở liên kết trên điện thoại hoặc máy tính bảng đặt ở quầy: tiền vào hiện lên to và được đọc thành tiếng, mã /qr hiện cho khách quét.',
      'Chạm vào màn hình một lần để bật âm thanh.',
    ],
    warning: 'Ai có liên kết này đều xem được tiền vào của cuộc trò chuyện này. Gõ /counter off để thu hồi.',
    revoked: 'Đã thu hồi liên kết màn hình quầy; màn hình đang mở sẽ báo như vậy. Gõ /counter để có liên kết mới.',
    noLink: 'Cuộc trò chuyện này chưa có liên kết màn hình quầy. Gõ /counter để tạo.',
    noWeb: 'Màn hình quầy cần WEB_PORT (và thường là WEB_PUBLIC_URL) trong cấu hình của bot. Hãy nhờ người quản trị bot bật lên.',
    notTarget: 'Cuộc trò chuyện này không nhận thông báo nên không có màn hình quầy.',
    usage: 'Cách dùng: /counter (liên kết màn hình quầy) hoặc /counter off (thu hồi liên kết).',
    saveFailed: 'Không lưu được lúc này; không có gì thay đổi. Vui lòng thử lại sau.',
  },
  en: {
    link: "📺 This chat's counter screen:",
    how: [
      'Open the link on a phone or tablet at the till: payments show up big and are read aloud, and a /qr code shows for the customer to scan.',
      'Tap the screen once to turn on sound.',
    ],
    warning: "Anyone with this link sees this chat's incoming payments. Type /counter off to revoke it.",
    revoked: 'The counter screen link is revoked; a screen that has it open says so. Type /counter for a new one.',
    noLink: 'This chat has no counter screen link. Type /counter to make one.',
    noWeb: "The counter screen needs WEB_PORT (and usually WEB_PUBLIC_URL) in the bot's configuration. Ask whoever runs the bot to set it.",
    notTarget: 'This chat gets no alerts, so it has no counter screen.',
    usage: 'Usage: /counter (the counter screen link) or /counter off (revoke the link).',
    saveFailed: 'Could not save this right now; nothing changed. Please try again later.',
  },
};
