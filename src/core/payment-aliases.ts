import type { Transaction } from './model.js';

/**
 * How one transfer may reach the bot more than once. `numbering` names the id space of the
 * transaction's id (`casso`; SePay's numeric ids of API v1 and webhooks, `sepay:numeric`, and
 * UUIDs of API v2, `sepay:uuid`): two different ids of one numbering are two payments however
 * alike, while one transfer may be reported once per numbering (an account linked in both
 * providers, SePay's webhook beside API v2). `twins` are the other numberings of the same
 * provider that list the very same records: a report there under the same bank identity (see
 * `reportName`) is this payment, stored once.
 */
export interface PaymentAliases {
  numbering: string;
  twins: readonly string[];
}

export type AliasesOf = (tx: Transaction) => PaymentAliases;

export const noAliases: AliasesOf = (tx) => ({ numbering: tx.provider, twins: [] });

/**
 * A transfer as the bank identifies it — account, direction, amount and the bank's reference —
 * as `numbering` reported it; null without a reference, when nothing but the id identifies it.
 */
export function reportName(tx: Transaction, numbering: string): string | null {
  const reference = tx.reference?.trim().toUpperCase();
  if (reference === undefined || reference === '') return null;
  return [tx.accountNumber, tx.direction, Math.abs(tx.amount), reference, numbering].join('|');
}
