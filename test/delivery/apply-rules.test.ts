import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES, type ChatRules } from '../../src/core/chat-rules.js';
import { applyRules } from '../../src/delivery/apply-rules.js';
import { makeTransaction } from '../../fakes/transactions.js';

const TZ = 'Asia/Ho_Chi_Minh';
/** An instant given as Vietnam wall-clock time. */
const vn = (local: string) => Date.parse(`${local}+07:00`);
const rules = (change: Partial<ChatRules>): ChatRules => ({ ...DEFAULT_RULES, ...change });
const alert = (name: string, amount: number, accountNumber = '0123456789') => ({
  row: name,
  tx: makeTransaction({ amount, accountNumber }),
});

describe('applyRules', () => {
  const noon = vn('2025-04-10T12:00:00');

  it('by default sends incoming payments and drops outgoing ones', () => {
    const verdict = applyRules([alert('in', 500_000), alert('out', -200_000)], DEFAULT_RULES, noon, TZ);
    expect(verdict).toEqual({ send: ['in'], drop: ['out'], holdUntil: null });
  });

  it('follows accounts, minimum and direction as they are when called', () => {
    const due = [alert('small', 100_000), alert('big', 900_000), alert('other', 900_000, '9999998888'), alert('out', -900_000)];
    expect(applyRules(due, rules({ min: 500_000 }), noon, TZ).send).toEqual(['big', 'other']);
    expect(applyRules(due, rules({ accounts: ['8888'] }), noon, TZ).send).toEqual(['other']);
    expect(applyRules(due, rules({ alerts: 'out' }), noon, TZ).send).toEqual(['out']);
    expect(applyRules(due, rules({ alerts: 'all', min: 500_000 }), noon, TZ).send).toEqual(['big', 'other', 'out']);
  });

  it('holds everything during quiet hours that wrap midnight, until the minute they end', () => {
    const quiet = rules({ quiet: { from: 22 * 60, to: 7 * 60 } });
    const late = vn('2025-04-10T23:30:15');
    const verdict = applyRules([alert('a', 500_000)], quiet, late, TZ);
    expect(verdict.send).toEqual([]);
    expect(verdict.holdUntil).toBe(vn('2025-04-11T07:00:00'));
    expect(applyRules([alert('a', 500_000)], quiet, vn('2025-04-11T06:59:59'), TZ).holdUntil).toBe(vn('2025-04-11T07:00:00'));
  });

  it('after quiet hours sends everything that waited, oldest first', () => {
    const quiet = rules({ quiet: { from: 22 * 60, to: 7 * 60 } });
    const due = [alert('before', 500_000), alert('night1', 500_000), alert('night2', 500_000)];
    expect(applyRules(due, quiet, vn('2025-04-11T07:00:00'), TZ)).toEqual({ send: ['before', 'night1', 'night2'], drop: [], holdUntil: null });
  });

  it('does not hold a chat that owes nothing it wants', () => {
    const quiet = rules({ quiet: { from: 22 * 60, to: 7 * 60 } });
    const late = vn('2025-04-10T23:30:00');
    expect(applyRules([alert('out', -500_000)], quiet, late, TZ)).toEqual({ send: [], drop: ['out'], holdUntil: null });
  });
});
