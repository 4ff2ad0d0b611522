const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * User-perceived characters, so a cut never separates a letter from its combining accent
 * (Vietnamese text often arrives decomposed), a surrogate pair, or the parts of an emoji.
 */
export function* graphemes(value: string): Generator<string> {
  for (const { segment } of segmenter.segment(value)) yield segment;
}
