import { z } from 'zod';

/** A provider bankbell reads bank accounts through (`casso`, `sepay`): its folder's name under src/providers. */
export const ProviderName = z.string().regex(/^[a-z][a-z0-9]*$/);
export type ProviderName = z.infer<typeof ProviderName>;

/** Whole Vietnamese đồng; never fractional, never a float sum. */
const Dong = z.number().int();

/** One bank account as a provider reports it, normalised. */
export const Account = z.object({
  provider: ProviderName,
  /** The provider's own id for the account (Casso numeric id, SePay id), as a string. */
  providerId: z.string(),
  /** Bank name as the provider spells it (e.g. "Vietcombank", "MBBank"). */
  bank: z.string(),
  accountNumber: z.string(),
  holder: z.string().nullable(),
  /** The bank's six-digit BIN (NAPAS id), which a VietQR code needs; null when the provider did not give one. */
  bin: z.string().regex(/^\d{6}$/).nullable(),
  /** Balance in đồng; null when the provider does not know it (SePay/Casso report 0 for "unknown"). */
  balance: Dong.nullable(),
  /** When bankbell read this balance (ISO 8601 instant). */
  readAt: z.iso.datetime(),
});
export type Account = z.infer<typeof Account>;

export const Direction = z.enum(['in', 'out']);
export type Direction = z.infer<typeof Direction>;

/** One bank transaction, normalised from either provider and any of their schemas. */
export const Transaction = z.object({
  provider: ProviderName,
  /** The provider's immutable transaction id, as a string: the dedupe key together with `provider`. */
  providerId: z.string(),
  accountNumber: z.string(),
  bank: z.string(),
  /** Signed amount in đồng: positive for money in, negative for money out. */
  amount: Dong,
  direction: Direction,
  /** Transfer content exactly as the bank gave it: untrusted text from the sender. */
  content: z.string(),
  /** Bank-side reference (FT… code), when the provider gives one. */
  reference: z.string().nullable(),
  /** When the transaction happened, as an ISO 8601 instant (UTC). */
  occurredAt: z.iso.datetime(),
  /** Account balance right after this transaction, when given. */
  balanceAfter: Dong.nullable(),
  /** The other side of the transfer, when the provider knows it. */
  counterparty: z
    .object({
      name: z.string().nullable(),
      accountNumber: z.string().nullable(),
      bank: z.string().nullable(),
    })
    .nullable(),
  /** Payment code recognised by the provider (SePay `code`), or a virtual account. */
  code: z.string().nullable(),
  virtualAccount: z.string().nullable(),
});
export type Transaction = z.infer<typeof Transaction>;

/** The key that identifies one transaction across polls, webhooks and restarts. */
export function transactionKey(tx: Pick<Transaction, 'provider' | 'providerId'>): string {
  return `${tx.provider}:${tx.providerId}`;
}
