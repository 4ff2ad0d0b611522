import type { OutboxRow } from '../state-schema.js';

/**
 * What a change did to a slice of the state, as the rows to write: a change keeps every entry it
 * leaves alone (the same value, the same object), so comparing by identity finds what it touched.
 */

/** The entries of `after` that `before` did not hold as they are. */
export function entriesChanged<T>(before: Readonly<Record<string, T>>, after: Readonly<Record<string, T>>): Record<string, T> {
  if (before === after) return {};
  return Object.fromEntries(Object.entries(after).filter(([key, value]) => !Object.hasOwn(before, key) || before[key] !== value));
}

/** The keys of `before` that `after` dropped. */
export function keysRemoved(before: Readonly<Record<string, unknown>>, after: Readonly<Record<string, unknown>>): string[] {
  if (before === after) return [];
  return Object.keys(before).filter((key) => !Object.hasOwn(after, key));
}

const rowId = (row: Pick<OutboxRow, 'key' | 'dest'>) => `${row.key}\n${row.dest}`;

/** The outbox rows a change removed, added (in order) and changed (their tries). */
export function outboxChanges(before: readonly OutboxRow[], after: readonly OutboxRow[]): { removed: OutboxRow[]; added: OutboxRow[]; changed: OutboxRow[] } {
  if (before === after) return { removed: [], added: [], changed: [] };
  const old = new Map(before.map((row) => [rowId(row), row]));
  const now = new Set(after.map(rowId));
  return {
    removed: before.filter((row) => !now.has(rowId(row))),
    added: after.filter((row) => !old.has(rowId(row))),
    changed: after.filter((row) => old.has(rowId(row)) && old.get(rowId(row)) !== row),
  };
}
