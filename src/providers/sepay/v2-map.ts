import type { Transaction } from '../model.js';
import { knownBalance } from './map.js';
import type { SepayV2Transaction } from './v2-schemas.js';

/*
 * v2 bank accounts carry the v1 field names bankbell reads, so they go through map.ts's
 * `toAccount`; only transactions differ (`transfer_type`, `va`, UUID ids).
 */

/** A v2 transaction, normalised. The schema has already refused a type that contradicts the amounts. */
export function toTransactionV2(raw: SepayV2Transaction): Transaction {
  const out = raw.transfer_type ? raw.transfer_type === 'out' : raw.amount_out > 0;
  return {
    provider: 'sepay',
    providerId: raw.id,
    accountNumber: raw.account_number,
    bank: raw.bank_brand_name ?? '',
    // `|| 0`: an outgoing 0 đồng must not become -0.
    amount: out ? -raw.amount_out || 0 : raw.amount_in,
    direction: out ? 'out' : 'in',
    content: raw.transaction_content ?? '',
    reference: raw.reference_number,
    occurredAt: raw.transaction_date.iso,
    rawTime: raw.transaction_date.raw,
    balanceAfter: knownBalance(raw.accumulated),
    counterparty: null,
    code: raw.code,
    virtualAccount: raw.va,
  };
}
