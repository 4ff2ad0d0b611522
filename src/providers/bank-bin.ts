import { isBlank, NumberOrString } from './wire-scalars.js';

/**
 * A bank's BIN (the six-digit NAPAS bank id a VietQR code names), as Casso (`BIN`, a number)
 * and SePay (`bank_bin`, a string) report it. Anything else reads as unknown rather than
 * failing the whole account list: /balance does not need it, and /qr says it is missing.
 */
export const BankBin = NumberOrString.nullish().transform((value) => {
  if (isBlank(value)) return null;
  const digits = String(value).trim();
  return /^\d{6}$/.test(digits) ? digits : null;
});
