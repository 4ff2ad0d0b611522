import { describe, expect, it } from 'vitest';
import { parseFindQuery, type FindQuery } from '../../src/search/query.js';
import type { FindOptions, FindResult } from '../../src/search/history-search.js';
import { SearchIndex, searchStoredHistory } from '../../src/search/search-index.js';
import { transactionKey, type Transaction } from '../../src/core/model.js';
import { openFileStore } from '../../src/store/files/file-store.js';
import { tempDir } from '../helpers/temp-dir.js';

const TZ = 'Asia/Ho_Chi_Minh';

function tx(overrides: Partial<Transaction> = {}): Transaction {
  return {
    provider: 'sepay',
    providerId: '1',
    accountNumber: '0071000123456789',
    bank: 'Vietcombank',
    amount: 500_000,
    direction: 'in',
    content: 'NGUYEN VAN A chuyen tien DH1042',
    reference: 'FT25307123456',
    occurredAt: '2025-11-03T03:00:00.000Z',
    balanceAfter: null,
    counterparty: null,
    code: null,
    virtualAccount: null,
    ...overrides,
  };
}

function query(input: string): FindQuery {
  const result = parseFindQuery(input);
  if (!result.ok) throw new Error(`query ${input} did not parse`);
  return result.value;
}

function findTransactions(q: FindQuery, txs: Iterable<Transaction>, options: FindOptions): FindResult {
  return new SearchIndex(txs).find(q, options);
}

/** Whether the index of this one transaction finds it. */
function matchesQuery(q: FindQuery, one: Transaction, timeZone: string): boolean {
  return findTransactions(q, [one], { timeZone }).total === 1;
}

