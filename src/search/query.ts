import { z } from 'zod';
import { err, ok, type Result } from '../core/result.js';
import { isAmountSuffixWord, parseAmount } from './amount.js';
import { looksLikeDate, parseCalendarDate } from './calendar-date.js';
import { foldVietnamese } from './fold.js';

const CalendarDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** A parsed `/find` query. Every given filter must hold (AND); amounts are alternatives (OR). */
export const FindQuery = z.object({
  /** Folded words and quoted phrases; each must occur in the transaction content. */
  text: z.array(z.string().min(1)),
  /** Absolute amounts in đồng; a transaction matches when its |amount| is any of them. */
  amounts: z.array(z.number().int().positive()),
  /** A calendar day in TZ_DISPLAY (`YYYY-MM-DD`). */
  day: CalendarDay.nullable(),
  /** First day of a range, inclusive, in TZ_DISPLAY. */
  from: CalendarDay.nullable(),
  /** Last day of a range, inclusive, in TZ_DISPLAY. */
  to: CalendarDay.nullable(),
  /** Trailing digits of the account number. */
  accountSuffix: z.string().regex(/^\d+$/).nullable(),
});
export type FindQuery = z.infer<typeof FindQuery>;

export const FindFilter = z.enum(['day', 'from', 'to', 'acc']);
export type FindFilter = z.infer<typeof FindFilter>;

/** Why a query was refused; the caller answers with the reason and the usage text. */
export const FindQueryError = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('empty') }),
  z.object({ kind: z.literal('bad-date'), token: z.string() }),
  z.object({ kind: z.literal('bad-account'), token: z.string() }),
  z.object({ kind: z.literal('bad-range'), from: CalendarDay, to: CalendarDay }),
  z.object({ kind: z.literal('repeated'), filter: FindFilter }),
  z.object({ kind: z.literal('too-long'), limit: z.number().int().positive() }),
]);
export type FindQueryError = z.infer<typeof FindQueryError>;

interface Token {
  raw: string;
  quoted: boolean;
}

const OPEN_QUOTES = '"“„';
const CLOSE_QUOTES = '"”“';

/** Splits on whitespace; `"…"` (also typographic quotes phones insert) keeps a phrase together. */
function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const ch = input.charAt(i);
    if (/\s/.test(ch)) {
      i++;
    } else if (OPEN_QUOTES.includes(ch)) {
      let end = i + 1;
      while (end < input.length && !CLOSE_QUOTES.includes(input.charAt(end))) end++;
      tokens.push({ raw: input.slice(i + 1, end), quoted: true });
      i = end + 1;
    } else {
      let end = i;
      while (end < input.length && !/\s/.test(input.charAt(end))) end++;
      tokens.push({ raw: input.slice(i, end), quoted: false });
      i = end;
    }
  }
  return tokens;
}

/** `from:`/`to:`/`acc:` and their Vietnamese forms `từ:`/`đến:`/`tk:` (matched folded). */
const KEYS: ReadonlyMap<string, 'from' | 'to' | 'acc'> = new Map([
  ['from', 'from'],
  ['tu', 'from'],
  ['to', 'to'],
  ['den', 'to'],
  ['acc', 'acc'],
  ['tk', 'acc'],
]);
const KEYED = /^([a-z]+):(.*)$/;
const NUMBER = /^[+-]?\d[\d.,]*$/;
/** Punctuation around a word that is never part of what is searched (`DH1042,` → `dh1042`). */
const EDGE_PUNCTUATION = new Set('.,;:!?()[]{}\'"“”‘’');
/**
 * Longer than any real search (a few words, an amount, a date, an account); a cap keeps a
 * pasted wall of text from costing the bot anything.
 */
export const MAX_FIND_QUERY_CHARS = 200;

/** Trims EDGE_PUNCTUATION from both ends with two scans (a regex anchored at `$` backtracks). */
export function trimEdgePunctuation(word: string): string {
  let start = 0;
  let end = word.length;
  while (start < end && EDGE_PUNCTUATION.has(word.charAt(start))) start++;
  while (end > start && EDGE_PUNCTUATION.has(word.charAt(end - 1))) end--;
  return word.slice(start, end);
}

type Word =
  | { kind: 'text'; value: string }
  | { kind: 'amount'; value: number }
  | { kind: 'filter'; filter: FindFilter; value: string };

