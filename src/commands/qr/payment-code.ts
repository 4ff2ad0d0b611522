import { randomInt } from 'node:crypto';

/** No 0/O, 1/I/L: a cashier may have to read a code aloud or type it from a screen. */
const LETTERS = 'ABCDEFGHJKMNPQRSTUVWXYZ';
const DIGITS = '23456789';
const LENGTH = 8;

/**
 * A new payment code: 8 characters, a letter first, at least two letters and two digits.
 * Mixed letters and digits of one fixed length: a code is never found inside another open
 * code, and not inside the words (all letters) or account numbers and bank references (all
 * digits) that banks add to transfer content. `taken` are the codes in use.
 */
export function newPaymentCode(taken: ReadonlySet<string>, pick: (max: number) => number = randomInt): string {
  for (;;) {
    const chars = [LETTERS[pick(LETTERS.length)] ?? 'Q'];
    const alphabet = LETTERS + DIGITS;
    while (chars.length < LENGTH) chars.push(alphabet[pick(alphabet.length)] ?? 'Q');
    const code = chars.join('');
    const digits = code.replace(/\D/g, '').length;
    if (digits >= 2 && LENGTH - digits >= 2 && !taken.has(code)) return code;
  }
}
