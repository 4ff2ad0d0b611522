/**
 * A neutral rich-text document: what a message says, independent of the chat it goes to.
 * Every span's text is literal — renderers escape it for their target — so untrusted text
 * (transaction content, provider error strings) can be placed in any span safely.
 *
 * `verbatim` is someone else's words — a transfer content, a sender's or a member's name —
 * shown exactly as given and never as a live mention, link, hashtag or command. Escaping is not
 * enough for that on Telegram, which finds `@username`, URLs, `#tags` and `/commands` in plain
 * text by itself: there it is rendered as `code`, inside which Telegram finds nothing.
 */
export type SpanStyle = 'bold' | 'italic' | 'code' | 'verbatim';
export interface Span {
  readonly text: string;
  readonly style?: SpanStyle;
}
/** One line of a message; renderers join lines with `\n`. */
export type Line = readonly Span[];
export type Doc = readonly Line[];

export const text = (value: string): Span => ({ text: value });
export const bold = (value: string): Span => ({ text: value, style: 'bold' });
export const italic = (value: string): Span => ({ text: value, style: 'italic' });
export const code = (value: string): Span => ({ text: value, style: 'code' });
export const verbatim = (value: string): Span => ({ text: value, style: 'verbatim' });

/** An empty line, used to separate blocks (the splitter prefers to cut there). */
export const BLANK: Line = [];

// Line breaks inside a span would let untrusted text forge extra lines ("Tiền vào: +1.000.000.000 ₫")
// and break line-based splitting, so they become spaces; structure comes only from `Line`s.
const LINE_BREAKS = /\r\n|[\n\r\t\v\f\u0085\u2028\u2029]/g;
// Other C0/C1 controls (ESC can rewrite a terminal), bidi embeddings/overrides/isolates (can make
// text display reversed, e.g. a spoofed amount), characters that draw as blank but are not
// spaces (Hangul fillers, braille blank: a run of them can fake an empty line or indentation),
// and lone surrogates (not valid UTF-8, chat APIs reject the whole message) become U+FFFD so a
// reader sees that something was there.
const UNSAFE =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u115f\u1160\u3164\uffa0\u2800]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
// The same but for tab, LF and CR, and the line breaks a file keeps inside one field.
const UNSAFE_BUT_LINE_BREAKS =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u115f\u1160\u3164\uffa0\u2800]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const OTHER_LINE_BREAKS = /[\v\f\u0085\u2028\u2029]/g;
// Invisible format characters (category Cf: zero-width space and joiners, LRM/RLM, word joiner,
// BOM, tag characters…) and invisible marks (grapheme joiner, Khmer inherent vowels, Mongolian
// and supplementary variation selectors) are dropped: they show nothing, but can hide text from
// a reader or split a word so it looks different from what /find matches. A zero-width joiner
// between emoji stays, as it builds one emoji (👨‍👩‍👧).
const INVISIBLE =
  /(?<!\p{Extended_Pictographic}(?:\ufe0f|\p{Emoji_Modifier})?)\u200d|\u200d(?!\p{Extended_Pictographic})|(?!\u200d)[\p{Cf}\u034f\u17b4\u17b5\u180b-\u180d\u{e0100}-\u{e01ef}]/gu;
const NEEDS_CLEANING =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u115f\u1160\u3164\uffa0\u2800\p{Cf}\u034f\u17b4\u17b5\u180b-\u180d\u{e0100}-\u{e01ef}\ud800-\udfff]/u;

/** Makes span text safe to place on one line of any target. Idempotent; every renderer applies it. */
export function cleanText(value: string): string {
  if (!NEEDS_CLEANING.test(value)) return value;
  return value.replace(LINE_BREAKS, ' ').replace(UNSAFE, '\ufffd').replace(INVISIBLE, '');
}

/**
 * As cleanText, but CR, LF and tab stay where they are: for a field of a file (an export's CSV
 * cell), which keeps a content of several lines whole. Other line and paragraph separators
 * become spaces, as in a chat.
 */
export function cleanMultilineText(value: string): string {
  if (!NEEDS_CLEANING.test(value)) return value;
  return value.replace(OTHER_LINE_BREAKS, ' ').replace(UNSAFE_BUT_LINE_BREAKS, '\ufffd').replace(INVISIBLE, '');
}
