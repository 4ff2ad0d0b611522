import type { Locale } from '../core/locale.js';
import type { PaymentCheck } from '../core/payment-check.js';
import { accountTail } from './alert.js';
import { bold, code, italic, text, verbatim, type Doc, type Line, type Span } from './doc.js';
import { formatDong } from './format-money.js';
import { formatTime } from './format-time.js';
import { messagesFor, type RenderContext } from './messages.js';
import { truncateText } from './truncate.js';

/** The wording of a /check answer: /check makes it, delivery keeps it current. */
interface CheckWording {
  paid(amount: string): string;
  waiting(amount: string, until: string): string;
  waitingHint: string;
  missed(amount: string, until: string): string;
  words: string;
  time: string;
  sender: string;
  content: string;
  account: string;
}

const WORDING: Readonly<Record<Locale, CheckWording>> = {
  vi: {
    paid: (amount) => `✅ Đã nhận ${amount}`,
    waiting: (amount, until) => `⏳ Chưa thấy ${amount}, đang chờ đến ${until}`,
    waitingHint: 'Tin này được sửa ngay khi tiền về.',
    missed: (amount, until) => `❌ Đã chờ đến ${until}, chưa nhận được ${amount}`,
    words: 'Từ khoá',
    time: 'Lúc',
    sender: 'Người chuyển',
    content: 'Nội dung',
    account: 'Tài khoản',
  },
  en: {
    paid: (amount) => `✅ Received ${amount}`,
    waiting: (amount, until) => `⏳ ${amount} not seen yet, waiting until ${until}`,
    waitingHint: 'This message changes the moment the money arrives.',
    missed: (amount, until) => `❌ ${amount} not received (waited until ${until})`,
    words: 'Words',
    time: 'Time',
    sender: 'From',
    content: 'Content',
    account: 'Account',
  },
};

const MAX_FIELD_CHARS = 200;
/** A content longer than any bank's is cut: the answer is one message, edited in place. */
const MAX_CONTENT_CHARS = 1_000;
const field = (label: string, ...value: Span[]): Span[] => [text(`${label}:\u00a0`), ...value];

/**
 * A /check answer as it stands: where it is on top, with the amount claimed and the words asked
 * (so that a message sent anew, where a chat cannot edit, still names what it answers); once paid,
 * that payment's time, sender when known, content and account (its last digits under /privacy),
 * and nothing else: no balance, no other payment. Content and sender are the payer's words, shown
 * literally.
 */
export function paymentCheckDoc(check: PaymentCheck, ctx: RenderContext): Doc {
  const w = WORDING[ctx.locale];
  // A check lives minutes: the time of day says enough.
  const time = (iso: string) => formatTime(iso, ctx.timeZone, ctx.locale, 'none');
  const amount = formatDong(check.amount);
  const lines: Line[] = [];
  const { payment } = check;
  if (check.status === 'paid' && payment !== null) lines.push([bold(w.paid(amount))]);
  else if (check.status === 'missed') lines.push([bold(w.missed(amount, time(check.expiresAt)))]);
  else lines.push([bold(w.waiting(amount, time(check.expiresAt)))]);
  if (check.asked.trim() !== '') lines.push(field(w.words, verbatim(truncateText(check.asked.trim(), MAX_FIELD_CHARS))));
  if (check.status === 'waiting') lines.push([italic(w.waitingHint)]);
  if (check.status !== 'paid' || payment === null) return lines;
  lines.push(field(w.time, text(time(payment.at))));
  const sender = payment.sender?.trim();
  if (sender) lines.push(field(w.sender, verbatim(truncateText(sender, MAX_FIELD_CHARS))));
  const content = truncateText(payment.content.trim(), MAX_CONTENT_CHARS);
  lines.push(field(w.content, content === '' ? italic(messagesFor(ctx.locale).alert.emptyContent) : verbatim(content)));
  lines.push(field(w.account, code(ctx.privacy === true ? accountTail(payment.accountNumber) : truncateText(payment.accountNumber, MAX_FIELD_CHARS))));
  return lines;
}
