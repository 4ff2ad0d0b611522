/**
 * The list with its item that `matches` replaced by what `change` makes of it, or null when no
 * item matches or the change leaves it as it is (then nothing is written).
 */
export function replaceItem<T>(items: readonly T[], matches: (item: T) => boolean, change: (item: T) => T): T[] | null {
  const index = items.findIndex(matches);
  const found = items[index];
  if (found === undefined) return null;
  const changed = change(found);
  if (changed === found) return null;
  const next = [...items];
  next[index] = changed;
  return next;
}
