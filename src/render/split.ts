import { cleanText, type Doc, type Line, type Span, type SpanStyle } from './doc.js';
import { graphemes } from './graphemes.js';

/** How much of a target's length limit a piece of a doc uses once rendered for that target. */
export interface Measure {
  /** Length of a span's (cleaned) text once rendered, escapes included. */
  text(value: string): number;
  /** Extra length of the markup around a span of this style. */
  style(style: SpanStyle): number;
  /** Extra length per line: its newline, plus any guard the renderer may add. */
  line: number;
}

/** Visible characters in UTF-16 units: what Telegram's 4096 limit counts (tags excluded). */
export const visibleMeasure: Measure = { text: (value) => value.length, style: () => 0, line: 1 };

function spanCost(span: Span, measure: Measure): number {
  const body = measure.text(span.text);
  return span.style && body > 0 ? body + measure.style(span.style) : body;
}

function lineCost(line: Line, measure: Measure): number {
  return line.reduce((sum, span) => sum + spanCost(span, measure), measure.line);
}

/** Breaks a line that alone exceeds the limit into several lines, between graphemes. */
function hardWrap(line: Line, maxChars: number, measure: Measure): Line[] {
  const budget = maxChars - measure.line;
  const lines: Line[] = [];
  let current: Span[] = [];
  let used = 0;
  for (const span of line) {
    const cost = spanCost(span, measure);
    if (used + cost <= budget) {
      current.push(span);
      used += cost;
      continue;
    }
    const styleCost = span.style ? measure.style(span.style) : 0;
    let piece = '';
    let pieceCost = styleCost;
    for (const g of graphemes(span.text)) {
      const c = measure.text(g);
      if (used + pieceCost + c > budget && (piece !== '' || current.length > 0)) {
        if (piece !== '') current.push({ ...span, text: piece });
        lines.push(current);
        current = [];
        used = 0;
        piece = '';
        pieceCost = styleCost;
      }
      piece += g;
      pieceCost += c;
    }
    if (piece !== '') {
      current.push({ ...span, text: piece });
      used += pieceCost;
    }
  }
  if (current.length > 0) lines.push(current);
  return lines;
}

const isBlank = (line: Line): boolean => line.every((span) => span.text.trim() === '');

function trimBlankLines(lines: readonly Line[]): Line[] {
  let start = 0;
  let end = lines.length;
  while (start < end && isBlank(lines[start] ?? [])) start++;
  while (end > start && isBlank(lines[end - 1] ?? [])) end--;
  return lines.slice(start, end);
}

/**
 * Splits a doc into several docs that each fit `maxChars` as measured for the target. Cuts at line
 * boundaries, preferring a blank line (so one transaction of a /find answer stays in one message);
 * a single line longer than the limit is wrapped between graphemes. Blank lines at the edges of
 * each part are dropped; an empty doc gives no parts.
 */
export function splitDoc(doc: Doc, maxChars: number, measure: Measure = visibleMeasure): Doc[] {
  const lines = doc
    .map((line) => line.map((span) => ({ ...span, text: cleanText(span.text) })))
    .flatMap((line) => (lineCost(line, measure) > maxChars ? hardWrap(line, maxChars, measure) : [line]));

  const parts: Doc[] = [];
  const emit = (part: readonly Line[]): void => {
    const trimmed = trimBlankLines(part);
    if (trimmed.length > 0) parts.push(trimmed);
  };
  let current: Line[] = [];
  let used = 0;
  for (const line of lines) {
    const cost = lineCost(line, measure);
    if (current.length > 0 && used + cost > maxChars) {
      const blank = current.findLastIndex(isBlank);
      if (blank > 0) {
        emit(current.slice(0, blank));
        current = current.slice(blank + 1);
        used = current.reduce((sum, l) => sum + lineCost(l, measure), 0);
      }
      if (used + cost > maxChars) {
        emit(current);
        current = [];
        used = 0;
      }
    }
    current.push(line);
    used += cost;
  }
  emit(current);
  return parts;
}
