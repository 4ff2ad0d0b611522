import { err, ok, type Result } from '../../core/result.js';
import { foldVietnamese } from '../../search/fold.js';
import { isAmountSuffixWord, parseAmount } from '../../search/amount.js';
import { truncateText } from '../../render/truncate.js';

export interface QrArgs {
  /** Đồng, above zero. */
  amount: number;
  /** `acc:<digits>`: the account whose number ends so; null when not given. */
  accountSuffix: string | null;
  /** The rest, as typed. */
  note: string;
}

export type QrArgsError = { kind: 'usage' } | { kind: 'amount'; word: string } | { kind: 'account'; word: string };

/**
 * The longest note kept, in UTF-16 units: it is shown in a caption, whose whole length Telegram
 * caps at 1024. A longer one is cut between graphemes (never inside an emoji, whose half no
 * store or chat takes) and ends with `…`.
 */
export const MAX_NOTE_CHARS = 200;

/**
 * `/qr <amount> [acc:<digits>] [note…]`. The amount is written as in /find (`250k`, `1tr5`,
 * `500.000`), and here a bare number is an amount too (`/qr 12500`): nothing else is meant.
 */
export function parseQrArgs(args: string): Result<QrArgs, QrArgsError> {
  const words = args.trim().split(/\s+/).filter((w) => w !== '');
  const [first, ...afterFirst] = words;
  if (first === undefined) return err({ kind: 'usage' });
  // `250 nghìn`, `2 triệu`, `500.000 đ`: a unit standing alone after the number belongs to it.
  const unit = afterFirst[0] === undefined ? '' : foldVietnamese(afterFirst[0]);
  const joined = isAmountSuffixWord(unit) ? parseAmount(foldVietnamese(first) + unit) : null;
  const rest = joined === null ? afterFirst : afterFirst.slice(1);
  const folded = foldVietnamese(first);
  const amount = joined ?? parseAmount(folded) ?? (/^\d+$/.test(folded) && Number(folded) > 0 ? Number(folded) : null);
  if (amount === null || !Number.isSafeInteger(amount)) return err({ kind: 'amount', word: first });
  let accountSuffix: string | null = null;
  const note: string[] = [];
  for (const word of rest) {
    const acc = /^(?:acc|tk):(.*)$/i.exec(word);
    if (acc === null || accountSuffix !== null) {
      note.push(word);
      continue;
    }
    const digits = acc[1] ?? '';
    if (!/^[A-Za-z0-9]+$/.test(digits)) return err({ kind: 'account', word });
    accountSuffix = digits;
  }
  return ok({ amount, accountSuffix, note: truncateText(note.join(' '), MAX_NOTE_CHARS) });
}
