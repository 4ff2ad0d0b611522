import { cleanText, type Doc, type Span } from '../../render/doc.js';
import { splitDoc, type Measure } from '../../render/split.js';

/**
 * Our cap for one Slack message's `text`: Slack advises keeping it under 4 000 characters (it
 * truncates at 40 000). A section block's text is capped at 3 000 — pass that to
 * toSlackMessages when sending blocks. Measured on the mrkdwn string itself, escapes included.
 */
export const SLACK_MAX_CHARS = 3500;

/**
 * Slack has no escape for its formatting characters, so inside text they are swapped for
 * look-alike characters that mrkdwn ignores (as the jsx-slack library does). A zero-width space
 * would NOT work: Slack treats it as a word boundary, which is the known trick to *force*
 * formatting mid-word. The full-width forms are also formatting characters for Slack.
 */
const LOOKALIKES: Readonly<Record<string, string>> = {
  '*': '\u2217', // ∗ asterisk operator
  '_': '\u02cd', // ˍ modifier letter low macron
  '~': '\u223c', // ∼ tilde operator
  '`': '\u02cb', // ˋ modifier letter grave accent
  '\uff0a': '\ufe61', // ＊ → ﹡ small asterisk
  '\uff3f': '\u2e0f', // ＿ → ⸏ paragraphos
  '\uff40': '\u02cb', // ｀ → ˋ
};
const SPECIAL = /[&<>*_~`\uff0a\uff3f\uff40]/g;

function replaceSpecial(ch: string): string {
  if (ch === '&') return '&amp;';
  if (ch === '<') return '&lt;';
  if (ch === '>') return '&gt;';
  return LOOKALIKES[ch] ?? ch;
}

/**
 * Escapes literal text for Slack mrkdwn.
 *
 * Mentions and links only exist in Slack as `<…>` tokens (`<!channel>`, `<!here>`, `<@U123>`,
 * `<#C1>`, `<!subteam^…>`, `<http://x|y>`); with `<` and `>` escaped none can be formed. A bare
 * `@here`/`@channel`/`@everyone` in the text does not ping: Slack only turns names into mentions
 * when the message is posted with `link_names: true` or `parse: 'full'`, and the default for
 * chat.postMessage is `parse: 'none'` — so the sender must never set those two. Bare URLs are
 * auto-linked but always show their real target; `:emoji:` codes may render as emoji (cosmetic).
 */
export function escapeSlackMrkdwn(value: string): string {
  return cleanText(value).replace(SPECIAL, replaceSpecial);
}

const MARKERS = { bold: '*', italic: '_', code: '`' } as const;

function renderSpan(span: Span): string {
  const body = escapeSlackMrkdwn(span.text);
  // Verbatim text needs no marker on Slack: escaped, and posted with `parse: 'none'` and
  // `verbatim: true`, it is neither linked nor a mention (see escapeSlackMrkdwn).
  if (!span.style || span.style === 'verbatim') return body;
  // Slack ignores `* x*`: the markers must touch non-space characters, so keep spaces outside.
  const match = /^(\s*)(.*?)(\s*)$/su.exec(body);
  const [, lead = '', core = '', trail = ''] = match ?? [];
  if (core === '') return body;
  const marker = MARKERS[span.style];
  return `${lead}${marker}${core}${marker}${trail}`;
}

// `>` (escaped or full-width) at the start of a line makes a block quote; an invisible soft
// hyphen in front stops that without changing what is read.
const QUOTE_START = /^\s*(?:&gt;|\uff1e)/;

// Slack applies a style only when its markers touch a boundary it recognises, and whether a
// non-breaking space is one is not documented: next to a marker it goes out as a plain space.
// Every `*`, `_` and `` ` `` left after escaping is a marker.
const NBSP_BY_MARKER = /(?<=[*_`])\u00a0|\u00a0(?=[*_`])/g;

function renderLine(line: readonly Span[]): string {
  const rendered = line.map(renderSpan).join('').replace(NBSP_BY_MARKER, ' ');
  return QUOTE_START.test(rendered) ? `\u00ad${rendered}` : rendered;
}

/**
 * Renders a doc as Slack mrkdwn (for `text` with `mrkdwn: true`, or a `mrkdwn` text object with
 * `verbatim: true`). Styles become `*bold*`, `_italic_`, `` `code` ``; all span text is escaped.
 * Slack only applies a style at word boundaries, so doc builders keep styled spans next to spaces
 * or punctuation.
 */
export function toSlackMrkdwn(doc: Doc): string {
  return doc.map(renderLine).join('\n');
}

/** Lengths as Slack counts them: the escaped mrkdwn, with markers, a newline and a possible soft hyphen per line. */
export const slackMeasure: Measure = {
  text: (value) => escapeSlackMrkdwn(value).length,
  style: (style) => (style === 'verbatim' ? 0 : 2),
  line: 2,
};

/** A doc as one or more Slack mrkdwn messages, each at most `maxChars` long as sent. */
export function toSlackMessages(doc: Doc, maxChars = SLACK_MAX_CHARS): string[] {
  return splitDoc(doc, maxChars, slackMeasure).map(toSlackMrkdwn);
}
