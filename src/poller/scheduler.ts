import cron from 'node-cron';
import type { Logger } from '../log/logger.js';

export interface Scheduler {
  /** Runs a cycle now, after the one in progress if any (never two at once). */
  runNow(): Promise<void>;
  /** Stops ticking and waits for a cycle in progress to finish. */
  stop(): Promise<void>;
}

/**
 * Runs `cycle` now and then on every tick of `expression`. A tick that comes while a cycle is
 * still running is skipped, so two cycles never overlap: a slow cycle delays the next.
 */
export function startScheduler(expression: string, cycle: () => Promise<unknown>, logger: Logger): Scheduler {
  let running: Promise<void> | undefined;
  const start = (): Promise<void> => {
    const run = cycle().then(
      () => undefined,
      (error: unknown) => logger.error('poll.crashed', { error: String(error) }),
    );
    running = run.finally(() => {
      if (running === guarded) running = undefined;
    });
    const guarded = running;
    return guarded;
  };
  const tick = () => {
    if (running) logger.debug('poll.skipped', { reason: 'previous cycle still running' });
    else void start();
  };
  const task = cron.schedule(expression, tick, { name: 'bankbell-poll' });
  tick();
  return {
    async runNow() {
      while (running) await running;
      await start();
    },
    async stop() {
      await task.destroy();
      await running;
    },
  };
}
