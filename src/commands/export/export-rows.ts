import { transactionKey, type Transaction } from '../../core/model.js';
import type { FindQuery } from '../../search/query.js';
import type { FindOptions, TransactionSearch } from '../../search/search-index.js';
import { CSV_COLUMNS, CSV_LINE_END, csvRow } from './csv.js';
import { localIsoTime } from '../../core/zoned-time.js';

/** Rows turned into bytes at a time: a few hundred kB, whatever the export's size. */
const ROWS_PER_CHUNK = 2000;

/** The UTF-8 byte order mark: without it, Excel reads the file as the local code page and garbles Vietnamese. */
const BOM = '\ufeff';

/**
 * Every transaction `/find` would count for the query, oldest first (equal instants by their
 * key, so the order does not depend on the store's). Only references to the stored
 * transactions are kept, never text.
 */
export function matchingOldestFirst(search: TransactionSearch, query: FindQuery, options: Omit<FindOptions, 'limit'>): Transaction[] {
  const found: Transaction[] = [];
  search.each(query, options, (tx) => found.push(tx));
  const epochs = new Float64Array(found.length);
  found.forEach((tx, i) => (epochs[i] = epochOf(tx.occurredAt)));
  const key = (i: number) => {
    const tx = found[i];
    return tx ? transactionKey(tx) : '';
  };
  const order = Uint32Array.from(found.keys()).sort((a, b) => {
    const byTime = (epochs[a] ?? 0) - (epochs[b] ?? 0);
    if (byTime) return byTime;
    return key(a) < key(b) ? -1 : 1;
  });
  const sorted: Transaction[] = [];
  for (const i of order) {
    const tx = found[i];
    if (tx) sorted.push(tx);
  }
  return sorted;
}

/**
 * The export as UTF-8 bytes, made a chunk of rows at a time while the receiver reads: BOM,
 * header, then one record per transaction. Each call starts over.
 */
export async function* csvBytes(txs: readonly Transaction[], options: { timeZone: string; privacy: boolean }): AsyncGenerator<Uint8Array> {
  const encoder = new TextEncoder();
  const row = { privacy: options.privacy, localTime: localIsoTime(options.timeZone) };
  yield encoder.encode(BOM + CSV_COLUMNS.join(',') + CSV_LINE_END);
  for (let start = 0; start < txs.length; start += ROWS_PER_CHUNK) {
    let text = '';
    for (const tx of txs.slice(start, start + ROWS_PER_CHUNK)) text += csvRow(tx, row);
    yield encoder.encode(text);
  }
}

/** Unreadable instants sort first, as /find treats them as oldest. */
function epochOf(iso: string): number {
  const epoch = Date.parse(iso);
  return Number.isNaN(epoch) ? -Infinity : epoch;
}
