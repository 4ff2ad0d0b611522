import { Transaction } from '../../src/core/model.js';
import { parseVietnamTime } from '../../src/core/zoned-time.js';

/**
 * Payments as the providers' clients normalise them (src/core/model.ts): a small shop's
 * MBBank and Techcombank accounts, read through SePay and Casso, with the contents customers
 * really type (some banks keep Vietnamese accents, many drop them).
 */
// A time that does not parse fails the schema check, like any other bad sample.
const sample = ({ at, ...tx }: Omit<Transaction, 'occurredAt'> & { at: string }): Transaction =>
  Transaction.parse({ ...tx, occurredAt: parseVietnamTime(at) ?? `unparseable ${at}` });

/** The README's example: a SePay payment to MBBank, with a bank reference and a payment code. */
export const SEPAY_PAYMENT = sample({
  provider: 'sepay',
  providerId: '50102',
  accountNumber: '0123456789',
  bank: 'MBBank',
  amount: 18_067_000,
  direction: 'in',
  content: 'NGUYEN VAN B chuyen tien DH1042',
  reference: 'FT25100412345678',
  at: '2025-04-10 10:40:12',
  balanceAfter: 43_467_000,
  counterparty: { name: 'NGUYEN VAN B', accountNumber: '1900112233', bank: 'Vietcombank' },
  code: 'DH1042',
  virtualAccount: null,
});

/** A Casso payment with accented content, to the same shop's MBBank account. */
export const CASSO_PAYMENT = sample({
  provider: 'casso',
  providerId: '8812345',
  accountNumber: '0123456789',
  bank: 'MBBank',
  amount: 2_450_000,
  direction: 'in',
  content: 'Trần Thị Bích Ngọc chuyển tiền đơn DH1043',
  reference: 'FT25100498765432',
  at: '2025-04-10 10:52:40',
  balanceAfter: 45_917_000,
  counterparty: { name: 'TRAN THI BICH NGOC', accountNumber: '0451000123456', bank: 'Vietcombank' },
  code: null,
  virtualAccount: null,
});

/** A burst after the bot was offline a few minutes: four payments alerted as one digest. */
export const BURST: readonly Transaction[] = [
  { id: '50117', account: '0123456789', bank: 'MBBank', amount: 250_000, content: 'Thanh toán DH1044 - Phạm Thu Hà', at: '11:01:05' },
  { id: '50118', account: '19036688123011', bank: 'Techcombank', amount: 1_250_000, content: 'IBFT VO THANH TUNG thanh toan don hang DH1045', at: '11:02:31' },
  { id: '50121', account: '0123456789', bank: 'MBBank', amount: 89_000, content: 'DH1046 Đặng Quốc Bảo ck', at: '11:03:12' },
  { id: '50124', account: '0123456789', bank: 'MBBank', amount: 560_000, content: 'Huỳnh Mai Anh chuyển tiền đơn DH1047', at: '11:04:48' },
].map(({ id, account, bank, amount, content, at }) =>
  sample({
    provider: 'sepay',
    providerId: id,
    accountNumber: account,
    bank,
    amount,
    direction: 'in',
    content,
    reference: null,
    at: `2025-04-10 ${at}`,
    balanceAfter: null,
    counterparty: null,
    code: null,
    virtualAccount: null,
  }),
);
