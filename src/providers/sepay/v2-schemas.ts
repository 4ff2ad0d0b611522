import { z } from 'zod';
import { BankBin } from '../bank-bin.js';
import { Count, list, Money, OptionalMoney, RequiredText, Text, VietnamTime } from '../wire-scalars.js';

/*
 * Zod schemas of SePay API v2 (`/v2/...`) bodies. v2 documents integers and UUIDs, but the
 * scalar schemas shared with v1 (wire-scalars.ts) still take numbers sent as strings. Only
 * the fields bankbell reads are declared; unknown fields pass unread.
 */

/**
 * A v2 id (a UUID). Kept verbatim and not held to the UUID grammar: bankbell only echoes it
 * back (as `since_id`) and uses it as a dedupe key.
 */
export const SepayV2Id = z.string().trim().min(1, 'expected an id');

/**
 * The status half of every v2 body: `status: "success"`, or `"error"` with `error_code` and
 * `message`. Declared loosely so the client can judge it and report SePay's own words.
 */
export const SepayV2Status = z.object({
  status: z.unknown().optional(),
  error_code: z.unknown().optional(),
  message: z.unknown().optional(),
});
export type SepayV2Status = z.output<typeof SepayV2Status>;

/** `true`/`false`, also sent as 1/0 or their strings by some serialisers. */
const Flag = z
  .union([z.boolean(), z.literal(0), z.literal(1), z.enum(['0', '1', 'true', 'false'])])
  .transform((value) => value === true || value === 1 || value === '1' || value === 'true');

/** `meta.pagination`; without `has_more`, there is more while `current_page < last_page`. */
export const SepayV2Pagination = z
  .object({
    total: Count,
    per_page: Count,
    current_page: Count,
    last_page: Count,
    has_more: Flag.nullish(),
  })
  .transform(({ has_more: hasMore, ...page }) => ({ ...page, has_more: hasMore ?? page.current_page < page.last_page }));
export type SepayV2Pagination = z.output<typeof SepayV2Pagination>;

const TransferType = z.string().trim().toLowerCase().pipe(z.enum(['in', 'out']));

/** One transaction of `GET /v2/transactions`. */
export const SepayV2Transaction = z
  .object({
    id: SepayV2Id,
    transaction_date: VietnamTime,
    account_number: RequiredText,
    /** Virtual account; `""` when none. */
    va: Text,
    /** Documented as always present; tolerated missing (the amounts then decide, as in v1). */
    transfer_type: TransferType.nullish(),
    amount_in: Money,
    amount_out: Money,
    accumulated: OptionalMoney,
    transaction_content: Text,
    reference_number: Text,
    code: Text,
    bank_brand_name: Text,
  })
  .superRefine((tx, ctx) => {
    // A transfer type that contradicts the amounts makes the sign a guess, and a guessed
    // sign is a wrong alert: refuse it loudly.
    const contradiction =
      tx.amount_in > 0 && tx.amount_out > 0
        ? `both amount_in (${tx.amount_in}) and amount_out (${tx.amount_out}) are non-zero`
        : tx.transfer_type === 'in' && tx.amount_out > 0
          ? `transfer_type "in" with amount_out ${tx.amount_out}`
          : tx.transfer_type === 'out' && tx.amount_in > 0
            ? `transfer_type "out" with amount_in ${tx.amount_in}`
            : null;
    if (contradiction) ctx.issues.push({ code: 'custom', message: contradiction, input: tx, path: ['transfer_type'] });
  });
export type SepayV2Transaction = z.output<typeof SepayV2Transaction>;

/** One bank account of `GET /v2/bank-accounts`. */
export const SepayV2BankAccount = z.object({
  id: SepayV2Id,
  account_holder_name: Text,
  account_number: RequiredText,
  /** SePay's tracked balance; 0 when it has none (BankHub, sandbox). */
  accumulated: OptionalMoney,
  bank_short_name: RequiredText,
  bank_bin: BankBin,
});
export type SepayV2BankAccount = z.output<typeof SepayV2BankAccount>;

const Meta = z.object({ pagination: SepayV2Pagination });

export const SepayV2TransactionList = z.object({ data: list(SepayV2Transaction), meta: Meta });
export const SepayV2BankAccountList = z.object({ data: list(SepayV2BankAccount), meta: Meta });
