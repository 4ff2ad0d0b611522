import { describe, expect, it } from 'vitest';
import { csvField, csvRow, neutraliseFormula } from '../../../src/commands/export/csv.js';
import { csvBytes } from '../../../src/commands/export/export-rows.js';
import type { Transaction } from '../../../src/core/model.js';
import { localIsoTime } from '../../../src/core/zoned-time.js';
import { makeTransaction } from '../../../fakes/transactions.js';
import { parseCsv, parseExport, unguarded } from '../../helpers/parse-csv.js';
import { searchOver } from '../../helpers/search-over.js';

async function collect(chunks: AsyncIterable<Uint8Array>): Promise<{ bytes: Buffer; count: number }> {
  const parts: Buffer[] = [];
  for await (const chunk of chunks) parts.push(Buffer.from(chunk));
  return { bytes: Buffer.concat(parts), count: parts.length };
}

describe('CSV fields', () => {
  it('quotes only what RFC 4180 needs quoted, doubling quotes', () => {
    expect(csvField('Chuyển tiền DH1042')).toBe('Chuyển tiền DH1042');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('line\r\nbreak')).toBe('"line\r\nbreak"');
    expect(parseCsv(`${['a,b', 'say "hi"', 'x\ny', ''].map(csvField).join(',')}\r\n`)).toEqual([['a,b', 'say "hi"', 'x\ny', '']]);
  });

  it('guards cells a spreadsheet would run as a formula, reversibly, and leaves ordinary text alone', () => {
    for (const formula of ['=HYPERLINK("http://x","bấm")', '+84912345678', '-1+1', '@SUM(A1)', '\tTAB', '\rCR']) {
      expect(neutraliseFormula(formula)).toBe(`'${formula}`);
      expect(unguarded(neutraliseFormula(formula))).toBe(formula);
    }
    // An apostrophe of its own is guarded too, so dropping one apostrophe always gives the original.
    expect(unguarded(neutraliseFormula("'=1"))).toBe("'=1");
    for (const plain of ['NGUYEN VAN A chuyen tien', '500000', ' =not first', 'Trần Thị Bích Ngọc', '']) expect(neutraliseFormula(plain)).toBe(plain);
  });
});

describe('export times', () => {
  it('are ISO 8601 with the offset of TZ_DISPLAY, to the second', () => {
    const vn = localIsoTime('Asia/Ho_Chi_Minh');
    expect(vn('2025-11-03T01:15:00.000Z')).toBe('2025-11-03T08:15:00+07:00');
    // Late in the UTC day is the next day in Vietnam.
    expect(vn('2025-11-02T17:30:59.999Z')).toBe('2025-11-03T00:30:59+07:00');
    const ny = localIsoTime('America/New_York');
    // Either side of the 2025-11-02 daylight-saving change, a quarter hour apart.
    expect(ny('2025-11-02T05:50:00Z')).toBe('2025-11-02T01:50:00-04:00');
    expect(ny('2025-11-02T06:05:00Z')).toBe('2025-11-02T01:05:00-05:00');
    expect(localIsoTime('Asia/Kolkata')('2025-11-03T00:00:00Z')).toBe('2025-11-03T05:30:00+05:30');
    expect(localIsoTime('UTC')('2025-11-03T00:00:00Z')).toBe('2025-11-03T00:00:00+00:00');
  });
});

