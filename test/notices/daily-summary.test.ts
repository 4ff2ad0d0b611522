import { describe, expect, it } from 'vitest';
import { summaryDue } from '../../src/notices/daily-summary.js';
import { vn } from '../helpers/vietnam-time.js';

const TZ = 'Asia/Ho_Chi_Minh';
const at = (local: string) => vn(local).getTime();
const EIGHT_PM = 20 * 60;

describe('when a daily summary is due', () => {
  it('is due from its minute on, on a day not yet posted', () => {
    expect(summaryDue(EIGHT_PM, undefined, at('2025-04-10 19:59:59'), TZ)).toBeNull();
    expect(summaryDue(EIGHT_PM, undefined, at('2025-04-10 20:00:00'), TZ)).toBe('2025-04-10');
    expect(summaryDue(EIGHT_PM, '2025-04-09', at('2025-04-10 23:59:00'), TZ)).toBe('2025-04-10');
  });

  it('is not due again that day, nor on a day before it (a clock stepped back)', () => {
    expect(summaryDue(EIGHT_PM, '2025-04-10', at('2025-04-10 21:00:00'), TZ)).toBeNull();
    expect(summaryDue(EIGHT_PM, '2025-04-10', at('2025-04-09 21:00:00'), TZ)).toBeNull();
    expect(summaryDue(EIGHT_PM, '2025-04-10', at('2025-04-11 20:00:00'), TZ)).toBe('2025-04-11');
  });

  it('counts days in the display zone, not UTC', () => {
    // 06:30 in Vietnam is still the day before in UTC.
    expect(summaryDue(6 * 60, '2025-04-09', at('2025-04-10 06:30:00'), TZ)).toBe('2025-04-10');
  });

  it('is never due with /summary off', () => {
    expect(summaryDue(null, undefined, at('2025-04-10 23:00:00'), TZ)).toBeNull();
  });
});
