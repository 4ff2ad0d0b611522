import type { Transaction } from '../../core/model.js';
import type { PaymentAliases } from '../../core/payment-aliases.js';

const NONE: PaymentAliases = { names: [], sameAs: [] };

/**
 * The same SePay payment reaches us under two ids: the webhook and API v1 use numeric ids,
 * API v2 uses UUIDs. What the bank says about it (account, direction, amount, bank
 * reference) identifies it across both, but only across both: two numeric ids (or two
 * UUIDs) are two payments however alike, so a transaction is named in its own id space and
 * matched against the other. Without a bank reference there is no safe second name, and
 * the id alone decides.
 */
export function sepayPaymentAliases(tx: Transaction): PaymentAliases {
  if (tx.provider !== 'sepay' || tx.reference === null || tx.reference.trim() === '') return NONE;
  const payment = ['sepay', tx.accountNumber, tx.direction, Math.abs(tx.amount), tx.reference.trim()].join('|');
  const [own, other] = /^\d+$/.test(tx.providerId) ? ['numeric', 'uuid'] : ['uuid', 'numeric'];
  return { names: [`${payment}|${own}`], sameAs: [`${payment}|${other}`] };
}
