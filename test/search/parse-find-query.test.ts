import { describe, expect, it } from 'vitest';
import { parseAmount } from '../../src/search/amount.js';
import { foldVietnamese } from '../../src/search/fold.js';
import { FindQuery, parseFindQuery, type FindQueryError } from '../../src/search/query.js';

const EMPTY: FindQuery = { text: [], amounts: [], day: null, from: null, to: null, accountSuffix: null };

function parsed(input: string): FindQuery {
  const result = parseFindQuery(input);
  if (!result.ok) throw new Error(`expected ${JSON.stringify(input)} to parse, got ${JSON.stringify(result.error)}`);
  // The value must satisfy its own schema: the schema is the type's source of truth.
  expect(FindQuery.parse(result.value)).toEqual(result.value);
  return result.value;
}

function refused(input: string): FindQueryError {
  const result = parseFindQuery(input);
  if (result.ok) throw new Error(`expected ${JSON.stringify(input)} to be refused, got ${JSON.stringify(result.value)}`);
  return result.error;
}

describe('foldVietnamese', () => {
  it.each([
    ['Chuyển tiền', 'chuyen tien'],
    ['ĐẶNG ĐỨC ĐIỀN', 'dang duc dien'],
    ['  nhiều   khoảng\ttrắng\n', 'nhieu khoang trang'],
    ['Cu\u0309a ho\u0300ng', 'cua hong'], // decomposed input (NFD) folds the same
    ['Thanh toán ĐH1042', 'thanh toan dh1042'],
    ['', ''],
  ])('%j → %j', (input, folded) => {
    expect(foldVietnamese(input)).toBe(folded);
  });

  it('agrees with its definition (NFD, marks dropped, đ → d, lower case, spaces collapsed) on every character', () => {
    const fold = (value: string) =>
      value.normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'd').toLowerCase().replace(/\s+/g, ' ').trim();
    for (let cp = 0; cp < 0x10000; cp++) {
      const input = ` Ê${String.fromCharCode(cp)}\u0301x  y\t`;
      if (foldVietnamese(input) !== fold(input)) expect(foldVietnamese(input), `U+${cp.toString(16)}`).toBe(fold(input));
    }
  });
});

describe('parseFindQuery: amounts', () => {
  it.each([
    ['500000', 500_000],
    ['500.000', 500_000],
    ['500,000', 500_000],
    ['1.500.000', 1_500_000],
    ['1,500,000', 1_500_000],
    ['500k', 500_000],
    ['500K', 500_000],
    ['1.5tr', 1_500_000],
    ['1,5tr', 1_500_000],
    ['1tr5', 1_500_000],
    ['1tr25', 1_250_000],
    ['1tr500', 1_500_000],
    ['2tr', 2_000_000],
    ['1TR', 1_000_000],
    ['2m', 2_000_000],
    ['1.5m', 1_500_000],
    ['2m5', 2_500_000],
    ['1k5', 1_500],
    ['1.5k', 1_500],
    ['2triệu', 2_000_000],
    ['2 triệu', 2_000_000],
    ['3 TRIỆU', 3_000_000],
    ['500 k', 500_000],
    ['500 nghìn', 500_000],
    ['2000', 2_000],
    ['18.067.000 ₫', 18_067_000],
    ['18.067.000₫', 18_067_000],
    ['500.000đ', 500_000],
    ['500000 VND', 500_000],
    ['+18.067.000', 18_067_000],
    ['-500.000', 500_000],
    ['123.456', 123_456],
    ['1234đ', 1_234],
  ])('%j is the amount %d', (input, amount) => {
    expect(parsed(input)).toEqual({ ...EMPTY, amounts: [amount] });
  });

  it.each([
    // Bare numbers that are not whole thousands are text: years, order numbers, account tails.
    ['2025', '2025'],
    ['1234', '1234'],
    ['123456', '123456'],
    ['0', '0'],
    // Order codes are the most common search.
    ['DH1042', 'dh1042'],
    ['HD-2025-001', 'hd-2025-001'],
    ['FT25100123', 'ft25100123'],
    // Malformed grouping or decimals without a unit are not amounts.
    ['1.5', '1.5'],
    ['12.34.567', '12.34.567'],
    ['1.500,000', '1.500,000'],
    ['1.2345k', '1.2345k'],
    ['k', 'k'],
  ])('%j is the text %j', (input, text) => {
    expect(parsed(input)).toEqual({ ...EMPTY, text: [text] });
  });

  it('keeps several amounts as alternatives, without repeats', () => {
    expect(parsed('500k 1tr 500.000').amounts).toEqual([500_000, 1_000_000]);
  });

  it('rejects amounts beyond safe integers', () => {
    expect(parseAmount('99999999999999999999k')).toBeNull();
  });
});

