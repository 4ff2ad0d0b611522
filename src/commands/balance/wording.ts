import type { Locale } from '../../core/locale.js';
import type { ProviderError } from '../../core/provider-errors.js';
import { plural } from '../../render/plural.js';

/** /balance's wording. Both languages must have every key. */
interface BalanceWording {
  header: string;
  readAt(time: string): string;
  unknown: string;
  unavailable(provider: string, reason: string): string;
  /** Why a provider could not be read, by kind: short and fixed (the log has the details). */
  failures: Record<ProviderError['code'], string>;
  total(accounts: number, amount: string): string;
  noAccounts: string;
}

export const WORDING: Readonly<Record<Locale, BalanceWording>> = {
  vi: {
    header: 'Số dư tài khoản',
    readAt: (time) => `đọc lúc ${time}`,
    unknown: 'không rõ số dư',
    unavailable: (provider, reason) => `Không lấy được dữ liệu từ ${provider}: ${reason}`,
    failures: {
      auth: 'khóa API bị từ chối',
      rate_limited: 'đang bị giới hạn số lần gọi, thử lại sau ít phút',
      server: 'máy chủ đang gặp lỗi',
      network: 'không kết nối được',
      bad_response: 'trả lời không đúng định dạng',
      api: 'báo lỗi',
    },
    total: (accounts, amount) => `Tổng ${accounts} tài khoản: ${amount}`,
    noAccounts: 'Không có tài khoản nào đang được theo dõi.',
  },
  en: {
    header: 'Account balances',
    readAt: (time) => `read at ${time}`,
    unknown: 'balance unknown',
    unavailable: (provider, reason) => `${provider} unavailable: ${reason}`,
    failures: {
      auth: 'the API key was rejected',
      rate_limited: 'rate limited, try again in a minute',
      server: 'server error',
      network: 'cannot connect',
      bad_response: 'unexpected answer',
      api: 'it reported an error',
    },
    total: (accounts, amount) => `Total of ${plural(accounts, 'account', 'accounts')}: ${amount}`,
    noAccounts: 'No accounts are being watched.',
  },
};
