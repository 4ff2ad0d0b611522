import { err, ok, type Result } from '../../core/result.js';
import { leadingAmount } from '../../search/amount.js';
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
 * `500.000`), and here a bare number is an amount too (`/qr 12500`): see `leadingAmount`.
 */
export function parseQrArgs(args: string): Result<QrArgs, QrArgsError> {
  const words = args.trim().split(/\s+/).filter((w) => w !== '');
  const [first] = words;
  if (first === undefined) return err({ kind: 'usage' });
  const leading = leadingAmount(words);
  if (leading === null) return err({ kind: 'amount', word: first });
  const { amount, rest } = leading;
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
