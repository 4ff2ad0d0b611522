import { describe, expect, it } from 'vitest';
import { searchOver } from '../helpers/search-over.js';
import { buildReport, parseReportArgs } from '../../src/commands/report/report.js';
import { makeTransaction } from '../../fakes/transactions.js';

const TODAY = '2025-11-20';
const ZONE = 'Asia/Ho_Chi_Minh';

describe('parseReportArgs', () => {
  it.each([
    ['', { from: TODAY, to: TODAY }],
    ['03/11/2025', { from: '2025-11-03', to: '2025-11-03' }],
    ['from:01/11/2025', { from: '2025-11-01', to: TODAY }],
    ['to:2025-11-05', { from: '2025-11-05', to: '2025-11-05' }],
    ['từ: 01/11/2025 đến: 03/11/2025', { from: '2025-11-01', to: '2025-11-03' }],
    ['from:2025-12-01', { from: '2025-12-01', to: '2025-12-01' }],
  ])('reads %j as a period', (args, period) => {
    expect(parseReportArgs(args, TODAY)).toEqual({ ok: true, value: period });
  });

  it.each(['tien hang', '500k', 'acc:1234', '03/11/2025 from:01/11/2025'])('refuses %j: a report takes dates only', (args) => {
    expect(parseReportArgs(args, TODAY)).toEqual({ ok: false, error: { kind: 'not-a-date' } });
  });

  it('passes on /find’s date errors', () => {
    expect(parseReportArgs('31/02/2025', TODAY)).toMatchObject({ ok: false, error: { kind: 'bad-date' } });
    expect(parseReportArgs('from:05/11/2025 to:01/11/2025', TODAY)).toMatchObject({ ok: false, error: { kind: 'bad-range' } });
  });
});

describe('buildReport', () => {
  const history = searchOver([
    makeTransaction({ amount: 10_000, occurredAt: '2025-11-17T02:00:00.000Z' }),
    makeTransaction({ amount: 20_000, occurredAt: '2025-11-18T02:00:00.000Z' }),
    makeTransaction({ amount: 40_000, occurredAt: '2025-11-18T09:00:00.000Z' }),
    makeTransaction({ amount: 80_000, occurredAt: '2025-11-19T02:00:00.000Z' }),
    makeTransaction({ amount: 160_000, occurredAt: '2025-11-20T02:00:00.000Z' }),
  ]);

  it('compares a running range with as many days just before, up to the same time', async () => {
    // 20 Nov, 12:00 in Vietnam: two days so far, against 17–18 Nov up to 18 Nov 12:00.
    const report = await buildReport(history, { from: '2025-11-19', to: TODAY }, { timeZone: ZONE, now: Date.parse('2025-11-20T05:00:00.000Z') });
    expect(report.incoming).toEqual({ count: 2, total: 240_000 });
    expect(report.until).toBe('2025-11-20T05:00:00.000Z');
    expect(report.previous).toEqual({ period: { from: '2025-11-17', to: '2025-11-18' }, incoming: { count: 2, total: 30_000 } });
  });

  it('counts the whole earlier day for a day that is over', async () => {
    const report = await buildReport(history, { from: '2025-11-19', to: '2025-11-19' }, { timeZone: ZONE, now: Date.parse('2025-11-20T05:00:00.000Z') });
    expect(report.until).toBeNull();
    expect(report.previous.incoming).toEqual({ count: 2, total: 60_000 });
  });
});
