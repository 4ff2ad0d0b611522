import type { Locale } from '../core/locale.js';

/** What the counter screen says. Both languages must have every key. */
export interface CounterWording {
  /** The page's title (the browser tab, a home-screen shortcut). */
  title: string;
  /** Shown until the first payment comes. */
  waiting: string;
  /** The button that lets the page speak (browsers allow sound only after a tap). */
  allowSound: string;
  /** Said once that tap allowed sound, so the cashier hears that the volume is right. */
  soundOn: string;
  /** The line above the payments before the newest. */
  earlier: string;
  live: string;
  reconnecting: string;
  /** The link was revoked (`/counter off`): the page shows this and nothing else. */
  revoked: string;
  /** Under an open request's QR code. */
  scan: string;
  code: string;
  /** Before the minutes and seconds an open request has left. */
  expiresIn: string;
  /** Under a payment received during the chat's quiet hours, which the page does not say aloud. */
  quiet: string;
  // A request's headline, as the chat's caption says it.
  open: (amount: string) => string;
  underpaid: (received: string, expected: string) => string;
  paid: (received: string) => string;
  expired: string;
}

export const WORDING: Readonly<Record<Locale, CounterWording>> = {
  vi: {
    title: 'Màn hình quầy · bankbell',
    waiting: 'Đang chờ tiền vào…',
    allowSound: '🔊 Chạm để bật âm thanh',
    soundOn: 'Đã bật âm thanh',
    earlier: 'Trước đó',
    live: 'Đang nhận',
    reconnecting: 'Mất kết nối, đang thử lại…',
    revoked: 'Liên kết màn hình quầy này đã bị thu hồi (/counter off). Gõ /counter trong nhóm để có liên kết mới.',
    scan: 'Quét mã bằng ứng dụng ngân hàng',
    code: 'Mã thanh toán',
    expiresIn: 'Hết hạn sau',
    quiet: '🔕 giờ yên lặng',
    open: (amount) => `Thanh toán ${amount}`,
    underpaid: (received, expected) => `⚠️ Mới nhận ${received} / ${expected}`,
    paid: (received) => `✅ Đã nhận ${received}`,
    expired: '⌛ Đã hết hạn',
  },
  en: {
    title: 'Counter screen · bankbell',
    waiting: 'Waiting for payments…',
    allowSound: '🔊 Tap to turn on sound',
    soundOn: 'Sound is on',
    earlier: 'Earlier',
    live: 'Live',
    reconnecting: 'Connection lost, trying again…',
    revoked: 'This counter screen link was revoked (/counter off). Type /counter in the chat for a new one.',
    scan: 'Scan with any banking app',
    code: 'Payment code',
    expiresIn: 'Expires in',
    quiet: '🔕 quiet hours',
    open: (amount) => `Pay ${amount}`,
    underpaid: (received, expected) => `⚠️ Received ${received} of ${expected}`,
    paid: (received) => `✅ Received ${received}`,
    expired: '⌛ Expired',
  },
};
