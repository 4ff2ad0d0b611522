import type { Locale } from '../../core/locale.js';

/** /test's wording. Both languages must have every key. */
export interface TestWording {
  /** The first line of a /test sample, so nobody takes it for a payment. */
  mark: string;
  note: string;
  content: string;
  counterparty: string;
}

export const WORDING: Readonly<Record<Locale, TestWording>> = {
  vi: {
    mark: '🧪 THỬ — tin mẫu, không phải giao dịch thật',
    note: 'Thông báo thật sẽ trông như trên.',
    content: 'NGUYEN VAN A chuyen tien DH0001',
    counterparty: 'NGUYEN VAN A',
  },
  en: {
    mark: '🧪 TEST — a sample, not a real payment',
    note: 'A real alert will look like the one above.',
    content: 'NGUYEN VAN A chuyen tien DH0001',
    counterparty: 'NGUYEN VAN A',
  },
};
