import type { DemoTransaction } from './scenario.js';

export interface TrafficOptions {
  plan: { next(): DemoTransaction[] };
  book(tx: DemoTransaction): void;
  /** Before the first tick: short, so the first alert comes quickly. */
  firstDelayMs: number;
  /** Between ticks, drawn each time. */
  nextDelayMs(): number;
  /** A booking that fails (a bug in the demo) is reported, and the traffic goes on. */
  onError(error: unknown): void;
}

/** Books the plan's transactions tick after tick until stopped. */
export function startTraffic(options: TrafficOptions): { stop(): void } {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const tick = () => {
    for (const tx of options.plan.next()) {
      try {
        options.book(tx);
      } catch (error) {
        options.onError(error);
      }
    }
    if (!stopped) timer = setTimeout(tick, options.nextDelayMs());
  };
  timer = setTimeout(tick, options.firstDelayMs);
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
