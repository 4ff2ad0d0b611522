import type { Transaction } from './model.js';

/**
 * Other names one payment may be known by, beyond its provider key: a provider that can
 * deliver one payment under two ids says how to recognise it. The store records `names`
 * with the transaction and treats a transaction as already stored when any of its `sameAs`
 * names was recorded.
 */
export interface PaymentAliases {
  names: readonly string[];
  sameAs: readonly string[];
}

export type AliasesOf = (tx: Transaction) => PaymentAliases;

export const noAliases: AliasesOf = () => ({ names: [], sameAs: [] });
