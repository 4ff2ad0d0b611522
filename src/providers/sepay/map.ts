import type { Account, Direction, Transaction } from '../../core/model.js';
import type { SepayV1BankAccount, SepayV1Transaction } from './schemas.js';

/**
 * SePay's `accumulated` is a balance it derives from bank notifications; for feeds that do
 * not report one (BankHub, sandbox) it is documented as 0. So 0 reads as "unknown": showing
 * a false "0 ₫" is worse than saying the balance is not known.
 */
export function knownBalance(accumulated: number | null): number | null {
  return accumulated === null || accumulated === 0 ? null : accumulated;
}

/** The fields v1 and v2 bank accounts share, under the same names. */
export type SepayBankAccountFields = Pick<SepayV1BankAccount, 'id' | 'bank_short_name' | 'account_number' | 'account_holder_name' | 'accumulated' | 'bank_bin'>;

/** A v1 or v2 bank account, normalised; `readAt` is when we fetched it. */
export function toAccount(raw: SepayBankAccountFields, readAt: Date): Account {
  return {
    provider: 'sepay',
    providerId: raw.id,
    bank: raw.bank_short_name,
    accountNumber: raw.account_number,
    holder: raw.account_holder_name,
    bin: raw.bank_bin,
    balance: knownBalance(raw.accumulated),
    readAt: readAt.toISOString(),
  };
}

/** The transaction fields v1 and v2 share, under the same names. */
type SepayTransactionFields = Pick<
  SepayV1Transaction,
  | 'id'
  | 'account_number'
  | 'bank_brand_name'
  | 'amount_in'
  | 'amount_out'
  | 'transaction_content'
  | 'reference_number'
  | 'transaction_date'
  | 'accumulated'
  | 'code'
>;

/** A v1 or v2 transaction, normalised, once its version has decided the direction and the virtual account. */
export function toSepayTransaction(
  raw: SepayTransactionFields,
  direction: Direction,
  virtualAccount: string | null,
): Transaction {
  return {
    provider: 'sepay',
    providerId: raw.id,
    accountNumber: raw.account_number,
    bank: raw.bank_brand_name ?? '',
    // `|| 0`: an outgoing 0 đồng must not become -0.
    amount: direction === 'out' ? -raw.amount_out || 0 : raw.amount_in,
    direction,
    content: raw.transaction_content ?? '',
    reference: raw.reference_number,
    occurredAt: raw.transaction_date.iso,
    balanceAfter: knownBalance(raw.accumulated),
    counterparty: null,
    code: raw.code,
    virtualAccount,
  };
}

/**
 * A v1 transaction, normalised. v1 has no transfer type: money in is `amount_in` > 0, money
 * out is `amount_out` > 0 (the schema rejects both at once); a row with both zero is
 * treated as incoming 0 đồng, which nothing alerts on.
 */
export function toTransaction(raw: SepayV1Transaction): Transaction {
  return toSepayTransaction(raw, raw.amount_out > 0 ? 'out' : 'in', raw.sub_account);
}
