import type { Transaction } from '../../core/model.js';
import { noAliases, type PaymentAliases } from '../../core/payment-aliases.js';

/**
 * The same SePay payment reaches us under two ids: the webhook and API v1 use numeric ids,
 * API v2 uses UUIDs. What the bank says about it (account, direction, amount, bank
 * reference) identifies it across both, but only across both: two numeric ids (or two
 * UUIDs) are two payments however alike, so a transaction is named in its own id space (its
 * numbering) and matched against the other. Without a bank reference there is no safe second
 * name, and the id alone decides.
 */
export function sepayPaymentAliases(tx: Transaction): PaymentAliases {
  if (tx.provider !== 'sepay') return noAliases(tx);
  return /^\d+$/.test(tx.providerId) ? { numbering: 'sepay:numeric', twins: ['sepay:uuid'] } : { numbering: 'sepay:uuid', twins: ['sepay:numeric'] };
}
