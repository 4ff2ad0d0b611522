import { insideWindow, wantsAlert, type ChatRules } from '../core/chat-rules.js';
import type { Transaction } from '../core/model.js';
import { wallClock } from '../render/format-time.js';

/** An alert that is due, with the transaction it is about. */
export interface DueAlert<Row> {
  row: Row;
  tx: Transaction;
}

export interface RulesVerdict<Row> {
  /** What to send now, oldest first; the dispatcher sends all of it together, as one digest where it fits. */
  send: Row[];
  /** Owed to this chat but unwanted by its rules now: forget without sending. */
  drop: Row[];
  /** Set while quiet hours last: send nothing before this instant (epoch ms). */
  holdUntil: number | null;
}

function minuteOfDay(epochMs: number, timeZone: string): number {
  const t = wallClock(epochMs, timeZone);
  return (t.hour % 24) * 60 + t.minute;
}

/** The first instant at or after `now` whose minute of day is `minute` (to the whole minute). */
function nextMinute(now: number, minute: number, timeZone: string): number {
  const t = wallClock(now, timeZone);
  const current = (t.hour % 24) * 60 + t.minute;
  const ahead = (minute - current + 1440) % 1440;
  return now - t.second * 1000 - (now % 1000) + ahead * 60_000;
}

/**
 * Decides, at send time, what a chat's rules make of the alerts due to it: alerts for accounts
 * it does not follow, below its minimum or in a direction it does not want are dropped; during
 * its quiet hours the rest wait until the window ends, and then go out together. Pure: the rules and the clock come in, a verdict comes out.
 */
export function applyRules<Row>(due: readonly DueAlert<Row>[], rules: ChatRules, now: number, timeZone: string): RulesVerdict<Row> {
  const wanted: DueAlert<Row>[] = [];
  const drop: Row[] = [];
  for (const alert of due) {
    if (wantsAlert(rules, alert.tx)) wanted.push(alert);
    else drop.push(alert.row);
  }
  const quiet = rules.quiet;
  if (quiet !== null && wanted.length > 0 && insideWindow(quiet, minuteOfDay(now, timeZone))) {
    return { send: [], drop, holdUntil: nextMinute(now, quiet.to, timeZone) };
  }
  return { send: wanted.map((alert) => alert.row), drop, holdUntil: null };
}
