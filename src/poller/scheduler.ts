import cron, { type Logger as CronLogger } from 'node-cron';
import type { Logger } from '../log/logger.js';

export interface Scheduler {
  /** Runs a cycle now, after the one in progress if any (never two at once). */
  runNow(): Promise<void>;
  /** Stops ticking and waits for a cycle in progress to finish. */
  stop(): Promise<void>;
}

/**
 * Runs `cycle` now and then on every tick of `expression`. A tick that comes while a cycle is
 * still running is skipped, so two cycles never overlap: a slow cycle delays the next. Ticks
 * missed while the process was paused (or the machine frozen) are not run late: the next poll
 * catches up, and the bot says once how many it missed (node-cron would warn once for each).
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
  let missed: { count: number; since: Date } | null = null;
  const tick = () => {
    if (missed !== null) {
      logger.warn('poll.ticks_missed', {
        count: missed.count,
        since: missed.since.toISOString(),
        reason: 'the process was paused or too busy to run them; this poll catches up',
      });
      missed = null;
    }
    if (running) logger.debug('poll.skipped', { reason: 'previous cycle still running' });
    else void start();
  };
  const task = cron.schedule(expression, tick, { name: 'bankbell-poll', logger: cronLogger(logger) });
  // Listening to missed ticks also keeps node-cron from warning of each on the console.
  task.on('execution:missed', ({ date }) => {
    if (missed === null) missed = { count: 1, since: date };
    else missed.count++;
  });
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

/** node-cron's own messages, through the bot's logger (its default prints to the console in colours). */
function cronLogger(logger: Logger): CronLogger {
  const fields = (message: string | Error, error?: Error) => ({ message: String(message), ...(error === undefined ? {} : { error: String(error) }) });
  return {
    info: (message) => logger.info('cron.info', fields(message)),
    warn: (message) => logger.warn('cron.warning', fields(message)),
    error: (message, error) => logger.error('cron.error', fields(message, error)),
    debug: (message, error) => logger.debug('cron.debug', fields(message, error)),
  };
}
