import type { Locale } from '../../core/locale.js';
import { plural } from '../../render/plural.js';

/** /find's wording. Both languages must have every key. */
interface FindWording {
  results(total: number, shown: number): string;
  /** More than `atLeast` matched (the database stopped counting there); the newest `shown` follow. */
  moreResults(atLeast: number, shown: number): string;
  noResults: string;
  usage: {
    title: string;
    rules(timeZone: string): string[];
    examplesTitle: string;
    examples: string[];
  };
}

export const WORDING: Readonly<Record<Locale, FindWording>> = {
  vi: {
    results: (total, shown) =>
      total > shown ? `Tìm thấy ${total} giao dịch, hiển thị ${shown} giao dịch mới nhất:` : `Tìm thấy ${total} giao dịch:`,
    moreResults: (atLeast, shown) => `Tìm thấy hơn ${atLeast} giao dịch, hiển thị ${shown} giao dịch mới nhất:`,
    noResults: 'Không tìm thấy giao dịch nào.',
    usage: {
      title: 'Cách dùng: /find <từ khoá, số tiền, ngày…>',
      rules: (timeZone) => [
        '• Chữ: tìm trong nội dung, không phân biệt hoa thường hay dấu: chuyen tien tìm được “Chuyển tiền”. Cả cụm: "chuyen tien".',
        '• Số tiền (đúng số, cả tiền vào lẫn tiền ra): 500000, 500.000, 500,000, 500k, 1.5tr, 1,5tr, 1tr5 (= 1.500.000), 2m, 2 triệu.',
        '• Số viết liền không dấu chấm chỉ là số tiền khi chẵn nghìn (500000, 2000); số khác như 2025, 1234 hay mã đơn DH1042 được tìm trong nội dung. Số tiền lẻ thì viết 123.456.',
        `• Ngày: 2025-11-03 hoặc 03/11/2025 (ngày/tháng/năm), theo giờ ${timeZone}.`,
        '• Khoảng ngày: from:01/11/2025 to:30/11/2025 (tính cả hai ngày; cũng viết được từ: và đến:).',
        '• Tài khoản: acc:1234 — số tài khoản kết thúc bằng 1234.',
        '• Nhiều điều kiện thì giao dịch phải khớp tất cả; nhiều số tiền thì khớp một trong các số.',
      ],
      examplesTitle: 'Ví dụ:',
      examples: ['/find DH1042', '/find 500k from:01/11/2025', '/find chuyen tien acc:6789', '/find 1tr5 03/11/2025'],
    },
  },
  en: {
    results: (total, shown) =>
      total > shown ? `${plural(total, 'result', 'results')}, showing newest ${shown}:` : `${plural(total, 'result', 'results')}:`,
    moreResults: (atLeast, shown) => `More than ${atLeast} results, showing newest ${shown}:`,
    noResults: 'No results.',
    usage: {
      title: 'Usage: /find <words, amount, date…>',
      rules: (timeZone) => [
        '• Words: searched in the content, ignoring case and accents: chuyen tien finds “Chuyển tiền”. A phrase: "chuyen tien".',
        '• Amount (exact, money in or out): 500000, 500.000, 500,000, 500k, 1.5tr, 1,5tr, 1tr5 (= 1,500,000), 2m, 2 triệu.',
        '• A plain number is an amount only when it is whole thousands (500000, 2000); others such as 2025, 1234 or order code DH1042 are searched in the content. Write an odd amount as 123.456.',
        `• Date: 2025-11-03 or 03/11/2025 (day/month/year), in ${timeZone} time.`,
        '• Range: from:01/11/2025 to:30/11/2025 (both days included).',
        '• Account: acc:1234 — account numbers ending in 1234.',
        '• With several conditions a transaction must meet all; with several amounts, any one.',
      ],
      examplesTitle: 'Examples:',
      examples: ['/find DH1042', '/find 500k from:01/11/2025', '/find chuyen tien acc:6789', '/find 1tr5 03/11/2025'],
    },
  },
};
