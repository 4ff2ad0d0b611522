import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../src/log/logger.js';
import { startScheduler, type Scheduler } from '../../src/poller/scheduler.js';
import { holdStill } from '../helpers/hold-still.js';
import { until } from '../helpers/until.js';

let scheduler: Scheduler | undefined;
afterEach(async () => {
  await scheduler?.stop();
  vi.restoreAllMocks();
});

describe('the poll scheduler', () => {
  it('after a pause, says once through the bot logger how many ticks it missed, and node-cron prints nothing of its own', async () => {
    const lines: string[] = [];
    const logger = createLogger({ level: 'debug', write: (line) => lines.push(line) });
    const printed = vi.fn();
    for (const method of ['warn', 'error', 'info', 'debug', 'log'] as const) vi.spyOn(console, method).mockImplementation(printed);
    let cycles = 0;
    scheduler = startScheduler('* * * * * *', async () => void cycles++, logger);
    await until(() => cycles >= 2, 5_000, 'two ticks');
    const pausedAt = Date.now();
    holdStill(() => Date.now() - pausedAt >= 4_500, 10_000);
    const after = cycles;
    await until(() => cycles >= after + 2, 5_000, 'ticks after the pause');
    const missed = lines.filter((line) => line.includes('poll.ticks_missed'));
    expect(missed).toHaveLength(1);
    expect(missed[0]).toMatch(/count=[3-5]\b/);
    expect(printed).not.toHaveBeenCalled();
  });
});
