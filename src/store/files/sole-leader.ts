import type { Leadership } from '../../core/leadership.js';

/** The only bot on its data directory leads from the start, for ever: nothing can replace it. */
export function soleLeader(instance: string): Leadership {
  const since = new Date().toISOString();
  const elected: (() => void)[] = [];
  return {
    currentEpoch: () => 0,
    onElected: (listener) => elected.push(listener),
    onLost: () => undefined,
    describe: () => ({ instance, leading: true, since }),
    start: async () => elected.forEach((listener) => listener()),
    stop: async () => undefined,
  };
}