describe('matching', () => {
  it.each<[string, Partial<Transaction>, boolean]>([
    // Text: case- and accent-insensitive both ways, decomposed content too.
    ['chuyen tien', { content: 'Chuyển tiền mua hàng' }, true],
    ['CHUYỂN TIỀN', { content: 'chuyen tien mua hang' }, true],
    ['chuyen tien', { content: 'CHUYỂN TIỀN' }, true],
    ['chuyen tien', { content: 'Chuye\u0302\u0309n tie\u0302\u0300n' }, true],
    ['dang', { content: 'ĐẶNG VĂN B' }, true],
    ['chuyen tien', { content: 'tien chuyen' }, true],
    ['"chuyen tien"', { content: 'tien chuyen' }, false],
    ['"chuyen tien"', { content: 'Chuyển    tiền' }, true],
    ['chuyen tien', { content: 'chuyen khoan' }, false],
    ['dh1042', { content: 'MBVCB.123.DH1042.CT tu 0123' }, true],
    ['DH1042', { content: 'thanh toan dh10420' }, true],
    ['DH1043', { content: 'thanh toan DH1042' }, false],
    ['2025', { content: 'hoc phi 2025' }, true],
    ['2025', { content: 'hoc phi', amount: 2025 }, false],
    ['a.b', { content: 'axb' }, false],
    ['a.b', { content: 'A.B' }, true],
    ['(x)', { content: '(x)' }, true],
    // Text is the content only, not the bank reference.
    ['ft25307123456', { content: 'x' }, false],
    // Amounts: exact, absolute value, any of several.
    ['500k', { amount: 500_000 }, true],
    ['500k', { amount: -500_000, direction: 'out' }, true],
    ['500k', { amount: 5_000_000 }, false],
    ['500k', { amount: 500_001 }, false],
    ['500000', { content: 'chuyen 1500000 dong', amount: 1_500_000 }, false],
    ['200k 500k', { amount: 500_000 }, true],
    ['1tr5', { amount: 1_500_000 }, true],
    // Accounts: trailing digits, spaced account numbers too.
    ['acc:6789', {}, true],
    ['acc:56789', {}, true],
    ['acc:1234', {}, false],
    ['acc:6789', { accountNumber: '0071 0001 2345 6789' }, true],
    // Mixed: all filters must hold.
    ['dh1042 500k acc:6789', {}, true],
    ['dh1042 600k acc:6789', {}, false],
  ])('%j vs %j → %s', (input, overrides, expected) => {
    expect(matchesQuery(query(input), tx(overrides), TZ)).toBe(expected);
  });

  describe('days are calendar days in TZ_DISPLAY', () => {
    // 03/11/2025 in Asia/Ho_Chi_Minh is 2025-11-02T17:00:00Z .. 2025-11-03T17:00:00Z.
    it.each([
      ['2025-11-02T16:59:59.999Z', false],
      ['2025-11-02T17:00:00.000Z', true],
      ['2025-11-02T17:00:00Z', true],
      ['2025-11-03T16:59:59.999Z', true],
      ['2025-11-03T16:59:59.5Z', true],
      ['2025-11-03T17:00:00.000Z', false],
      ['2025-11-03T17:00:00Z', false],
    ])('03/11/2025 vs %s → %s', (occurredAt, expected) => {
      expect(matchesQuery(query('03/11/2025'), tx({ occurredAt }), TZ)).toBe(expected);
    });

    it('uses the configured zone, not UTC', () => {
      const lateEvening = tx({ occurredAt: '2025-11-03T20:00:00.000Z' }); // 04/11 03:00 in Vietnam
      expect(matchesQuery(query('2025-11-03'), lateEvening, TZ)).toBe(false);
      expect(matchesQuery(query('2025-11-04'), lateEvening, TZ)).toBe(true);
      expect(matchesQuery(query('2025-11-03'), lateEvening, 'UTC')).toBe(true);
    });

    it('follows daylight saving in zones that have it', () => {
      // New York switched to EST on 2025-11-02: that day is 25 hours long.
      const q = query('2025-11-02');
      expect(matchesQuery(q, tx({ occurredAt: '2025-11-02T03:59:59.000Z' }), 'America/New_York')).toBe(false);
      expect(matchesQuery(q, tx({ occurredAt: '2025-11-02T04:00:00.000Z' }), 'America/New_York')).toBe(true);
      expect(matchesQuery(q, tx({ occurredAt: '2025-11-03T04:59:59.000Z' }), 'America/New_York')).toBe(true);
      expect(matchesQuery(q, tx({ occurredAt: '2025-11-03T05:00:00.000Z' }), 'America/New_York')).toBe(false);
    });

    it.each([
      ['from:01/11/2025 to:03/11/2025', '2025-10-31T16:59:59.000Z', false],
      ['from:01/11/2025 to:03/11/2025', '2025-10-31T17:00:00.000Z', true],
      ['from:01/11/2025 to:03/11/2025', '2025-11-03T16:59:59.000Z', true],
      ['from:01/11/2025 to:03/11/2025', '2025-11-03T17:00:00.000Z', false],
      ['from:01/11/2025', '2030-01-01T00:00:00.000Z', true],
      ['to:01/11/2025', '2020-01-01T00:00:00.000Z', true],
      ['to:01/11/2025', '2025-11-02T00:00:00.000Z', false],
      ['from:01/11/2025 05/11/2025', '2025-11-05T03:00:00.000Z', true],
      ['to:01/11/2025 05/11/2025', '2025-11-05T03:00:00.000Z', false],
    ])('%j vs %s → %s (inclusive days)', (input, occurredAt, expected) => {
      expect(matchesQuery(query(input), tx({ occurredAt }), TZ)).toBe(expected);
    });
  });
});

