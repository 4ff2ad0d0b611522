import type { Transaction } from '../core/model.js';
import type { DeadLetter, OutboxRow } from './state-schema.js';

/**
 * The outbox as values: each change returns a new list and leaves the one it was given
 * alone, so the store can write the result first and make it current only once it is on disk.
 * A row is one alert for one destination: the pair names it.
 */
const rowId = (row: Pick<OutboxRow, 'key' | 'dest'>) => `${row.key}\n${row.dest}`;

/** One row per alerted transaction and destination, owed from now. */
export function owedRows(alerted: readonly { key: string; destinations: readonly string[] }[], now: number): OutboxRow[] {
  return alerted.flatMap(({ key, destinations }) =>
    destinations.map((dest) => ({ key, dest, attempts: 0, nextAt: 0, lastError: null, createdAt: now })),
  );
}

export function withoutRows(outbox: readonly OutboxRow[], rows: readonly OutboxRow[]): OutboxRow[] {
  const gone = new Set(rows.map(rowId));
  return outbox.filter((row) => !gone.has(rowId(row)));
}

export function rescheduled(outbox: readonly OutboxRow[], rows: readonly OutboxRow[], nextAt: number, error: string): OutboxRow[] {
  const failed = new Set(rows.map(rowId));
  return outbox.map((row) => (failed.has(rowId(row)) ? { ...row, attempts: row.attempts + 1, nextAt, lastError: error } : row));
}

export function deadLettersOf(rows: readonly { row: OutboxRow; tx: Transaction }[], error: string, at: number): DeadLetter[] {
  return rows.map(({ row, tx }) => ({ dest: row.dest, tx, error, at }));
}

/** When the oldest alert still waiting was stored (epoch ms), or null when none waits. */
export function oldestCreatedAt(outbox: readonly OutboxRow[]): number | null {
  let oldest: number | null = null;
  for (const row of outbox) if (oldest === null || row.createdAt < oldest) oldest = row.createdAt;
  return oldest;
}
