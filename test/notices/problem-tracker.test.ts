import { describe, expect, it } from 'vitest';
import { ProblemTracker } from '../../src/notices/problem-tracker.js';

const MIN = 60_000;
const failing = (reason = 'down', atOnce = false) => ({ working: false as const, reason, atOnce });
const working = { working: true as const };

/** The notices due at `now`, each taken by a chat at once. */
function deliver(tracker: ProblemTracker<string>, now: number) {
  const notices = tracker.due(now);
  for (const n of notices) tracker.told(n.key);
  return notices;
}

/** A tracker fed once a minute from `from` to `to` (inclusive) with `seen(minute)`; returns the notices by minute. */
function run(tracker: ProblemTracker<string>, from: number, to: number, seen: (minute: number) => ReturnType<typeof failing> | typeof working) {
  const told: { at: number; kind: string; since: number }[] = [];
  for (let m = from; m <= to; m++) {
    tracker.observe('provider:casso', seen(m), m * MIN);
    for (const n of deliver(tracker, m * MIN)) told.push({ at: m, kind: n.kind, since: n.since / MIN });
  }
  return told;
}

describe('the problem tracker', () => {
  it('tells a failure once it has lasted the grace time, and once when it is over', () => {
    const told = run(new ProblemTracker(), 0, 40, (m) => (m >= 2 && m < 20 ? failing() : working));
    expect(told).toEqual([
      { at: 7, kind: 'problem', since: 2 },
      { at: 20, kind: 'over', since: 2 },
    ]);
  });

  it('forgets a failure shorter than the grace time', () => {
    expect(run(new ProblemTracker(), 0, 30, (m) => (m >= 2 && m < 6 ? failing() : working))).toEqual([]);
  });

  it('tells a rejected credential at once', () => {
    const told = run(new ProblemTracker(), 0, 30, (m) => (m === 3 ? failing('401', true) : m > 3 && m < 15 ? failing() : working));
    expect(told).toEqual([
      { at: 3, kind: 'problem', since: 3 },
      { at: 15, kind: 'over', since: 3 },
    ]);
  });

  it('never tells a problem within ten minutes of its last notice, however it flaps; its end at once', () => {
    // Down 6 minutes, up 1, down 6, up 1… for an hour.
    const told = run(new ProblemTracker(), 0, 60, (m) => (m % 7 < 6 ? failing() : working));
    expect(told.length).toBeGreaterThan(0);
    // Problem and end alternate: never two problem notices without an end between them.
    expect(told.map((n) => n.kind).join(',')).toMatch(/^(problem,over,?)*(problem)?$/);
    // Each end follows the first poll that worked; each problem comes ten minutes or more after the last notice.
    for (const [i, n] of told.entries()) {
      if (n.kind === 'over') expect(n.at % 7).toBe(6);
      else if (i > 0) expect(n.at - (told[i - 1]?.at ?? 0)).toBeGreaterThanOrEqual(10);
    }
  });

  it('tells the end of a problem at once, even right after it was told', () => {
    const told = run(new ProblemTracker(), 0, 30, (m) => (m === 0 ? failing('403', true) : working));
    expect(told).toEqual([
      { at: 0, kind: 'problem', since: 0 },
      { at: 1, kind: 'over', since: 0 },
    ]);
  });

  it('holds a problem that comes back until ten minutes after the last notice', () => {
    const told = run(new ProblemTracker(), 0, 30, (m) => (m === 0 || m >= 2 ? failing('403', true) : working));
    expect(told).toEqual([
      { at: 0, kind: 'problem', since: 0 },
      { at: 1, kind: 'over', since: 0 },
      { at: 11, kind: 'problem', since: 2 },
    ]);
  });

  it('lets the grace time and the quiet time be set (tests, operators)', () => {
    const tracker = new ProblemTracker<string>({ graceMs: 1_000, quietMs: 2_000 });
    tracker.observe('state', failing(), 0);
    expect(deliver(tracker, 999)).toEqual([]);
    expect(deliver(tracker, 1_000)).toMatchObject([{ kind: 'problem', key: 'state' }]);
    tracker.observe('state', working, 1_500);
    expect(deliver(tracker, 1_500)).toMatchObject([{ kind: 'over', key: 'state', since: 0 }]);
    tracker.observe('state', failing(), 2_000);
    expect(deliver(tracker, 3_000)).toEqual([]);
    expect(deliver(tracker, 3_500)).toMatchObject([{ kind: 'problem', key: 'state', since: 2_000 }]);
  });

  it('lists open problems, told or not, oldest first', () => {
    const tracker = new ProblemTracker<string>();
    tracker.observe('chat:b', failing('kicked', true), 5 * MIN);
    tracker.observe('provider:sepay', failing('503'), 2 * MIN);
    deliver(tracker, 5 * MIN);
    expect(tracker.open()).toEqual([
      { key: 'provider:sepay', reason: '503', since: 2 * MIN, told: false },
      { key: 'chat:b', reason: 'kicked', since: 5 * MIN, told: true },
    ]);
    tracker.observe('chat:b', working, 6 * MIN);
    // Told and working again, its end not told yet: still open.
    expect(tracker.open().map((p) => p.key)).toEqual(['provider:sepay', 'chat:b']);
    deliver(tracker, 6 * MIN);
    expect(tracker.open().map((p) => p.key)).toEqual(['provider:sepay']);
  });

  it('goes on from a problem told before a restart: not told again, its end told once over', () => {
    const tracker = new ProblemTracker<string>();
    tracker.restore('provider:casso', 'down', 0, 5 * MIN);
    tracker.observe('provider:casso', failing(), 8 * MIN);
    expect(deliver(tracker, 8 * MIN)).toEqual([]);
    tracker.observe('provider:casso', working, 12 * MIN);
    expect(deliver(tracker, 12 * MIN)).toEqual([{ key: 'provider:casso', kind: 'over', reason: 'down', since: 0 }]);
  });

  it('counts a problem told only once a chat took its notice; one no chat took is offered again after a minute', () => {
    const tracker = new ProblemTracker<string>();
    tracker.observe('provider:casso', failing('401', true), 0);
    expect(tracker.due(0)).toMatchObject([{ kind: 'problem' }]);
    // On its way: not offered twice, not told yet.
    expect(tracker.due(1_000)).toEqual([]);
    expect(tracker.open()).toMatchObject([{ told: false }]);
    tracker.untold('provider:casso', 2_000);
    expect(tracker.due(61_000)).toEqual([]);
    expect(tracker.due(62_000)).toMatchObject([{ kind: 'problem', since: 0 }]);
    tracker.told('provider:casso');
    expect(tracker.open()).toMatchObject([{ told: true }]);
    // Over before any chat took the end: the end is offered until one does.
    tracker.observe('provider:casso', working, 70_000);
    expect(tracker.due(70_000)).toMatchObject([{ kind: 'over' }]);
    tracker.untold('provider:casso', 70_000);
    expect(tracker.due(131_000)).toMatchObject([{ kind: 'over', since: 0 }]);
    tracker.told('provider:casso');
    expect(tracker.open()).toEqual([]);
  });

  it('forgets a problem nobody was told of when it becomes part of a larger one, but not one that was told', () => {
    const tracker = new ProblemTracker<string>();
    tracker.observe('chat:a', failing('network'), 0);
    tracker.observe('chat:b', failing('kicked', true), 0);
    deliver(tracker, 0);
    tracker.forgetUntold('chat:a');
    tracker.forgetUntold('chat:b');
    expect(tracker.open().map((p) => p.key)).toEqual(['chat:b']);
  });
});
