import { describe, expect, it } from 'vitest';
import { Transaction } from '../../src/core/model.js';
import { parseCassoDelivery } from '../../src/providers/casso/webhook-payload.js';
import { parseSepayDelivery } from '../../src/providers/sepay/webhook-payload.js';
import { sepayDelivery } from './sepay-delivery.js';

function transactionsOf(body: unknown): Transaction[] {
  const result = parseCassoDelivery(body);
  if (!result.ok) throw new Error(result.error);
  if (result.value.kind !== 'transactions') throw new Error(`not transactions: ${result.value.kind}`);
  return result.value.transactions;
}

describe('Casso webhook payloads', () => {
  it('reads the legacy account number under each of its spellings', () => {
    for (const name of ['bank_sub_acc_id', 'subAccId', 'bankSubAccId']) {
      const [tx] = transactionsOf({ error: 0, data: [{ id: 7, tid: 'TF1', description: 'DH35', amount: 200500, when: '2020-11-02', [name]: '123456789' }] });
      expect(tx?.accountNumber, name).toBe('123456789');
    }
  });

  it('maps a legacy item in the /v2/transactions schema: date-only time, cusum_balance, signed amount', () => {
    const [tx] = transactionsOf({
      error: 0,
      data: [{ id: 1, when: '2020-11-02', amount: -200500, description: 'RUT TIEN', cusum_balance: 15900500, tid: 'TF80307914', subAccId: '123456789', order: '2020110200001' }],
    });
    expect(Transaction.parse(tx)).toEqual({
      provider: 'casso',
      providerId: '1',
      accountNumber: '123456789',
      bank: '',
      amount: -200500,
      direction: 'out',
      content: 'RUT TIEN',
      reference: 'TF80307914',
      occurredAt: '2020-11-01T17:00:00.000Z',
      balanceAfter: 15900500,
      counterparty: null,
      code: null,
      virtualAccount: null,
    });
  });

  it('reads a legacy item as Casso varies it: numbers as strings, cusumBalance, counterparty, "" and null as absent', () => {
    const [full, sparse] = transactionsOf({
      error: 0,
      data: [
        {
          id: '42',
          tid: 'FT25100412345678',
          description: 'DH1042',
          amount: '250000',
          cusumBalance: '7000',
          when: '2025-04-10 09:00:00',
          bankSubAccId: '111',
          bankCodeName: 'acb_digi',
          corresponsiveName: 'TRAN THI C',
          corresponsiveAccount: '',
          corresponsiveBankName: null,
          virtualAccount: 'VA1',
        },
        { id: 43, tid: '', description: null, amount: -500, cusum_balance: '', when: '2025-04-10', bankSubAccId: '111', virtualAccount: '' },
      ],
    });
    expect(full).toMatchObject({
      providerId: '42',
      accountNumber: '111',
      bank: 'acb_digi',
      amount: 250_000,
      direction: 'in',
      reference: 'FT25100412345678',
      occurredAt: '2025-04-10T02:00:00.000Z',
      balanceAfter: 7000,
      counterparty: { name: 'TRAN THI C', accountNumber: null, bank: null },
      virtualAccount: 'VA1',
    });
    expect(sparse).toMatchObject({ amount: -500, direction: 'out', content: '', reference: null, balanceAfter: null, counterparty: null, virtualAccount: null });
  });

  it('ignores a body with error != 0 and refuses bodies of no known shape', () => {
    expect(parseCassoDelivery({ error: 1, data: null })).toEqual({ ok: true, value: { kind: 'provider-error', error: 1 } });
    const problems = [
      [null, 'body: '],
      [{ error: 0, data: 'x' }, 'data: expected an object'],
      [{ error: 0, data: [{ id: 1, amount: 5, when: '2020-11-02' }] }, 'data.0.bankSubAccId: no account number'],
      [{ error: 0, data: { id: 1, amount: 5, transactionDateTime: '2025-04-10 10:40:00' } }, 'data.accountNumber: '],
      [{ error: 0, data: { id: 1, accountNumber: '1', amount: 5.5, transactionDateTime: '2025-04-10 10:40:00' } }, 'data.amount: not a whole number'],
      [{ error: 0, data: { id: 1, accountNumber: '1', amount: 5, transactionDateTime: 'yesterday' } }, 'data.transactionDateTime: unreadable time'],
    ] as const;
    for (const [body, problem] of problems) {
      const result = parseCassoDelivery(body);
      expect(result.ok, JSON.stringify(body)).toBe(false);
      if (!result.ok) expect(result.error).toContain(problem);
    }
  });

  it('sets test calls apart (id 0 or the test reference)', () => {
    const result = parseCassoDelivery({
      error: 0,
      data: [
        { id: 0, tid: 'X', amount: 1, when: '2020-11-02', subAccId: '1' },
        { id: 5, tid: 'MA_GIAO_DICH_THU_NGHIEM', amount: 1, when: '2020-11-02', subAccId: '1' },
        { id: 6, tid: 'FT1', amount: 1, when: '2020-11-02', subAccId: '1' },
      ],
    });
    expect(result.ok && result.value.kind === 'transactions' && result.value).toMatchObject({
      generation: 'legacy',
      transactions: [{ providerId: '6' }],
      testCalls: [{ providerId: '0' }, { providerId: '5' }],
    });
  });
});

describe('SePay webhook payload', () => {
  it('takes amounts and ids sent as strings, signs money out, and reads a 0 balance as unknown', () => {
    const result = parseSepayDelivery(sepayDelivery({ id: '50103', transferType: 'OUT', transferAmount: '500000.00', accumulated: 0 }));
    expect(result).toMatchObject({
      ok: true,
      value: { providerId: '50103', amount: -500000, direction: 'out', balanceAfter: null, occurredAt: '2025-04-10T03:40:12.000Z' },
    });
  });

  it('refuses a negative or fractional amount, an unknown transfer type and a missing id', () => {
    for (const [patch, where] of [
      [{ transferAmount: -5 }, 'transferAmount'],
      [{ transferAmount: '5.5' }, 'transferAmount'],
      [{ transferType: 'sideways' }, 'transferType'],
      [{ id: undefined }, 'id'],
      [{ transactionDate: '10/04/2025' }, 'transactionDate'],
    ] as const) {
      const result = parseSepayDelivery(sepayDelivery(patch));
      expect(result.ok ? 'ok' : result.error, JSON.stringify(patch)).toMatch(new RegExp(`^${where}: `));
    }
  });
});