describe('SearchIndex', () => {
  const at = (minute: number): string => new Date(Date.UTC(2025, 10, 3, 3, minute)).toISOString();

  it('counts every match and shows the newest first, at most limit', () => {
    const txs = Array.from({ length: 25 }, (_, i) =>
      tx({ providerId: String(i), occurredAt: at((i * 7) % 25), amount: i % 2 === 0 ? 500_000 : 200_000 }),
    );
    const result = findTransactions(query('500k'), txs, { timeZone: TZ });
    expect(result.total).toBe(13);
    expect(result.shown).toHaveLength(10);
    const times = result.shown.map((t) => t.occurredAt);
    expect(times).toEqual([...times].sort().reverse());
    const allMatchingTimes = txs.filter((t) => t.amount === 500_000).map((t) => t.occurredAt);
    expect(times).toEqual([...allMatchingTimes].sort().reverse().slice(0, 10));
  });

  it('orders instants written in other ISO forms by time, not by spelling', () => {
    const txs = [
      tx({ providerId: 'a', occurredAt: '2025-11-03T03:00:00.500Z' }),
      tx({ providerId: 'b', occurredAt: '2025-11-03T03:00:00Z' }),
      tx({ providerId: 'c', occurredAt: '2025-11-03T03:00:00.250Z' }),
    ];
    const result = findTransactions(query('500k'), txs, { timeZone: TZ });
    expect(result.shown.map((t) => t.providerId)).toEqual(['a', 'c', 'b']);
  });

  it('breaks ties by transaction key and honours limit', () => {
    const txs = ['3', '1', '2'].map((id) => tx({ providerId: id }));
    expect(findTransactions(query('500k'), txs, { timeZone: TZ, limit: 2 }).shown.map((t) => t.providerId)).toEqual([
      '3',
      '2',
    ]);
    expect(findTransactions(query('500k'), txs, { timeZone: TZ, limit: 0 })).toEqual({ total: 3, more: false, shown: [] });
  });

  it('finds nothing when nothing matches', () => {
    expect(findTransactions(query('DH9999'), [tx(), tx()], { timeZone: TZ })).toEqual({ total: 0, more: false, shown: [] });
  });

  it('accepts any iterable', () => {
    function* generate(): Generator<Transaction> {
      yield tx({ providerId: 'x' });
    }
    expect(findTransactions(query('dh1042'), generate(), { timeZone: TZ }).total).toBe(1);
  });

  it('finds the right ones among 100 000 transactions (speed is measured by npm run bench)', () => {
    const words = ['Chuyển', 'tiền', 'thanh', 'toán', 'đơn', 'hàng', 'MBVCB.3012', 'Nguyễn', 'Văn', 'CT', 'tu', 'mua'];
    const base = Date.UTC(2025, 8, 1);
    const txs = Array.from({ length: 100_000 }, (_, i) =>
      tx({
        providerId: String(i),
        content: `${words[i % 12]} ${words[(i * 7) % 12]} ${words[(i * 5) % 12]} DH${i} ${words[(i * 3) % 12]}`,
        amount: ((i % 50) + 1) * 100_000 * (i % 9 === 0 ? -1 : 1),
        accountNumber: i % 3 === 0 ? '0071000123456789' : '19036789001234',
        occurredAt: new Date(base + i * 60_000).toISOString(),
      }),
    );
    expect(findTransactions(query('dh4242'), txs, { timeZone: TZ }).total).toBe(11); // DH4242, DH42420…DH42429
    const newest = findTransactions(query('chuyen'), txs, { timeZone: TZ }).shown[0];
    expect(newest?.providerId).toBe('99996');
  });
});

describe('searchStoredHistory', () => {
  it('finds what was stored before the first search and everything committed after it', async () => {
    const store = await openFileStore({ dataDir: await tempDir() });
    const commit = (...txs: Transaction[]) =>
      store.commit({ transactions: txs.map((t) => ({ tx: t, alert: false })), destinations: [] });
    await commit(tx({ providerId: 'before', content: 'DH1 truoc' }));
    const search = searchStoredHistory(store);
    const find = async (input: string) => (await search.find(query(input), { timeZone: TZ })).shown.map((t) => t.providerId);
    expect(await find('dh1')).toEqual(['before']);

    await commit(
      tx({ providerId: 'after', content: 'Đơn DH1 sau', occurredAt: '2025-11-03T04:00:00.000Z' }),
      tx({ providerId: 'other', content: 'DH2' }),
    );
    await commit(tx({ providerId: 'after' })); // already stored: not indexed twice
    expect(await find('dh1')).toEqual(['after', 'before']);
    expect(await find('"don dh1"')).toEqual(['after']);
    expect((await search.find(query('500k'), { timeZone: TZ })).total).toBe(3);
    await store.close();
  });
});

