import { graphemes } from '../../src/render/graphemes.js';
import { escapeHtml, page } from './html.js';

/** What the terminal showed: the program's output, or a line the user typed at the prompt. */
export type TerminalPart = { kind: 'output'; text: string } | { kind: 'input'; prompt: string; text: string };

export interface TerminalSize {
  cols: number;
  rows: number;
}

/** Cuts a line into rows of `cols` characters, as a terminal wraps it. */
function wrap(line: string, cols: number): string[] {
  const chars = [...graphemes(line)];
  if (chars.length <= cols) return [line];
  const rows: string[] = [];
  for (let i = 0; i < chars.length; i += cols) rows.push(chars.slice(i, i + cols).join(''));
  return rows;
}

/** The transcript as screen rows of HTML; typed text is highlighted, the last row holds the cursor. */
function screenRows(parts: readonly TerminalPart[], cols: number): string[] {
  const rows: string[] = [];
  for (const part of parts) {
    if (part.kind === 'input') {
      const [first = '', ...rest] = wrap(part.prompt + part.text, cols);
      const typed = first.slice(part.prompt.length);
      rows.push(`<span class="prompt">${escapeHtml(part.prompt)}</span><span class="typed">${escapeHtml(typed)}</span>`);
      rows.push(...rest.map((row) => `<span class="typed">${escapeHtml(row)}</span>`));
    } else {
      // Output ends with a newline; what follows it is the next part's row.
      const lines = part.text.replace(/\n$/, '').split('\n');
      if (part.text !== '') rows.push(...lines.flatMap((line) => wrap(line, cols)).map(escapeHtml));
    }
  }
  const last = rows.length - 1;
  rows[last] = `${rows[last] ?? ''}<span class="cursor"> </span>`;
  return rows;
}

const css = ({ cols }: TerminalSize): string => `
body { width: fit-content; background: #fff; }
.window { background: #1e1f24; border-radius: 8px; overflow: hidden; }
.titlebar { position: relative; height: 30px; background: #2c2d33; color: #a9abb3; font-family: 'Noto Sans', 'DejaVu Sans', sans-serif; font-size: 12.5px; line-height: 30px; text-align: center; }
.dots { position: absolute; left: 12px; top: 10px; display: flex; gap: 7px; }
.dots i { width: 11px; height: 11px; border-radius: 50%; display: block; }
pre { margin: 0; padding: 10px 14px 12px; width: ${cols}ch; color: #d6d8de; font-family: 'Noto Sans Mono', 'Noto Mono', 'DejaVu Sans Mono', monospace; font-size: 12.5px; line-height: 1.4; white-space: pre; }
.prompt { color: #7ec16e; }
.typed { color: #fff; font-weight: bold; }
.cursor { background: #d6d8de; }
`;

/**
 * A dark terminal window of `cols` × `rows` showing the end of a transcript, as the screen
 * looks at that moment: long lines wrap and what does not fit has scrolled off the top.
 */
export function terminalPage(title: string, parts: readonly TerminalPart[], size: TerminalSize): string {
  const rows = screenRows(parts, size.cols).slice(-size.rows);
  const body = `
<div class="window">
  <div class="titlebar"><span class="dots"><i style="background:#ff5f57"></i><i style="background:#febc2e"></i><i style="background:#28c840"></i></span>${escapeHtml(title)}</div>
  <pre>${rows.join('\n')}</pre>
</div>`;
  return page(title, css(size), body);
}
