import type { Transaction } from '../src/core/model.js';

let next = 1000;

/** A normalised transaction with sensible defaults, for tests that do not go through a provider. */
export function makeTransaction(overrides: Partial<Transaction> = {}): Transaction {
  const amount = overrides.amount ?? 250_000;
  return {
    provider: 'sepay',
    providerId: String(next++),
    accountNumber: '0123456789',
    bank: 'MBBank',
    amount,
    direction: amount < 0 ? 'out' : 'in',
    content: 'NGUYEN VAN B chuyen tien DH1042',
    reference: 'FT25100412345678',
    occurredAt: '2025-04-10T03:40:12.000Z',
    balanceAfter: null,
    counterparty: null,
    code: null,
    virtualAccount: null,
    ...overrides,
  };
}
