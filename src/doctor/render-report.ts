import type { CheckRow } from '../checks/check-row.js';

const HEADER = { check: 'CHECK', status: 'STATUS', detail: 'DETAIL' };
const GAP = '  ';

/**
 * The doctor's table, `CHECK  STATUS  DETAIL`, aligned, then a one-line summary. Details
 * longer than `width` allows are wrapped under the DETAIL column (a terminal's width;
 * Infinity for pipes and files, so each row stays one line for grep).
 */
export function renderReport(rows: readonly CheckRow[], options: { width?: number } = {}): string {
  const table = [HEADER, ...rows];
  const checkWidth = Math.max(...table.map((r) => r.check.length));
  const statusWidth = Math.max(...table.map((r) => r.status.length));
  const indent = checkWidth + statusWidth + GAP.length * 2;
  const detailWidth = (options.width ?? Infinity) - indent;
  const lines = table.map((row) => {
    const [first = '', ...rest] = wrap(row.detail, detailWidth);
    return [
      `${row.check.padEnd(checkWidth)}${GAP}${row.status.padEnd(statusWidth)}${GAP}${first}`.trimEnd(),
      ...rest.map((line) => `${' '.repeat(indent)}${line}`),
    ].join('\n');
  });
  return `${lines.join('\n')}\n\n${summaryLine(rows)}\n`;
}

export function summaryLine(rows: readonly CheckRow[]): string {
  const fails = rows.filter((r) => r.status === 'FAIL').length;
  const warns = rows.filter((r) => r.status === 'WARN').length;
  const warnings = warns === 0 ? '' : ` ${warns} ${warns === 1 ? 'warning' : 'warnings'} worth a look.`;
  if (fails === 0) return `All ${rows.length} checks passed.${warnings}`;
  return `${fails} of ${rows.length} checks FAILED: fix them as the DETAIL column says, then run npm run doctor again.${warnings}`;
}

/** Word wrap; a narrow column (a tiny terminal) is not worth wrapping into. */
function wrap(text: string, width: number): string[] {
  if (width < 30 || text.length <= width) return [text];
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  lines.push(line);
  return lines;
}
