import { startBot } from './app.js';
import { loadConfig } from './config/load-config.js';
import { createLogger } from './log/logger.js';
import { StateFileError, StateLockedError } from './store/errors.js';

/** `npm start`: read the configuration, run until SIGINT/SIGTERM, stop cleanly. */
async function main(): Promise<number> {
  const loaded = loadConfig({ cwd: process.cwd(), env: process.env });
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
    if (error instanceof StateFileError || error instanceof StateLockedError) {
      logger.error('bot.cannot_start', { error: error.message });
      return 1;
    }
    throw error;
  }

  const running = bot;
  await new Promise<void>((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      logger.info('bot.stopping', { signal });
      // A second signal while stopping means "now".
      process.once('SIGINT', () => process.exit(130));
      process.once('SIGTERM', () => process.exit(143));
      running.stop().then(resolve, (error: unknown) => {
        logger.error('bot.stop_failed', { error: String(error) });
        resolve();
      });
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`bankbell crashed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