/** Reads one word; `used` is 2 when it also took the next token (a `from:` value, a unit). */
function readWord(token: Token, next: Token | undefined): Result<{ word: Word; used: number }, FindQueryError> {
  const folded = foldVietnamese(token.raw);
  if (token.quoted) return ok({ word: { kind: 'text', value: folded }, used: 1 });

  const keyed = KEYED.exec(folded);
  const key = keyed ? KEYS.get(keyed[1] ?? '') : undefined;
  if (keyed && key) {
    const inline = keyed[2] ?? '';
    const value = inline === '' && next ? foldVietnamese(next.raw) : inline;
    const used = inline === '' && next ? 2 : 1;
    const shown = used === 2 ? `${token.raw} ${next?.raw ?? ''}` : token.raw;
    if (key === 'acc') {
      // A masked account as shown in digests (`…6789`, `*6789`) is accepted too.
      const digits = value.replace(/^[*….]+/, '');
      if (!/^\d+$/.test(digits)) return err({ kind: 'bad-account', token: shown });
      return ok({ word: { kind: 'filter', filter: 'acc', value: digits }, used });
    }
    const day = looksLikeDate(value) ? parseCalendarDate(value) : null;
    if (!day) return err({ kind: 'bad-date', token: shown });
    return ok({ word: { kind: 'filter', filter: key, value: day }, used });
  }

  if (looksLikeDate(folded)) {
    const day = parseCalendarDate(folded);
    if (!day) return err({ kind: 'bad-date', token: token.raw });
    return ok({ word: { kind: 'filter', filter: 'day', value: day }, used: 1 });
  }

  // `2 triệu`, `500.000 đ`: a unit or currency written apart belongs to the number before it.
  const nextFolded = next && !next.quoted ? foldVietnamese(next.raw) : '';
  if (NUMBER.test(folded) && isAmountSuffixWord(nextFolded)) {
    const joined = parseAmount(folded + nextFolded);
    if (joined !== null) return ok({ word: { kind: 'amount', value: joined }, used: 2 });
  }
  const amount = parseAmount(folded);
  if (amount !== null) return ok({ word: { kind: 'amount', value: amount }, used: 1 });

  return ok({ word: { kind: 'text', value: trimEdgePunctuation(folded) }, used: 1 });
}

const FILTER_FIELD = { day: 'day', from: 'from', to: 'to', acc: 'accountSuffix' } as const;

/**
 * Parses the words after `/find` (grammar in /find's usage text, src/commands/find/wording.ts): text words and
 * `"quoted phrases"` matched accent/case-insensitively; amounts (`500k`, `1tr5`, … — parseAmount
 * says when a bare number is one); one date (`2025-11-03`, `03/11/2025`); `from:`/`to:` dates,
 * inclusive, the value also accepted after a space; `acc:<digits>`. A filter given twice with
 * different values, an impossible date, nothing to search for, or more than
 * MAX_FIND_QUERY_CHARS characters is an error.
 */
export function parseFindQuery(input: string): Result<FindQuery, FindQueryError> {
  if (input.trim().length > MAX_FIND_QUERY_CHARS) return err({ kind: 'too-long', limit: MAX_FIND_QUERY_CHARS });
  const query: FindQuery = { text: [], amounts: [], day: null, from: null, to: null, accountSuffix: null };
  const tokens = tokenize(input);
  for (let i = 0; i < tokens.length; ) {
    const token = tokens[i];
    if (!token) break;
    const read = readWord(token, tokens[i + 1]);
    if (!read.ok) return read;
    const { word, used } = read.value;
    i += used;
    if (word.kind === 'text') {
      if (word.value !== '' && !query.text.includes(word.value)) query.text.push(word.value);
    } else if (word.kind === 'amount') {
      if (!query.amounts.includes(word.value)) query.amounts.push(word.value);
    } else {
      const field = FILTER_FIELD[word.filter];
      const current = query[field];
      if (current !== null && current !== word.value) return err({ kind: 'repeated', filter: word.filter });
      query[field] = word.value;
    }
  }

  const { text, amounts, day, from, to, accountSuffix } = query;
  if (text.length + amounts.length === 0 && !day && !from && !to && !accountSuffix) {
    return err({ kind: 'empty' });
  }
  if (from && to && from > to) return err({ kind: 'bad-range', from, to });
  return ok(query);
}