/** The matching rules written as plainly as possible, to check the index against. */
function reference(q: FindQuery, txs: readonly Transaction[], timeZone: string, limit: number): FindResult {
  const bounds = (day: string) => {
    const [y = 0, m = 1, d = 1] = day.split('-').map(Number);
    // Zones without daylight saving only (the random test uses Asia/Ho_Chi_Minh and UTC).
    const offset = timeZone === 'UTC' ? 0 : 7 * 3_600_000;
    return [Date.UTC(y, m - 1, d) - offset, Date.UTC(y, m - 1, d + 1) - offset] as const;
  };
  const matching = txs.filter((t) => {
    const at = Date.parse(t.occurredAt);
    if (q.amounts.length > 0 && !q.amounts.includes(Math.abs(t.amount))) return false;
    if (q.accountSuffix !== null && !t.accountNumber.replace(/\D/g, '').endsWith(q.accountSuffix)) return false;
    if (q.day !== null && (at < bounds(q.day)[0] || at >= bounds(q.day)[1])) return false;
    if (q.from !== null && at < bounds(q.from)[0]) return false;
    if (q.to !== null && at >= bounds(q.to)[1]) return false;
    const content = t.content.normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'd').toLowerCase().replace(/\s+/g, ' ').trim();
    return q.text.every((term) => content.includes(term));
  });
  const newestFirst = (a: Transaction, b: Transaction) =>
    Date.parse(b.occurredAt) - Date.parse(a.occurredAt) || (transactionKey(b) > transactionKey(a) ? 1 : -1);
  return { total: matching.length, more: false, shown: [...matching].sort(newestFirst).slice(0, limit) };
}

describe('SearchIndex agrees with the plain rules', () => {
  it('on random transactions, added in batches, and random queries', () => {
    let seed = 42;
    const random = (n: number): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % n;
    };
    const pick = <T>(items: readonly T[]): T => items[random(items.length)] as T;
    const words = ['Chuyển', 'tiền', 'CHUYEN', 'Tie\u0302\u0300n', 'ĐƠN', 'hàng', 'DH10', 'DH104', 'dh1042', 'Nguyễn', 'Văn', 'ưu', 'đãi', 'x'];
    const accounts = ['0071000123456789', '1903 6789 0012 34', '5555555555'];
    const base = Date.UTC(2025, 10, 1);
    const txs = Array.from({ length: 3000 }, (_, i) =>
      tx({
        providerId: String(i),
        content: Array.from({ length: 1 + random(5) }, () => pick(words)).join(pick([' ', '  ', '\t'])),
        amount: (1 + random(5)) * 100_000 * (random(4) === 0 ? -1 : 1),
        accountNumber: pick(accounts),
        // Minutes apart within ten days, often equal (ties go by key), in two ISO spellings.
        occurredAt: new Date(base + random(14_400) * 60_000).toISOString().replace(random(3) === 0 ? '.000Z' : '#', 'Z'),
      }),
    );
    const index = new SearchIndex();
    for (let from = 0; from < txs.length; from += 500) index.add(txs.slice(from, from + 500));

    const inputs = [
      ...words.map((w) => w.toLowerCase()),
      'chuyen tien',
      '"chuyen tien"',
      'tien dh104',
      'dh1042 nguyen',
      'uu dai 200k',
      '300k 500k',
      'acc:6789',
      'acc:1234 chuyen',
      '05/11/2025',
      'from:03/11/2025 to:06/11/2025 don',
      'to:02/11/2025',
      'from:09/11/2025 100k',
      'nothing-here',
    ];
    for (const input of inputs) {
      for (const timeZone of [TZ, 'UTC']) {
        for (const limit of [0, 3, 10]) {
          const q = query(input);
          expect(index.find(q, { timeZone, limit }), `${input} ${timeZone} ${limit}`).toEqual(reference(q, txs, timeZone, limit));
        }
      }
    }
  });
});
