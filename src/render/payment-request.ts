import type { PaymentRequest } from '../core/payment-request.js';
import { accountTail } from './alert.js';
import { bold, code, italic, text, verbatim, type Doc, type Line, type Span } from './doc.js';
import { formatDong } from './format-money.js';
import { formatTime } from './format-time.js';
import type { Locale } from '../core/locale.js';
import type { RenderContext } from './messages.js';
import { truncateText } from './truncate.js';

/** The wording of a payment request's caption (Telegram) or message (Slack): /qr makes it, the editor keeps it current. */
interface QrWording {
  title: string;
  paid(received: string, time: string): string;
  /** Paid by a named sender: the words before and after the name, which is a span of its own. */
  paidBy(received: string, time: string): [before: string, after: string];
  underpaid(received: string, expected: string): string;
  expired(time: string): string;
  expiredUnderpaid(received: string, expected: string, time: string): string;
  amount: string;
  bank: string;
  account: string;
  code: string;
  note: string;
  expires: string;
  scan: string;
}

const WORDING: Readonly<Record<Locale, QrWording>> = {
  vi: {
    title: '🧾 Yêu cầu thanh toán',
    paid: (received, time) => `✅ Đã nhận ${received} lúc ${time}`,
    paidBy: (received, time) => [`✅ Đã nhận ${received} từ `, ` lúc ${time}`],
    underpaid: (received, expected) => `⚠️ Mới nhận ${received} / ${expected}: còn thiếu, vẫn chờ phần còn lại`,
    expired: (time) => `⌛ Đã hết hạn lúc ${time}, chưa nhận được tiền`,
    expiredUnderpaid: (received, expected, time) => `⌛ Đã hết hạn lúc ${time}: chỉ nhận ${received} / ${expected}`,
    amount: 'Số tiền',
    bank: 'Ngân hàng',
    account: 'Tài khoản',
    code: 'Mã thanh toán',
    note: 'Ghi chú',
    expires: 'Hết hạn',
    scan: 'Quét bằng ứng dụng ngân hàng, giữ nguyên nội dung chuyển khoản.',
  },
  en: {
    title: '🧾 Payment request',
    paid: (received, time) => `✅ Received ${received} at ${time}`,
    paidBy: (received, time) => [`✅ Received ${received} from `, ` at ${time}`],
    underpaid: (received, expected) => `⚠️ Received ${received} of ${expected}: short, still waiting for the rest`,
    expired: (time) => `⌛ Expired at ${time}, nothing received`,
    expiredUnderpaid: (received, expected, time) => `⌛ Expired at ${time}: only ${received} of ${expected} received`,
    amount: 'Amount',
    bank: 'Bank',
    account: 'Account',
    code: 'Payment code',
    note: 'Note',
    expires: 'Expires',
    scan: 'Scan with any banking app; keep the transfer content as it is.',
  },
};

const MAX_FIELD_CHARS = 200;
const field = (label: string, ...value: Span[]): Span[] => [text(`${label}:\u00a0`), ...value];
const shownAccount = (accountNumber: string, ctx: RenderContext) => (ctx.privacy === true ? accountTail(accountNumber) : accountNumber);

/** The line on top that says where the request stands. */
function statusLine(request: PaymentRequest, ctx: RenderContext): Line {
  const w = WORDING[ctx.locale];
  // A request lives minutes, not days: the time of day says enough.
  const time = (iso: string) => formatTime(iso, ctx.timeZone, ctx.locale, 'none');
  const received = formatDong(request.received);
  const expected = formatDong(request.amount);
  switch (request.status) {
    case 'open':
      return [bold(w.title)];
    case 'underpaid':
      return [bold(w.underpaid(received, expected))];
    case 'paid': {
      const last = request.payments.at(-1);
      const at = time(last?.at ?? request.expiresAt);
      const sender = last?.sender?.trim();
      if (!sender) return [bold(w.paid(received, at))];
      // The sender's name is as their bank wrote it: shown verbatim, never a mention or link.
      const [before, after] = w.paidBy(received, at);
      return [bold(before), verbatim(truncateText(sender, MAX_FIELD_CHARS)), bold(after)];
    }
    case 'expired':
      return [bold(request.received > 0 ? w.expiredUnderpaid(received, expected, time(request.expiresAt)) : w.expired(time(request.expiresAt)))];
  }
}

/**
 * A request's caption (Telegram) or status message (Slack), as it stands: where it is on
 * top, then amount, bank, account (under the chat's privacy), code, note, and while it is
 * open its expiry and how to pay. The note is the cashier's, shown literally.
 */
export function paymentRequestDoc(request: PaymentRequest, ctx: RenderContext): Doc {
  const w = WORDING[ctx.locale];
  const lines: Line[] = [
    statusLine(request, ctx),
    field(w.amount, bold(formatDong(request.amount))),
    field(w.bank, text(truncateText(request.bank, MAX_FIELD_CHARS))),
    field(w.account, code(shownAccount(request.accountNumber, ctx))),
    field(w.code, code(request.code)),
  ];
  if (request.note.trim() !== '') lines.push(field(w.note, text(truncateText(request.note, MAX_FIELD_CHARS))));
  if (request.status === 'open' || request.status === 'underpaid') {
    lines.push(field(w.expires, text(formatTime(request.expiresAt, ctx.timeZone, ctx.locale, 'none'))));
    lines.push([italic(w.scan)]);
  }
  return lines;
}
