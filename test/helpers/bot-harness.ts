import { afterEach } from 'vitest';
import { startBot, type BotDeps, type RunningBot } from '../../src/app/start-bot.js';
import { PLUGINS } from '../../src/app/plugins.js';
import { parseConfig } from '../../src/config/parse-config.js';
import type { Config } from '../../src/config/schema.js';
import { createLogger } from '../../src/log/logger.js';
import type { FakeCasso } from '../../fakes/casso/server.js';
import type { FakeSepay } from '../../fakes/sepay/v1.js';

export interface Harness {
  bot: RunningBot;
  config: Config;
  /** Every alert the console destination printed, in order. */
  printed: string[];
  /** Log lines, for asserting what the operator is told. */
  logs: string[];
  /** How many printed alerts mention `text`. */
  alertsMentioning(text: string): number;
  stop(): Promise<void>;
}

/** Never fires on its own: tests drive cycles with `bot.pollNow()`. */
export const MANUAL_CRON = '0 0 1 1 *';

/**
 * Runs the real bot in-process against fake providers, configured the way an operator would
 * (environment variables), with alerts going to the console destination.
 */
export async function startHarness(options: {
  dataDir: string;
  casso?: FakeCasso;
  sepay?: FakeSepay;
  env?: Record<string, string>;
  /** Clock and timings of service notices and daily summaries. */
  notices?: BotDeps['notices'];
}): Promise<Harness> {
  const env: Record<string, string> = {
    DATA_DIR: options.dataDir,
    POLL_CRON: MANUAL_CRON,
    LOG_LEVEL: 'debug',
    ...(options.casso ? { CASSO_API_KEY: options.casso.apiKey, CASSO_API_BASE: options.casso.url } : {}),
    ...(options.sepay ? { SEPAY_API_TOKEN: 'test-sepay-token', SEPAY_API_BASE: options.sepay.url } : {}),
    ...options.env,
  };
  const parsed = parseConfig(env, PLUGINS);
  if (!parsed.ok) throw parsed.error;
  const printed: string[] = [];
  const logs: string[] = [];
  const logger = createLogger({ level: 'debug', write: (line) => logs.push(line) });
  const bot = await startBot(parsed.value, { logger, print: (text) => printed.push(text), notices: options.notices });
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await bot.stop();
  };
  afterEach(stop);
  return {
    bot,
    config: parsed.value,
    printed,
    logs,
    alertsMentioning: (text) => printed.filter((p) => p.includes(text)).length,
    stop,
  };
}