describe('export rows', () => {
  const tx = makeTransaction({
    providerId: '77',
    accountNumber: '0071000888888',
    bank: 'MBBank',
    amount: -1_500_000,
    content: 'Trả tiền "hàng", đợt 2\nDH1043',
    reference: 'FT25307',
    occurredAt: '2025-11-03T01:15:00.000Z',
    counterparty: { name: 'CÔNG TY ABC', accountNumber: '1900112233', bank: 'Vietcombank' },
  });

  it('write every column, the amount signed, the counterparty as the alert shows it', () => {
    const row = csvRow(tx, { privacy: false, localTime: localIsoTime('Asia/Ho_Chi_Minh') });
    expect(parseCsv(row)).toEqual([
      [
        '2025-11-03T08:15:00+07:00',
        'sepay',
        'MBBank',
        '0071000888888',
        'out',
        '-1500000',
        'Trả tiền "hàng", đợt 2\nDH1043',
        'FT25307',
        'CÔNG TY ABC · 1900112233 · Vietcombank',
        '77',
      ],
    ]);
  });

  it('clean text cells as the chats do (no bidi overrides, no invisible characters), keep line breaks, and guard what cleaning uncovers', () => {
    const spoof = makeTransaction({
      providerId: '78',
      // RLO would show "DH1042 0001 gnod" reversed in a spreadsheet; the zero-width space hides a formula.
      content: 'DH1042 \u202edong 1000\u202c\r\nca\u200bsang\u0007',
      reference: '\u200b=HYPERLINK("http://e.vil","bấm")',
      bank: 'MB\u2066Bank\u2069',
      counterparty: { name: 'NGUYEN\u200d VAN\u00adB', accountNumber: null, bank: null },
    });
    const [fields = []] = parseCsv(csvRow(spoof, { privacy: false, localTime: localIsoTime('Asia/Ho_Chi_Minh') }));
    expect(fields[2]).toBe('MB\ufffdBank\ufffd');
    expect(fields[6]).toBe('DH1042 \ufffddong 1000\ufffd\r\ncasang\ufffd');
    expect(fields[7]).toBe('\'=HYPERLINK("http://e.vil","bấm")');
    expect(unguarded(fields[7] ?? '')).toBe('=HYPERLINK("http://e.vil","bấm")');
    expect(fields[8]).toBe('NGUYEN VANB');
  });

  it('with privacy show the account by its last digits and drop the counterparty account', () => {
    const [fields] = parseCsv(csvRow(tx, { privacy: true, localTime: localIsoTime('Asia/Ho_Chi_Minh') }));
    expect(fields?.[3]).toBe('…8888');
    expect(fields?.[8]).toBe('CÔNG TY ABC · Vietcombank');
  });

  it('stream in chunks of rows: BOM and header first, every row once', async () => {
    const txs = Array.from({ length: 4500 }, (_, n) => makeTransaction({ providerId: String(n), content: `khách ${n}` }));
    const { bytes, count } = await collect(csvBytes([txs], { timeZone: 'Asia/Ho_Chi_Minh', privacy: false }));
    // The header, then 2000 + 2000 + 500 rows: never the whole file as one string.
    expect(count).toBe(4);
    const { header, rows } = parseExport(bytes);
    expect(header).toEqual(['time', 'provider', 'bank', 'account', 'direction', 'amount', 'content', 'reference', 'counterparty', 'id']);
    expect(rows.map((r) => r.id)).toEqual(txs.map((t) => t.providerId));
    expect(rows[4499]?.content).toBe('khách 4499');
    // Each call starts over: a first pass to measure, a second to send.
    expect((await collect(csvBytes([txs], { timeZone: 'UTC', privacy: false }))).bytes.length).toBe(
      (await collect(csvBytes([txs], { timeZone: 'UTC', privacy: false }))).bytes.length,
    );
  });
});

describe('export order', () => {
  it('is oldest first, equal instants by provider and id, whatever order the store holds them in', async () => {
    const at = (iso: string, provider: string, providerId: string) => makeTransaction({ provider, providerId, content: 'don hang', occurredAt: iso });
    const stored = [
      at('2025-11-03T05:00:00.000Z', 'sepay', '9'),
      at('2025-11-03T04:00:00.000Z', 'sepay', '8'),
      at('2025-11-03T05:00:00.000Z', 'casso', '7'),
      at('2025-11-03T03:00:00.000Z', 'sepay', '6'),
    ];
    const query = { text: ['don'], amounts: [], day: null, from: null, to: null, accountSuffix: null };
    const ids = async (txs: readonly Transaction[]) => {
      const found: string[] = [];
      for await (const page of (await searchOver(txs).list(query, { timeZone: 'UTC' })).pages()) found.push(...page.map((tx) => tx.providerId));
      return found;
    };
    expect(await ids(stored)).toEqual(['6', '8', '7', '9']);
    expect(await ids([...stored].reverse())).toEqual(['6', '8', '7', '9']);
  });
});
