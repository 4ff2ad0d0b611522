import { err, ok, type Result } from '../../core/result.js';
import { leadingAmount } from '../../search/amount.js';
import { searchWords } from '../../search/words.js';
import { truncateText } from '../../render/truncate.js';

export interface CheckArgs {
  /** Đồng, above zero. */
  amount: number;
  /** The words after the amount, folded as /find matches them. */
  words: string[];
  /** Those words as typed, shown in the answer. */
  asked: string;
}

export type CheckArgsError = { kind: 'usage' } | { kind: 'amount'; word: string };

/** The longest words kept: a check names a buyer or an order, not a story. */
export const MAX_CHECK_WORDS_CHARS = 100;

/**
 * `/check <amount> [words…]`. The amount is written as in /find (`250k`, `1tr5`, `500.000`; a
 * bare number too, see `leadingAmount`); the words after it, matched as /find matches text, must
 * be in the payment's content or its sender's name.
 */
export function parseCheckArgs(args: string): Result<CheckArgs, CheckArgsError> {
  const all = args.trim().split(/\s+/).filter((w) => w !== '');
  const [first] = all;
  if (first === undefined) return err({ kind: 'usage' });
  const leading = leadingAmount(all);
  if (leading === null) return err({ kind: 'amount', word: first });
  const asked = truncateText(leading.rest.join(' '), MAX_CHECK_WORDS_CHARS);
  return ok({ amount: leading.amount, words: searchWords(asked), asked });
}
