import { z } from 'zod';
import { parseDong } from '../money.js';
import { parseVietnamTime } from '../vietnam-time.js';

/*
 * Zod schemas of the scalar values both SePay API versions send: v1 as strings
 * (`"18067000.00"`), v2 as numbers, either may change. Each comes out normalised (money as
 * whole đồng, times as instants, "" as null), so a bad value fails in parseBody with the
 * path of the wrong field.
 */

type Blank = null | undefined | '';
const isBlank = (value: unknown): value is Blank => value === null || value === undefined || value === '';

export const NumberOrString = z.union([z.number(), z.string()]);

/** A whole, non-negative number sent as `12`, `"12"` or `"12.00"`. */
function wholeNumber(what: string) {
  return NumberOrString.transform((value, ctx) => {
    const n = parseDong(value);
    if (n === null || n < 0) {
      ctx.issues.push({ code: 'custom', message: `${what}, got ${JSON.stringify(value)}`, input: value });
      return z.NEVER;
    }
    return n;
  });
}

/** Money must be whole đồng: a fraction means we misread the unit, so it fails loudly. */
export const Money = wholeNumber('not a whole number of đồng');
export const OptionalMoney = Money.nullish()
  .or(z.literal(''))
  .transform((value) => (isBlank(value) ? null : value));
export const Count = wholeNumber('expected a whole number');

/** Free text; "" and null both mean "not given". */
export const Text = NumberOrString.nullish().transform((value) => (isBlank(value) ? null : String(value)));
/** Text a record cannot do without, such as an account number. */
export const RequiredText = z.union([z.string().trim().min(1), z.number()]).transform(String);

/** A time as SePay sent it (`raw`, kept verbatim) and the instant it means in Vietnam time. */
export interface SepayTime {
  raw: string;
  iso: string;
}

export const Time = z.string().transform((raw, ctx): SepayTime => {
  const iso = parseVietnamTime(raw);
  if (iso === null) {
    ctx.issues.push({ code: 'custom', message: `unreadable time ${JSON.stringify(raw)}`, input: raw });
    return z.NEVER;
  }
  return { raw, iso };
});

/** A list may come back as `null` when empty; an absent list is an error, not "nothing". */
export function list<R extends z.ZodType>(record: R) {
  return z
    .array(record)
    .nullable()
    .transform((value) => value ?? []);
}
