import type { Transaction } from '../../core/model.js';
import { toSepayTransaction } from './map.js';
import type { SepayV2Transaction } from './v2-schemas.js';

/*
 * v2 bank accounts and transactions carry the v1 field names bankbell reads, so they go
 * through map.ts; only the direction (`transfer_type`) and the virtual account (`va`) differ.
 */

/** A v2 transaction, normalised. The schema has already refused a type that contradicts the amounts. */
export function toTransactionV2(raw: SepayV2Transaction): Transaction {
  const out = raw.transfer_type ? raw.transfer_type === 'out' : raw.amount_out > 0;
  return toSepayTransaction(raw, out ? 'out' : 'in', raw.va);
}
