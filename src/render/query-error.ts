import type { Locale } from '../core/locale.js';
import type { FindFilter, FindQueryError } from '../search/query.js';
import { truncateText } from './truncate.js';

/** Why a query was refused: /find's, and /report's and /export's, which read the same words. Both languages must have every key. */
interface QueryErrorWording {
  empty: string;
  badDate(token: string): string;
  badAccount(token: string): string;
  badRange(from: string, to: string): string;
  repeated(filter: FindFilter): string;
  tooLong(limit: number): string;
}

const WORDING: Readonly<Record<Locale, QueryErrorWording>> = {
  vi: {
    empty: 'Hãy cho biết cần tìm gì.',
    badDate: (token) => `Ngày không hợp lệ: ${token}`,
    badAccount: (token) => `Số tài khoản không hợp lệ: ${token} (chỉ gồm chữ số, ví dụ acc:6789)`,
    badRange: (from, to) => `Ngày bắt đầu ${from} sau ngày kết thúc ${to}.`,
    tooLong: (limit) => `Nội dung tìm quá dài: tối đa ${limit} ký tự.`,
    repeated: (filter) =>
      filter === 'acc'
        ? 'Chỉ dùng một acc: mỗi lần tìm.'
        : filter === 'day'
          ? 'Chỉ dùng một ngày; để tìm nhiều ngày hãy dùng from: và to:.'
          : `Chỉ dùng một ${filter}: mỗi lần tìm.`,
  },
  en: {
    empty: 'Say what to look for.',
    badDate: (token) => `Not a valid date: ${token}`,
    badAccount: (token) => `Not a valid account: ${token} (digits only, e.g. acc:6789)`,
    badRange: (from, to) => `The range starts (${from}) after it ends (${to}).`,
    tooLong: (limit) => `The search is too long: at most ${limit} characters.`,
    repeated: (filter) =>
      filter === 'acc'
        ? 'Use acc: once per search.'
        : filter === 'day'
          ? 'Give one date; for several days use from: and to:.'
          : `Use ${filter}: once per search.`,
  },
};

/** Why a query was refused, in one sentence. */
export function queryErrorReason(error: FindQueryError, locale: Locale): string {
  const e = WORDING[locale];
  // The token is the user's own input echoed back: cap it, and it stays literal like any span.
  const token = (value: string): string => truncateText(value, 100);
  switch (error.kind) {
    case 'empty':
      return e.empty;
    case 'bad-date':
      return e.badDate(token(error.token));
    case 'bad-account':
      return e.badAccount(token(error.token));
    case 'bad-range':
      return e.badRange(error.from, error.to);
    case 'repeated':
      return e.repeated(error.filter);
    case 'too-long':
      return e.tooLong(error.limit);
  }
}
