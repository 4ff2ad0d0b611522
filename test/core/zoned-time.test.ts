import { describe, expect, it } from 'vitest';
import {
  addDays,
  calendarDay,
  dayOf,
  endOfDay,
  localIsoTime,
  minuteOfDay,
  nextMinuteOfDay,
  startOfDay,
  wallClock,
} from '../../src/core/zoned-time.js';

const VN = 'Asia/Ho_Chi_Minh';
const NY = 'America/New_York';

describe('zoned time', () => {
  it('reads the wall clock of an instant in a zone', () => {
    expect(wallClock(Date.parse('2025-11-02T17:30:59.999Z'), VN)).toEqual({ year: 2025, month: 11, day: 3, hour: 0, minute: 30, second: 59 });
    expect(localIsoTime('Asia/Kolkata')('2025-11-03T00:00:00Z')).toBe('2025-11-03T05:30:00+05:30');
  });

  it('names the day of an instant in the zone, not in UTC', () => {
    expect(dayOf(Date.parse('2025-11-02T16:59:59Z'), VN)).toBe('2025-11-02');
    expect(dayOf(Date.parse('2025-11-02T17:00:00Z'), VN)).toBe('2025-11-03');
    expect(dayOf(Date.parse('2025-11-03T03:00:00Z'), NY)).toBe('2025-11-02');
  });

  it('bounds a day in the zone, also a day that daylight saving makes 25 hours long', () => {
    expect(startOfDay('2025-11-03', VN)).toBe(Date.parse('2025-11-02T17:00:00Z'));
    expect(endOfDay('2025-11-03', VN)).toBe(Date.parse('2025-11-03T17:00:00Z'));
    expect(startOfDay('2025-11-02', NY)).toBe(Date.parse('2025-11-02T04:00:00Z'));
    expect(endOfDay('2025-11-02', NY)).toBe(Date.parse('2025-11-03T05:00:00Z'));
  });

  it('counts calendar days, and knows which days exist', () => {
    expect(addDays('2025-03-01', -1)).toBe('2025-02-28');
    expect(addDays('2024-12-31', 1)).toBe('2025-01-01');
    expect(calendarDay(2025, 2, 28)).toBe('2025-02-28');
    expect(calendarDay(2025, 2, 29)).toBeNull();
    expect(calendarDay(2024, 2, 29)).toBe('2024-02-29');
  });

  it('gives the minute of the day, and the next instant a minute of the day comes', () => {
    const vn = (local: string) => Date.parse(`${local}+07:00`);
    expect(minuteOfDay(vn('2025-04-10T23:30:15'), VN)).toBe(23 * 60 + 30);
    expect(nextMinuteOfDay(vn('2025-04-10T23:30:15'), 7 * 60, VN)).toBe(vn('2025-04-11T07:00:00'));
    expect(nextMinuteOfDay(vn('2025-04-11T06:59:59.500'), 7 * 60, VN)).toBe(vn('2025-04-11T07:00:00'));
    expect(nextMinuteOfDay(vn('2025-04-11T07:00:30'), 7 * 60, VN)).toBe(vn('2025-04-11T07:00:00'));
  });

  it('writes an instant as ISO 8601 local time with its offset, to the second', () => {
    const vn = localIsoTime(VN);
    expect(vn('2025-11-03T01:15:00.000Z')).toBe('2025-11-03T08:15:00+07:00');
    expect(vn('not a time')).toBe('not a time');
    const ny = localIsoTime(NY);
    expect(ny('2025-11-02T05:50:00Z')).toBe('2025-11-02T01:50:00-04:00');
    expect(ny('2025-11-02T06:05:00Z')).toBe('2025-11-02T01:05:00-05:00');
  });
});
