import { describe, expect, it } from 'vitest';
import { alertDoc, digestDoc } from '../../src/render/alert.js';
import { balanceDoc } from '../../src/render/balance.js';
import type { RenderContext } from '../../src/render/messages.js';
import { toPlainText } from '../../src/render/plain-text.js';
import { makeTransaction } from '../../fakes/transactions.js';

const ctx: RenderContext = { timeZone: 'Asia/Ho_Chi_Minh', locale: 'vi' };
const secret: RenderContext = { ...ctx, privacy: true };
const tx = makeTransaction({
  accountNumber: '0071000888888',
  counterparty: { name: 'NGUYEN VAN B', accountNumber: '1900112233', bank: 'Vietcombank' },
});

describe('privacy in what a chat reads', () => {
  it('an alert shows the account by its last 4 digits and drops the counterparty account, keeping the name and bank', () => {
    expect(toPlainText(alertDoc(tx, ctx))).toMatch(/0071000888888[\s\S]*NGUYEN VAN B · 1900112233 · Vietcombank/);
    const masked = toPlainText(alertDoc(tx, secret));
    expect(masked).toContain('…8888');
    expect(masked).toContain('NGUYEN VAN B · Vietcombank');
    expect(masked).not.toMatch(/0071000888888|1900112233/);
  });

  it('a digest never shows whole account numbers', () => {
    const text = toPlainText(digestDoc([tx, makeTransaction({ accountNumber: '0071000888888' })], secret));
    expect(text).toContain('…8888');
    expect(text).not.toMatch(/0071000888888|1900112233/);
  });

  it('/balance lists the accounts without their balances or a total', () => {
    const account = (accountNumber: string, balance: number) => ({
      account: { provider: 'sepay', providerId: accountNumber, bank: 'MBBank', accountNumber, holder: 'SHOP', bin: null, balance, readAt: '2025-04-10T03:40:00.000Z' },
    });
    const answer = { entries: [account('0071000888888', 12_345_678), account('1900112233', 1_000_000)], readAt: '2025-04-10T03:40:00.000Z' };
    expect(toPlainText(balanceDoc(answer, ctx))).toContain('13.345.678');
    const text = toPlainText(balanceDoc(answer, secret));
    expect(text).toMatch(/…8888[\s\S]*…2233/);
    expect(text).not.toMatch(/12\.345\.678|1\.000\.000|13\.345\.678|0071000888888/);
  });
});

describe('a digest for a chat that follows money out', () => {
  it('says so and totals the net movement', () => {
    const text = toPlainText(digestDoc([makeTransaction({ amount: 500_000 }), makeTransaction({ amount: -200_000 })], ctx));
    expect(text).toContain('2 giao dịch, chênh lệch +300.000 ₫');
  });
});
