import type { Locale } from '../../core/locale.js';

/** /check's wording when it checks nothing. Both languages must have every key. */
interface CheckWording {
  usage: string[];
  badAmount(word: string): string;
  notTarget: string;
  tooMany(most: number): string;
}

export const WORDING: Readonly<Record<Locale, CheckWording>> = {
  vi: {
    usage: [
      'Cách dùng: /check <số tiền> [từ khoá]',
      'Ví dụ: /check 250k · /check 1tr2 nguyen van b',
      'Bot xem tiền vào đúng số đó trong 30 phút qua; chưa có thì chờ thêm 10 phút và sửa tin trả lời.',
    ],
    badAmount: (word) => `"${word}" không phải số tiền. Viết như 250000, 250k, 1tr5, 1.500.000.`,
    notTarget: 'Cuộc trò chuyện này không nhận thông báo nên không kiểm tra được tiền vào.',
    tooMany: (most) => `Cuộc trò chuyện này đã có ${most} lượt kiểm tra đang chờ (tối đa ${most}). Chờ một lượt xong rồi thử lại.`,
  },
  en: {
    usage: [
      'Usage: /check <amount> [words]',
      'Example: /check 250k · /check 1.2m nguyen van b',
      'The bot looks for money in of exactly that amount in the last 30 minutes; if none, it waits 10 more and edits its answer.',
    ],
    badAmount: (word) => `"${word}" is not an amount. Write it like 250000, 250k, 1.5m, 1.500.000.`,
    notTarget: 'This chat gets no alerts, so it cannot check a payment.',
    tooMany: (most) => `This chat already has ${most} checks waiting (the most it may have). Wait until one ends, then try again.`,
  },
};
