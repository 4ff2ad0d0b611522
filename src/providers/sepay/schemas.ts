import { z } from 'zod';
import { BankBin } from '../bank-bin.js';
import { list, Money, NumberOrString, OptionalMoney, RequiredText, Text, VietnamTime } from '../wire-scalars.js';

/*
 * Zod schemas of SePay user-API v1 (`/userapi/...`) bodies. v1 sends ids, money and flags
 * as strings (`"18067000.00"`, `"25"`, `"1"`); every numeric field also takes a number.
 * Only the fields bankbell reads are declared; unknown fields pass unread. Scalars come
 * out normalised (ids as canonical decimal strings, money as whole đồng, times as
 * instants; the scalar schemas are shared with v2, in wire-scalars.ts), so a bad value
 * fails here, in parseBody, with the path of the wrong field.
 */

/**
 * A v1 id: decimal digits, as a string or a number. Normalised (`"007"` → `"7"`) so the
 * same id always yields the same dedupe key and compares correctly as a BigInt.
 */
export const SepayV1Id = z
  .union([z.number().int().nonnegative(), z.string().trim().regex(/^\d+$/, 'expected a decimal id')])
  .transform((value) => BigInt(value).toString());

/**
 * The status half of every v1 body: `{status: 200, error: null, messages: {success: true}}`
 * is success. Business errors arrive with HTTP 200 too, so `status` and `error` decide.
 * Both are optional: a body without them is judged by its payload alone.
 */
export const SepayV1Status = z.object({
  status: NumberOrString.nullish(),
  error: z.unknown(),
  messages: z.unknown(),
});
export type SepayV1Status = z.output<typeof SepayV1Status>;

/** One transaction of `/userapi/transactions/list`. */
export const SepayV1Transaction = z
  .object({
    id: SepayV1Id,
    bank_brand_name: Text,
    account_number: RequiredText,
    transaction_date: VietnamTime,
    amount_in: Money,
    amount_out: Money,
    accumulated: OptionalMoney,
    transaction_content: Text,
    reference_number: Text,
    code: Text,
    sub_account: Text,
    bank_account_id: Text,
  })
  .superRefine((tx, ctx) => {
    // v1 has no transfer type: the direction is whichever amount is non-zero. Both at once
    // would make the sign a guess, and a guessed sign is a wrong alert.
    if (tx.amount_in > 0 && tx.amount_out > 0) {
      ctx.issues.push({
        code: 'custom',
        message: `both amount_in (${tx.amount_in}) and amount_out (${tx.amount_out}) are non-zero`,
        input: tx,
        path: ['amount_in'],
      });
    }
  });
export type SepayV1Transaction = z.output<typeof SepayV1Transaction>;

/** One bank account of `/userapi/bankaccounts/list`. */
export const SepayV1BankAccount = z.object({
  id: SepayV1Id,
  account_holder_name: Text,
  account_number: RequiredText,
  accumulated: OptionalMoney,
  last_transaction: Text,
  label: Text,
  active: Text,
  bank_short_name: RequiredText,
  bank_bin: BankBin,
  bank_full_name: Text,
  bank_code: Text,
});
export type SepayV1BankAccount = z.output<typeof SepayV1BankAccount>;

export const SepayV1TransactionList = z.object({ transactions: list(SepayV1Transaction) });

export const SepayV1BankAccountList = z.object({ bankaccounts: list(SepayV1BankAccount) });
