/**
 * Items that end by time (a /qr request, a /check answer), as one step over their list: those done
 * with (`settled`) leave it, those whose time is up (`due`) become what `expire` makes of them.
 * Returns the same array when nothing changed, so the stores write nothing.
 */
export function expireItems<T>(items: T[], step: { settled(item: T): boolean; due(item: T): boolean; expire(item: T): T }): T[] {
  let changed = false;
  const next = items.flatMap((item) => {
    if (step.settled(item)) {
      changed = true;
      return [];
    }
    if (!step.due(item)) return [item];
    changed = true;
    return [step.expire(item)];
  });
  return changed ? next : items;
}