describe('parseFindQuery: dates and ranges', () => {
  it.each([
    ['2025-11-03', '2025-11-03'],
    ['03/11/2025', '2025-11-03'],
    ['3/11/2025', '2025-11-03'],
    ['03-11-2025', '2025-11-03'],
    ['29/02/2024', '2024-02-29'],
  ])('%j is the day %s', (input, day) => {
    expect(parsed(input)).toEqual({ ...EMPTY, day });
  });

  it.each([
    ['from:2025-11-01 to:2025-11-30', { from: '2025-11-01', to: '2025-11-30' }],
    ['from:01/11/2025 to:30/11/2025', { from: '2025-11-01', to: '2025-11-30' }],
    ['FROM:01/11/2025', { from: '2025-11-01', to: null }],
    ['to:30/11/2025', { from: null, to: '2025-11-30' }],
    ['from: 01/11/2025 to: 2025-11-30', { from: '2025-11-01', to: '2025-11-30' }],
    ['từ:01/11/2025 đến:02/11/2025', { from: '2025-11-01', to: '2025-11-02' }],
    ['from:03/11/2025 to:03/11/2025', { from: '2025-11-03', to: '2025-11-03' }],
  ])('%j bounds a range', (input, range) => {
    expect(parsed(input)).toEqual({ ...EMPTY, ...range });
  });

  it.each([
    ['from:notadate', { kind: 'bad-date', token: 'from:notadate' }],
    ['from:', { kind: 'bad-date', token: 'from:' }],
    ['to:32/01/2025', { kind: 'bad-date', token: 'to:32/01/2025' }],
    ['31/02/2025', { kind: 'bad-date', token: '31/02/2025' }],
    ['2025-13-01', { kind: 'bad-date', token: '2025-13-01' }],
    ['from: soon', { kind: 'bad-date', token: 'from: soon' }],
    ['from:2025-11-30 to:2025-11-01', { kind: 'bad-range', from: '2025-11-30', to: '2025-11-01' }],
    ['03/11/2025 04/11/2025', { kind: 'repeated', filter: 'day' }],
    ['from:01/11/2025 from:02/11/2025', { kind: 'repeated', filter: 'from' }],
  ])('%j is refused', (input, error) => {
    expect(refused(input)).toEqual(error);
  });

  it('accepts the same date written twice', () => {
    expect(parsed('03/11/2025 2025-11-03').day).toBe('2025-11-03');
  });
});

describe('parseFindQuery: accounts', () => {
  it.each([
    ['acc:1234', '1234'],
    ['ACC:6789', '6789'],
    ['acc: 6789', '6789'],
    ['tk:6789', '6789'],
    ['acc:…6789', '6789'],
    ['acc:*6789', '6789'],
  ])('%j limits to accounts ending in %s', (input, accountSuffix) => {
    expect(parsed(input)).toEqual({ ...EMPTY, accountSuffix });
  });

  it.each([
    ['acc:abc', { kind: 'bad-account', token: 'acc:abc' }],
    ['acc:', { kind: 'bad-account', token: 'acc:' }],
    ['acc:12 acc:34', { kind: 'repeated', filter: 'acc' }],
  ])('%j is refused', (input, error) => {
    expect(refused(input)).toEqual(error);
  });
});

describe('parseFindQuery: length', () => {
  it('refuses more than 200 characters, and takes 200 with punctuation trimmed', () => {
    expect(refused(`dh${'.'.repeat(199)}`)).toEqual({ kind: 'too-long', limit: 200 });
    expect(parsed(`  ${'.'.repeat(99)}dh1042${','.repeat(95)}  `).text).toEqual(['dh1042']);
    expect(refused('.'.repeat(200))).toEqual({ kind: 'empty' });
  });
});

describe('parseFindQuery: text, phrases, mixed queries, garbage', () => {
  it.each<[string, Partial<FindQuery>]>([
    ['chuyen tien', { text: ['chuyen', 'tien'] }],
    ['Chuyển TIỀN', { text: ['chuyen', 'tien'] }],
    ['"chuyen tien"', { text: ['chuyen tien'] }],
    ['“Chuyển  tiền”', { text: ['chuyen tien'] }],
    ['"chuyen tien', { text: ['chuyen tien'] }],
    ['"500000"', { text: ['500000'] }],
    ['"acc:1234"', { text: ['acc:1234'] }],
    ['DH1042,', { text: ['dh1042'] }],
    ['(DH1042)', { text: ['dh1042'] }],
    ['dh1042 DH1042', { text: ['dh1042'] }],
    ['http://evil.example/x', { text: ['http://evil.example/x'] }],
    ['ma:123', { text: ['ma:123'] }],
    ['constructor:x', { text: ['constructor:x'] }],
    ['500 constructor', { text: ['500', 'constructor'] }],
    ['<b>x</b>', { text: ['<b>x</b>'] }],
    [
      'DH1042 500k 03/11/2025 acc:6789',
      { text: ['dh1042'], amounts: [500_000], day: '2025-11-03', accountSuffix: '6789' },
    ],
    [
      'tien hang 1tr5 from:01/11/2025 to:30/11/2025',
      { text: ['tien', 'hang'], amounts: [1_500_000], from: '2025-11-01', to: '2025-11-30' },
    ],
    ['Nguyễn Văn A 2 triệu', { text: ['nguyen', 'van', 'a'], amounts: [2_000_000] }],
  ])('%j', (input, expected) => {
    expect(parsed(input)).toEqual({ ...EMPTY, ...expected });
  });

  it.each(['', '   ', '\n\t', '""', '...', ', ;'])('%j is empty', (input) => {
    expect(refused(input)).toEqual({ kind: 'empty' });
  });
});
