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

/**
 * What a doc's lines take of a part's limit as splitDoc counts them: the room a message keeps
 * for lines added to it later.
 */
export function docCost(doc: Doc, measure: Measure = visibleMeasure): number {
  return doc.reduce((sum, line) => sum + lineCost(line.map((span) => ({ ...span, text: cleanText(span.text) })), measure), 0);
}

/**
 * Breaks a line that alone exceeds the limit into several lines, between graphemes: the first
 * within `firstRoom` (what is left of the part it starts in), the others within the limit.
 */
function hardWrap(line: Line, maxChars: number, measure: Measure, firstRoom = maxChars): Line[] {
  let budget = firstRoom - measure.line;
  const lines: Line[] = [];
  let current: Span[] = [];
  let used = 0;
  const next = (): void => {
    lines.push(current);
    current = [];
    used = 0;
    budget = maxChars - measure.line;
  };
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
        next();
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
 * A line of the doc being split, with the heading line above it (-1: none) in `items`. A line
 * longer than a part (`long`) is wrapped where it lands.
 */
interface Item {
  line: Line;
  cost: number;
  heading: boolean;
  under: number;
  long: boolean;
}

/**
 * A line longer than a part goes on in what is left of the part before it when that is at least
 * this share of a part; with less left it starts a part of its own.
 */
const LONG_LINE_FILLS = 1 / 4;

/**
 * Splits a doc into several docs that each fit `maxChars` as measured for the target. Cuts at line
 * boundaries, preferring a blank line (so one transaction of a /find answer stays in one message);
 * a single line longer than the limit is wrapped between graphemes, filling the rest of the part
 * it starts in (so a long transfer content takes no more messages than it must, and is never
 * cut). Blank lines at the edges of each part are dropped; an empty doc gives no parts.
 *
 * Lines for which `repeats` holds head the lines below them (up to the next such line): a part
 * that starts below one of them starts with a copy of it, so that, say, a digest's payments are
 * never shown without the line naming their account.
 */
export function splitDoc(doc: Doc, maxChars: number, measure: Measure = visibleMeasure, repeats: (line: Line) => boolean = () => false): Doc[] {
  const items: Item[] = [];
  let under = -1;
  for (const original of doc) {
    const heading = repeats(original);
    const line = original.map((span) => ({ ...span, text: cleanText(span.text) }));
    const cost = lineCost(line, measure);
    const long = cost > maxChars;
    // A heading too long for one line is not repeated: its copy alone would fill a part.
    const repeatable = heading && !long;
    items.push({ line, cost, heading: repeatable, under: repeatable ? -1 : under, long });
    if (heading) under = repeatable ? items.length - 1 : -1;
  }

  const parts: Doc[] = [];
  const emit = (part: readonly Item[]): void => {
    const trimmed = trimBlankLines(part.map((item) => item.line));
    if (trimmed.length > 0) parts.push(trimmed);
  };
  const costOf = (part: readonly Item[]): number => part.reduce((sum, item) => sum + item.cost, 0);
  /** `rest` as the start of a new part: under its heading again when it starts below one, and that still fits with `next`. */
  const restart = (rest: Item[], next: Item): Item[] => {
    const first = rest.find((item) => !isBlank(item.line)) ?? next;
    const heading = first.heading ? undefined : items[first.under];
    if (heading === undefined) return rest;
    const withHeading = [heading, ...rest];
    return costOf(withHeading) + next.cost <= maxChars ? withHeading : rest;
  };
  let current: Item[] = [];
  let used = 0;
  const place = (item: Item): void => {
    if (current.length > 0 && used + item.cost > maxChars) {
      // Cut at the last blank line when what follows it then stays together; a block longer
      // than a part is cut where it fills the part instead (a digest's header is not left alone).
      const blank = current.findLastIndex((c) => isBlank(c.line));
      const rest = blank > 0 ? restart(current.slice(blank + 1), item) : [];
      if (blank > 0 && costOf(rest) + item.cost <= maxChars) {
        emit(current.slice(0, blank));
        current = rest;
        used = costOf(current);
      }
      if (used + item.cost > maxChars) {
        emit(current);
        current = restart([], item);
        used = costOf(current);
      }
    }
    current.push(item);
    used += item.cost;
  };
  for (const item of items) {
    if (!item.long) {
      place(item);
      continue;
    }
    const room = maxChars - used;
    const pieces = hardWrap(item.line, maxChars, measure, room >= maxChars * LONG_LINE_FILLS ? room : maxChars);
    for (const line of pieces) place({ ...item, line, cost: lineCost(line, measure), long: false });
  }
  emit(current);
  return parts;
}
