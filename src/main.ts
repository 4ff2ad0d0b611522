import { startBot } from './app/start-bot.js';
import { PLUGINS } from './app/plugins.js';
import { loadConfig } from './config/load-config.js';
import { createLogger } from './log/logger.js';
import { StateFileError, StateLockedError } from './store/errors.js';
import { StateDatabaseError } from './store/postgres/database.js';

/** `npm start`: read the configuration, run until SIGINT/SIGTERM, stop cleanly. */
async function main(): Promise<number> {
  // Listen first: a signal that arrives while the bot is still starting must stop it cleanly
  // once it has started, not kill it halfway through opening its state.
  const stopSignal = new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });

  const loaded = loadConfig({ cwd: process.cwd(), env: process.env, plugins: PLUGINS });
  if (!loaded.ok) {
    process.stderr.write(`${loaded.error.message}\n`);
    return 1;
  }
  const config = loaded.value;
  const logger = createLogger({ level: config.logLevel, secrets: config.secrets });

  let bot;
  try {
    bot = await startBot(config, { logger });
  } catch (error) {
    if (error instanceof StateFileError || error instanceof StateLockedError || error instanceof StateDatabaseError) {
      logger.error('bot.cannot_start', { error: error.message });
      return 1;
    }
    throw error;
  }

  // Nothing else ends it: a bot that loses the lead or its database stands by and contends again.
  const signal = await stopSignal;
  logger.info('bot.stopping', { signal });
  // A second signal while stopping means "now".
  process.once('SIGINT', () => process.exit(130));
  process.once('SIGTERM', () => process.exit(143));
  try {
    await bot.stop();
  } catch (error) {
    logger.error('bot.stop_failed', { error: String(error) });
    return 1;
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`bankbell crashed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
