import { describe, expect, it } from 'vitest';
import { formatDong } from '../../src/render/format-money.js';
import { formatDay, formatTime, type DatePart } from '../../src/render/format-time.js';

describe('formatDong', () => {
  it.each<[number, boolean, string]>([
    [18_067_000, false, '18.067.000 ₫'],
    [18_067_000, true, '+18.067.000 ₫'],
    [-500_000, true, '-500.000 ₫'],
    [-500_000, false, '-500.000 ₫'],
    [0, false, '0 ₫'],
    [0, true, '0 ₫'],
    [-0, true, '0 ₫'],
    [1, true, '+1 ₫'],
    [999, false, '999 ₫'],
    [1_000, false, '1.000 ₫'],
    [100_000, false, '100.000 ₫'],
    [1e12, false, '1.000.000.000.000 ₫'],
    [-1e12, true, '-1.000.000.000.000 ₫'],
    [Number.MAX_SAFE_INTEGER, false, '9.007.199.254.740.991 ₫'],
    [1e21, false, '1.000.000.000.000.000.000.000 ₫'],
    [1500.4, false, '1.500 ₫'],
    [Number.NaN, false, '? ₫'],
  ])('%d (sign: %s) → %s', (amount, sign, expected) => {
    expect(formatDong(amount, { sign })).toBe(expected);
  });

  it('has no sign option by default', () => {
    expect(formatDong(250_000)).toBe('250.000 ₫');
  });
});

const NBSP = '\u00a0';

describe('formatTime', () => {
  it.each<[string, string, 'vi' | 'en', string]>([
    ['2025-04-10T03:40:12.000Z', 'Asia/Ho_Chi_Minh', 'vi', '10:40 10/04/2025'],
    ['2025-04-10T03:40:12.000Z', 'Asia/Ho_Chi_Minh', 'en', '10 Apr 2025 10:40'],
    // 17:30Z is 00:30 the next day in Vietnam.
    ['2025-04-09T17:30:00.000Z', 'Asia/Ho_Chi_Minh', 'vi', '00:30 10/04/2025'],
    ['2025-04-09T17:30:00.000Z', 'Asia/Ho_Chi_Minh', 'en', '10 Apr 2025 00:30'],
    ['2025-04-09T17:30:00.000Z', 'UTC', 'vi', '17:30 09/04/2025'],
    ['2025-12-31T17:05:00Z', 'Asia/Ho_Chi_Minh', 'vi', '00:05 01/01/2026'],
    ['2025-09-01T00:00:00.000Z', 'Asia/Ho_Chi_Minh', 'en', '1 Sep 2025 07:00'],
    ['2025-07-01T12:00:00.000Z', 'America/New_York', 'en', '1 Jul 2025 08:00'],
    ['2025-01-01T12:00:00.000Z', 'America/New_York', 'en', '1 Jan 2025 07:00'],
  ])('%s in %s (%s) → %s, every space non-breaking', (instant, zone, locale, expected) => {
    expect(formatTime(instant, zone, locale)).toBe(expected.replaceAll(' ', NBSP));
  });

  it.each<[DatePart, 'vi' | 'en', string]>([
    ['no-year', 'vi', '00:30 10/04'],
    ['no-year', 'en', '10 Apr 00:30'],
    ['none', 'vi', '00:30'],
    ['none', 'en', '00:30'],
  ])('with date %s (%s) → %s', (date, locale, expected) => {
    expect(formatTime('2025-04-09T17:30:00.000Z', 'Asia/Ho_Chi_Minh', locale, date)).toBe(expected.replaceAll(' ', NBSP));
  });

  it('shows the day alone, in TZ_DISPLAY', () => {
    expect(formatDay('2025-04-09T17:30:00.000Z', 'Asia/Ho_Chi_Minh', 'vi')).toBe('10/04/2025');
    expect(formatDay('2025-04-09T17:30:00.000Z', 'UTC', 'en')).toBe(`9${NBSP}Apr${NBSP}2025`);
  });

  it('returns a string that is not an instant unchanged', () => {
    expect(formatTime('not a time', 'Asia/Ho_Chi_Minh', 'vi')).toBe('not a time');
    expect(formatTime('not a time', 'Asia/Ho_Chi_Minh', 'vi', 'none')).toBe('not a time');
    expect(formatDay('not a time', 'Asia/Ho_Chi_Minh', 'en')).toBe('not a time');
  });
});
