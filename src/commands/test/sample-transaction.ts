import type { ProviderName, Transaction } from '../../core/model.js';
import type { TestWording } from './wording.js';

/**
 * The made-up payment `/test` shows: every field an alert can carry filled in, so the sample
 * shows the whole layout, from a provider this bot reads. Its id says it is a sample; it is never stored.
 */
export function sampleTransaction(now: number, wording: Pick<TestWording, 'content' | 'counterparty'>, provider: ProviderName): Transaction {
  return {
    provider,
    providerId: 'test',
    accountNumber: '0123456789',
    bank: 'Vietcombank',
    amount: 500_000,
    direction: 'in',
    content: wording.content,
    reference: 'FT00000000000000',
    occurredAt: new Date(now).toISOString(),
    balanceAfter: null,
    counterparty: { name: wording.counterparty, accountNumber: '9876543210', bank: 'MBBank' },
    code: null,
    virtualAccount: null,
  };
}
