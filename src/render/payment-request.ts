import type { Account } from '../core/model.js';
import type { PaymentRequest } from '../core/payment-request.js';
import { accountTail } from './alert.js';
import { bold, code, italic, text, verbatim, type Doc, type Line, type Span } from './doc.js';
import { formatDong } from './format-money.js';
import { formatTime } from './format-time.js';
import type { Locale, RenderContext } from './messages.js';
import { truncateText } from './truncate.js';

/** The /qr wording, kept with the messages that use it. */
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
  usage: string[];
  badAmount(word: string): string;
  badAccount(word: string): string;
  noAccount: string;
  noMatch(suffix: string): string;
  chooseAccount: string;
  chooseHint: string;
  noBin(account: string, bank: string): string;
  cannotEncode(account: string): string;
  accountsUnread: string;
  notTarget: string;
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
    usage: [
      'Cách dùng: /qr <số tiền> [acc:<số cuối tài khoản>] [ghi chú]',
      'Ví dụ: /qr 250k bàn 5 · /qr 1tr5 acc:6789 đơn 1042',
    ],
    badAmount: (word) => `"${word}" không phải số tiền. Viết như 250000, 250k, 1tr5, 1.500.000.`,
    badAccount: (word) => `"${word}": sau acc: là các số cuối của tài khoản.`,
    noAccount: 'Cuộc trò chuyện này không theo dõi tài khoản nào có thể nhận tiền.',
    noMatch: (suffix) => `Không có tài khoản nào (trong các tài khoản cuộc trò chuyện này theo dõi) kết thúc bằng ${suffix}.`,
    chooseAccount: 'Cuộc trò chuyện này theo dõi nhiều tài khoản; chọn một bằng acc:<số cuối>:',
    chooseHint: 'Ví dụ: /qr 250k acc:',
    noBin: (account, bank) => `Không tạo được mã QR cho ${account} (${bank}): nhà cung cấp không cho biết mã BIN của ngân hàng.`,
    cannotEncode: (account) => `Không tạo được mã QR cho số tài khoản ${account}.`,
    accountsUnread: 'Không đọc được danh sách tài khoản từ nhà cung cấp lúc này; thử lại sau ít phút.',
    notTarget: 'Cuộc trò chuyện này không nhận thông báo nên không theo dõi được thanh toán.',
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
    usage: ['Usage: /qr <amount> [acc:<last digits>] [note]', 'Example: /qr 250k table 5 · /qr 1.5m acc:6789 order 1042'],
    badAmount: (word) => `"${word}" is not an amount. Write it like 250000, 250k, 1.5m, 1.500.000.`,
    badAccount: (word) => `"${word}": acc: takes the last digits of an account.`,
    noAccount: 'This chat follows no account that can take payments.',
    noMatch: (suffix) => `No account this chat follows ends in ${suffix}.`,
    chooseAccount: 'This chat follows several accounts; pick one with acc:<last digits>:',
    chooseHint: 'For example: /qr 250k acc:',
    noBin: (account, bank) => `Cannot make a QR code for ${account} (${bank}): the provider does not give the bank's BIN.`,
    cannotEncode: (account) => `Cannot make a QR code for account number ${account}.`,
    accountsUnread: 'The providers could not list the accounts just now; try again in a few minutes.',
    notTarget: 'This chat gets no alerts, so it cannot follow a payment.',
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

export type QrProblem =
  | { kind: 'usage' }
  | { kind: 'amount'; word: string }
  | { kind: 'account'; word: string }
  | { kind: 'no-account' }
  | { kind: 'no-match'; suffix: string }
  | { kind: 'choose'; accounts: readonly Account[] }
  | { kind: 'no-bin'; account: Account }
  | { kind: 'cannot-encode'; account: Account }
  | { kind: 'accounts-unread' }
  | { kind: 'not-target' };

/** Why /qr made no request, and what to do instead. */
export function qrProblemDoc(problem: QrProblem, ctx: RenderContext): Doc {
  const w = WORDING[ctx.locale];
  switch (problem.kind) {
    case 'usage':
      return w.usage.map((line) => [text(line)]);
    case 'amount':
      return [[text(w.badAmount(truncateText(problem.word, 40)))], ...w.usage.map((line) => [text(line)])];
    case 'account':
      return [[text(w.badAccount(truncateText(problem.word, 40)))]];
    case 'no-account':
      return [[text(w.noAccount)]];
    case 'no-match':
      return [[text(w.noMatch(truncateText(problem.suffix, 40)))]];
    case 'choose': {
      const lines: Line[] = [[text(w.chooseAccount)]];
      for (const account of problem.accounts) {
        lines.push([text('• '), code(shownAccount(account.accountNumber, ctx)), text(` · ${truncateText(account.bank, MAX_FIELD_CHARS)}`)]);
      }
      const tail = problem.accounts[0]?.accountNumber.slice(-4) ?? '';
      lines.push([italic(`${w.chooseHint}${tail}`)]);
      return lines;
    }
    case 'no-bin':
      return [[text(w.noBin(shownAccount(problem.account.accountNumber, ctx), truncateText(problem.account.bank, MAX_FIELD_CHARS)))]];
    case 'cannot-encode':
      return [[text(w.cannotEncode(shownAccount(problem.account.accountNumber, ctx)))]];
    case 'accounts-unread':
      return [[text(w.accountsUnread)]];
    case 'not-target':
      return [[text(w.notTarget)]];
  }
}
