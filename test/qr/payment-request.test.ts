import { describe, expect, it } from 'vitest';
import { newPaymentCode } from '../../src/commands/qr/payment-code.js';
import { parseQrArgs } from '../../src/commands/qr/parse-qr.js';
import { countPayments, holdsCode, LATE_REPORT_GRACE_MS, PaymentRequest, takesPayment } from '../../src/core/payment-request.js';
import { sepayPaymentAliases } from '../../src/providers/sepay/payment-aliases.js';
import { makeRequest } from '../store/payment-request-contract.js';
import { alertDoc, digestDoc } from '../../src/render/alert.js';
import { toPlainText } from '../../src/render/plain-text.js';
import { makeTransaction } from '../../fakes/transactions.js';

/** A picker that plays back `indexes`, then repeats the last. */
const playback = (indexes: number[]) => {
  let i = 0;
  return (max: number) => (indexes[Math.min(i++, indexes.length - 1)] ?? 0) % max;
};

describe('payment codes', () => {
  it('are 8 characters, a letter first, with at least two letters and two digits, none of 0 O 1 I L', () => {
    for (let n = 0; n < 500; n++) {
      const code = newPaymentCode(new Set());
      expect(code).toMatch(/^[A-Z][A-Z0-9]{7}$/);
      expect(code).not.toMatch(/[01OIL]/);
      expect(code.replace(/\D/g, '').length).toBeGreaterThanOrEqual(2);
      expect(code.replace(/\d/g, '').length).toBeGreaterThanOrEqual(2);
    }
  });

  it('never repeat a code in use, and skip all-letter draws', () => {
    // The draws give `AAAAAAAA` (all letters), then `AAA22222` (taken), then `BAA22222`.
    const taken = new Set(['AAA22222']);
    const draws = [...[0, 0, 0, 0, 0, 0, 0, 0], ...[0, 0, 0, 23, 23, 23, 23, 23], ...[1, 0, 0, 23, 23, 23, 23, 23]];
    expect(newPaymentCode(taken, playback(draws))).toBe('BAA22222');
  });
});

describe('codes in transfer content', () => {
  it.each([
    ['QR7K2M9P', true],
    ['qr7k2m9p', true],
    ['MBVCB.1234.qr7k 2m9p.CT tu 0071 NGUYEN VAN B', true],
    ['Thanh toán đơn QR-7K2-M9P cảm ơn', true],
    ['QR7K2M9', false],
    ['QR7K 2M9 thanh toan', false],
  ])('%s holds QR7K2M9P: %s', (content, expected) => {
    expect(holdsCode(content, 'QR7K2M9P')).toBe(expected);
  });

  it('folds accents and đ like the bank apps that strip them', () => {
    expect(holdsCode('Đơn ĐB4K7Đ2', 'DB4K7D2')).toBe(true);
  });
});

describe('which payments a request takes', () => {
  const expiresAt = '2025-04-10T03:55:00.000Z';
  const at = (ms: number) => new Date(Date.parse(expiresAt) + ms);
  it.each([
    ['open, paid and reported before the expiry', 'open', -60_000, -30_000, true],
    ['open, paid after the expiry (the bot was down)', 'open', 1_000, 60_000, false],
    ['shown expired, paid before it, reported within the grace', 'expired', -1_000, LATE_REPORT_GRACE_MS - 1, true],
    ['shown expired, paid before it, reported after the grace', 'expired', -1_000, LATE_REPORT_GRACE_MS, false],
    ['shown expired, paid after it', 'expired', 1_000, 2_000, false],
    ['already paid', 'paid', -60_000, -30_000, false],
  ] as const)('%s', (_, status, paid, reported, expected) => {
    expect(takesPayment({ status, expiresAt }, at(paid).toISOString(), at(reported))).toBe(expected);
  });
});

