import type { Locale } from '../../core/locale.js';

/** /qr's wording when it makes no request. Both languages must have every key. */
interface QrWording {
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
  tooMany(most: number): string;
}

export const WORDING: Readonly<Record<Locale, QrWording>> = {
  vi: {
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
    tooMany: (most) =>
      `Cuộc trò chuyện này đã có ${most} yêu cầu thanh toán đang chờ (tối đa ${most}). Chờ một yêu cầu được trả hoặc hết hạn rồi thử lại.`,
  },
  en: {
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
    tooMany: (most) => `This chat already has ${most} payment requests waiting (the most it may have). Wait until one is paid or expires, then try again.`,
  },
};
