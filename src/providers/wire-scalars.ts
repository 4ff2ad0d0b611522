import { z } from 'zod';
import { parseDong } from '../core/money.js';
import { parseVietnamTime } from '../core/zoned-time.js';

/*
 * Zod schemas of the scalar values every provider body is made of, polled or pushed. Numbers
 * may come as numbers or strings (`"18067000.00"`), optional fields as absent, null or "".
 * Each comes out normalised (money as whole đồng, times as instants, blanks as null), so a
 * bad value fails where the body is parsed, with the path of the wrong field.
 */

export const isBlank = (value: unknown): value is null | undefined | '' =>
  value === null || value === undefined || value === '';

export const NumberOrString = z.union([z.number(), z.string()]);

/** A whole number sent as `12`, `"12"` or `"12.00"`; `signed` allows negatives. */
function wholeNumber(what: string, options: { signed: boolean }) {
  return NumberOrString.transform((value, ctx) => {
    const n = parseDong(value);
    if (n === null || (!options.signed && n < 0)) {
      ctx.issues.push({ code: 'custom', message: `${what}, got ${JSON.stringify(value)}`, input: value });
      return z.NEVER;
    }
    return n;
  });
}

/** Absent, null or "" read as null; anything else must pass `schema` (whose message then shows). */
export function optional<T>(schema: z.ZodType<T>) {
  return z.preprocess((value) => (isBlank(value) ? null : value), schema.nullable());
}

/** Money must be whole đồng: a fraction means we misread the unit, so it fails loudly. */
export const Money = wholeNumber('not a whole, non-negative number of đồng', { signed: false });
export const OptionalMoney = optional(Money);
/** Casso signs its amounts: negative is money out. */
export const SignedMoney = wholeNumber('not a whole number of đồng', { signed: true });
export const OptionalSignedMoney = optional(SignedMoney);
export const Count = wholeNumber('expected a whole, non-negative number', { signed: false });
/** Status and error codes: any whole number. */
export const Integer = wholeNumber('expected a whole number', { signed: true });
export const OptionalCount = optional(Count);

/** Free text; absent, null and "" read as null. Numbers are taken as text (ids, bank BINs). */
export const Text = NumberOrString.nullish().transform((value) => (isBlank(value) ? null : String(value)));
/** Text a record cannot do without, such as an account number. */
export const RequiredText = z.union([z.string().trim().min(1), z.number()]).transform(String);

/** A time as the provider sent it (`raw`, kept verbatim) and the instant it means in Vietnam time. */
export interface WireTime {
  raw: string;
  iso: string;
}

/** A Vietnam wall-clock time (date-only and bogus-`Z` forms included); unreadable fails the parse. */
export const VietnamTime = z.string().transform((raw, ctx): WireTime => {
  const iso = parseVietnamTime(raw);
  if (iso === null) {
    ctx.issues.push({ code: 'custom', message: `unreadable time ${JSON.stringify(raw)}`, input: raw });
    return z.NEVER;
  }
  return { raw, iso };
});
export const OptionalVietnamTime = optional(VietnamTime);

/** A list may come back as `null` when empty; an absent list is an error, not "nothing". */
export function list<R extends z.ZodType>(record: R) {
  return z
    .array(record)
    .nullable()
    .transform((value) => value ?? []);
}
