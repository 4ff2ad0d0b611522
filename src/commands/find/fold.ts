/**
 * Folds text for accent- and case-insensitive search: NFD, combining marks dropped, đ/Đ → d,
 * lower case, runs of whitespace collapsed to one space, trimmed.
 * `Chuyển  TIỀN` → `chuyen tien`.
 */
export function foldVietnamese(value: string): string {
  return value
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/** Every precomposed Latin letter that folds to each ASCII letter, e.g. `e` → `eèéẻẽẹêềếểễệ…`. */
const LETTER_VARIANTS: ReadonlyMap<string, string> = (() => {
  const variants = new Map<string, string>();
  const ranges: readonly [number, number][] = [
    [0x41, 0x5a],
    [0x61, 0x7a],
    [0xc0, 0x24f],
    [0x1e00, 0x1eff],
  ];
  for (const [from, to] of ranges) {
    for (let cp = from; cp <= to; cp++) {
      const ch = String.fromCodePoint(cp);
      const folded = foldVietnamese(ch);
      if (/^[a-z]$/.test(folded)) variants.set(folded, (variants.get(folded) ?? '') + ch);
    }
  }
  return variants;
})();

// With the `u` flag only syntax characters may be escaped (`\-` would be a SyntaxError).
const escapeRegExp = (ch: string): string => ch.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');

function searchPattern(term: string, afterEachChar: string, flags: string): RegExp {
  let source = '';
  for (const ch of term) {
    if (ch === ' ') {
      source += '\\s+';
      continue;
    }
    const variants = LETTER_VARIANTS.get(ch);
    source += (variants ? `[${variants}]` : escapeRegExp(ch)) + afterEachChar;
  }
  return new RegExp(source, flags);
}

const COMBINING_MARK = /[\u0300-\u036f]/;

/**
 * A test for whether unfolded text contains `term` (already folded), so contents never have to
 * be folded: testing raw strings is several times faster than folding 100 000 contents per
 * search. Each letter accepts all its accented forms in either case; a space accepts any run of
 * whitespace. Text that arrives decomposed (base letter + combining marks U+0300–U+036F, as
 * macOS input sometimes does; rare) gets a second, slower pattern that skips marks. Agrees with `foldVietnamese(text).includes(term)` for
 * Latin-script text.
 */
export function foldedSearch(term: string): (text: string) => boolean {
  const precomposed = searchPattern(term, '', 'i');
  const decomposed = searchPattern(term, '\\p{M}*', 'iu');
  return (text) => precomposed.test(text) || (COMBINING_MARK.test(text) && decomposed.test(text));
}