describe('one transfer reported twice', () => {
  const numbering = (tx: Parameters<typeof sepayPaymentAliases>[0]) => sepayPaymentAliases(tx).numbering;
  const now = new Date('2025-04-10T03:45:00.000Z');
  const count = (...txs: ReturnType<typeof makeTransaction>[]) => countPayments([makeRequest({ amount: 300_000 })], txs, now, numbering)[0];
  const webhook = makeTransaction({ providerId: '50102', amount: 100_000, content: 'QR7K2M9P', reference: null });
  const v2 = { ...webhook, providerId: '3f0c2a9e-1b7d-4c55-9a0e-2d6b8f41c001' };

  it('counts SePay\'s webhook and API v2 reports of one transfer without a bank reference once', () => {
    expect(count(webhook, v2)).toMatchObject({ received: 100_000, revision: 1 });
    expect(count(webhook, v2)?.payments[0]?.sameAs).toEqual([{ key: `sepay:${v2.providerId}`, numbering: 'sepay:uuid' }]);
  });

  it('counts two reports of one numbering, or of one provider with different bank references, as two transfers', () => {
    expect(count(webhook, { ...webhook, providerId: '50103' })?.received).toBe(200_000);
    expect(count({ ...webhook, reference: 'FT1' }, { ...v2, reference: 'FT2' })?.received).toBe(200_000);
    // Another provider may write the bank's reference differently: one transfer, counted once.
    expect(count({ ...webhook, reference: 'FT1' }, { ...webhook, provider: 'casso', providerId: '9', reference: '0001' })?.received).toBe(100_000);
  });

  it('takes a payment counted before numberings were kept as its provider\'s: another of that provider counts', () => {
    const [counted] = countPayments([makeRequest({ amount: 300_000 })], [webhook], now, numbering);
    if (counted === undefined) throw new Error('not counted');
    const stored = PaymentRequest.parse(JSON.parse(JSON.stringify({ ...counted, payments: counted.payments.map(({ key, amount, at, sender }) => ({ key, amount, at, sender })) })));
    const [after] = countPayments([stored], [{ ...webhook, providerId: '3f0c2a9e-1b7d-4c55-9a0e-2d6b8f41c009', reference: null }], now, numbering);
    expect(after?.received).toBe(200_000);
  });
});

describe('/qr arguments', () => {
  it.each([
    ['250k', { amount: 250_000, accountSuffix: null, note: '' }],
    ['1tr5 acc:6789 bàn 5', { amount: 1_500_000, accountSuffix: '6789', note: 'bàn 5' }],
    ['12500 tk:88 acc:99', { amount: 12_500, accountSuffix: '88', note: 'acc:99' }],
    ['500.000 đơn 1042', { amount: 500_000, accountSuffix: null, note: 'đơn 1042' }],
    ['250 nghìn bàn 2', { amount: 250_000, accountSuffix: null, note: 'bàn 2' }],
    ['2 triệu', { amount: 2_000_000, accountSuffix: null, note: '' }],
  ])('%s', (args, expected) => {
    expect(parseQrArgs(args)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['', { kind: 'usage' }],
    ['abc', { kind: 'amount', word: 'abc' }],
    ['0', { kind: 'amount', word: '0' }],
    ['5k acc:', { kind: 'account', word: 'acc:' }],
  ])('refuses %j', (args, error) => {
    expect(parseQrArgs(args)).toEqual({ ok: false, error });
  });
});

describe('alerts of payments that answered a request', () => {
  const ctx = { timeZone: 'Asia/Ho_Chi_Minh', locale: 'vi' as const };
  const paid = makeTransaction({ content: 'qr7k 2m9p ck' });
  const other = makeTransaction({ content: 'DH1042' });
  const requestOf = (tx: { providerId: string }) => (tx.providerId === paid.providerId ? { code: 'QR7K2M9P', note: 'bàn 5' } : undefined);

  it('name the request, alone or in a digest line', () => {
    expect(toPlainText(alertDoc(paid, { ...ctx, requestOf }))).toContain('Yêu cầu QR:\u00a0QR7K2M9P · bàn 5');
    expect(toPlainText(alertDoc(other, { ...ctx, requestOf }))).not.toContain('Yêu cầu QR');
    const lines = toPlainText(digestDoc([paid, other], { ...ctx, requestOf })).split('\n');
    expect(lines.find((l) => l.includes('qr7k 2m9p'))).toContain('· QR QR7K2M9P · qr7k 2m9p ck');
    expect(lines.find((l) => l.includes('DH1042'))).not.toContain('QR ');
  });
});
