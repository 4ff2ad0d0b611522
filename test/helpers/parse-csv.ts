/**
 * A strict RFC 4180 reader for the tests: records end with CRLF, a quoted field may hold commas,
 * CR, LF and doubled quotes, and anything else (a quote inside an unquoted field, text after a
 * closing quote, a missing final CRLF) throws, so a sloppy writer fails the test.
 */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let i = 0;
  while (i < text.length) {
    let field = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (i >= text.length) throw new Error('unterminated quoted field');
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        field += text[i];
        i++;
      }
    } else {
      while (i < text.length && text[i] !== ',' && text[i] !== '\r' && text[i] !== '\n') {
        if (text[i] === '"') throw new Error(`quote inside an unquoted field at ${i}`);
        field += text[i];
        i++;
      }
    }
    record.push(field);
    if (text[i] === ',') {
      i++;
      continue;
    }
    if (text.startsWith('\r\n', i)) {
      records.push(record);
      record = [];
      i += 2;
      continue;
    }
    throw new Error(`expected a comma or CRLF at ${i}, found ${JSON.stringify(text.slice(i, i + 10))}`);
  }
  if (record.length > 0) throw new Error('the last record has no CRLF');
  return records;
}

/** The header row and the records as objects keyed by it; the BOM must be there and is removed. */
export function parseExport(bytes: Buffer): { header: string[]; rows: Record<string, string>[] } {
  if (!bytes.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))) throw new Error('no UTF-8 byte order mark');
  const [header = [], ...records] = parseCsv(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(3)));
  return {
    header,
    rows: records.map((record) => {
      if (record.length !== header.length) throw new Error(`a record has ${record.length} fields, the header ${header.length}`);
      return Object.fromEntries(header.map((name, i) => [name, record[i] ?? '']));
    }),
  };
}

/** Undoes the export's formula guard: one leading apostrophe is dropped. */
export function unguarded(cell: string): string {
  return cell.startsWith("'") ? cell.slice(1) : cell;
}
