import { insideWindow, wantsAlert, type ChatRules } from '../core/chat-rules.js';
import type { Transaction } from '../core/model.js';
import { minuteOfDay, nextMinuteOfDay } from '../core/zoned-time.js';

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
    return { send: [], drop, holdUntil: nextMinuteOfDay(now, quiet.to, timeZone) };
  }
  return { send: wanted.map((alert) => alert.row), drop, holdUntil: null };
}
