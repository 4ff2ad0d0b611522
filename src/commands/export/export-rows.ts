import type { Transaction } from '../../core/model.js';
import { CSV_COLUMNS, CSV_LINE_END, csvRow } from './csv.js';
import { localIsoTime } from '../../core/zoned-time.js';

/** Rows turned into bytes at a time: a few hundred kB, whatever the export's size. */
const ROWS_PER_CHUNK = 2000;

/** The UTF-8 byte order mark: without it, Excel reads the file as the local code page and garbles Vietnamese. */
const BOM = '\ufeff';

/**
 * The export as UTF-8 bytes, made a chunk of rows at a time while the receiver reads (and the
 * pages are read): BOM, header, then one record per transaction.
 */
export async function* csvBytes(
  pages: AsyncIterable<readonly Transaction[]> | Iterable<readonly Transaction[]>,
  options: { timeZone: string; privacy: boolean },
): AsyncGenerator<Uint8Array> {
  const encoder = new TextEncoder();
  const row = { privacy: options.privacy, localTime: localIsoTime(options.timeZone) };
  yield encoder.encode(BOM + CSV_COLUMNS.join(',') + CSV_LINE_END);
  let text = '';
  let rows = 0;
  for await (const page of pages) {
    for (const tx of page) {
      text += csvRow(tx, row);
      if (++rows < ROWS_PER_CHUNK) continue;
      yield encoder.encode(text);
      text = '';
      rows = 0;
    }
  }
  if (rows > 0) yield encoder.encode(text);
}
