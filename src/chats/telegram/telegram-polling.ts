import { GrammyError, type Bot, type Transformer } from 'grammy';
import type { BotCommand } from 'grammy/types';
import type { Logger } from '../../log/logger.js';
import { describeTelegramError, TOKEN_FIX } from './telegram-errors.js';

/**
 * grammY types signals with the `abort-controller` polyfill it ships for old Node versions; at
 * run time it (and node-fetch) take the native AbortSignal, which has the same shape.
 */
type GrammySignal = NonNullable<Parameters<Bot['init']>[0]>;

export interface PollingOptions {
  bot: Bot;
  logger: Logger;
  /** The command menus to register before polling: the default one, then one per language (`language_code`). */
  menus: { languageCode?: 'vi' | 'en'; commands: BotCommand[] }[];
  /** Long-poll `timeout`; must stay below the client's request timeout. */
  pollTimeoutSeconds: number;
  /** How long `start()` waits for Telegram before returning anyway. */
  readyWaitMs: number;
}

export interface Polling {
  /** Connects, registers the commands and starts long polling; returns once polling runs, failed, or readyWaitMs passed. Again after stop(). */
  start(): Promise<void>;
  /** Stops polling and waits until the update in hand is answered. */
  stop(): Promise<void>;
}

/** A getUpdates this bot may not make: another bot leads, and polls Telegram. */
export class NotLeadingError extends Error {
  constructor() {
    super('getUpdates not sent: this bot does not lead (the leader polls Telegram)');
    this.name = 'NotLeadingError';
  }
}

/**
 * Refuses getUpdates, before it leaves, while this bot does not lead. A second poller would end
 * the leader's long poll (409) and take its updates; a leader paused past its lease must not,
 * when it resumes, poll again, nor confirm offsets when it stops.
 */
export function getUpdatesWhileLeading(leading: () => boolean): Transformer {
  return (prev, method, payload, signal) => {
    if (method === 'getUpdates' && !leading()) throw new NotLeadingError();
    return prev(method, payload, signal);
  };
}

/**
 * The bot's long-polling life. Nothing here may take the process down: a wrong token (401) or a
 * second poller (409) ends polling with one clear log line and the fix, while alerts keep
 * waiting in the outbox; Telegram being unreachable is retried by grammY until stop().
 */
export function createPolling({ bot, logger, menus, pollTimeoutSeconds, readyWaitMs }: PollingOptions): Polling {
  // One per start: a bot that leads again polls again.
  let abort = new AbortController();
  let stopped = false;
  let running: Promise<void> | undefined;

  async function run(onReady: () => void): Promise<void> {
    const signal = abort.signal as unknown as GrammySignal;
    // Our own init (getMe) so stop() can abort its retries; bot.start() then skips it.
    await bot.init(signal);
    try {
      for (const menu of menus) {
        await bot.api.setMyCommands(menu.commands, menu.languageCode === undefined ? undefined : { language_code: menu.languageCode }, signal);
      }
    } catch (error) {
      if (stopped) return;
      // Commands still work when typed; only Telegram's menu is missing.
      logger.warn('telegram.commands_not_registered', { error: describeTelegramError(error) });
    }
    if (stopped) return;
    await bot.start({
      timeout: pollTimeoutSeconds,
      onStart: (me) => {
        logger.info('telegram.polling', { bot: me.username });
        onReady();
      },
    });
  }

  function reportFailure(error: unknown): void {
    if (stopped) {
      logger.debug('telegram.start_aborted', { error: describeTelegramError(error) });
      return;
    }
    const code = error instanceof GrammyError ? error.error_code : undefined;
    const fields = { error: describeTelegramError(error), effect: 'commands are off; alerts wait in the outbox' };
    if (code === 401 || code === 404) {
      logger.error('telegram.unauthorized', { ...fields, fix: `${TOKEN_FIX}, then restart` });
    } else if (code === 409) {
      logger.error('telegram.conflict', {
        ...fields,
        fix: 'another program is polling with this bot token or has set a webhook: stop the other instance (or call deleteWebhook for it), then restart',
      });
    } else {
      logger.error('telegram.polling_failed', { ...fields, fix: 'restart the bot; report this if it repeats' });
    }
  }

  return {
    async start() {
      if (running) return;
      stopped = false;
      abort = new AbortController();
      let markReady: () => void = () => {};
      const ready = new Promise<'ready'>((resolve) => {
        markReady = () => resolve('ready');
      });
      running = run(markReady).catch(reportFailure).finally(markReady);
      let timer: NodeJS.Timeout | undefined;
      const slow = new Promise<'slow'>((resolve) => {
        timer = setTimeout(() => resolve('slow'), readyWaitMs);
      });
      const outcome = await Promise.race([ready, slow]);
      clearTimeout(timer);
      if (outcome === 'slow') {
        logger.warn('telegram.connecting', { effect: 'Telegram not reachable yet, still trying; alerts wait in the outbox' });
      }
    },
    async stop() {
      stopped = true;
      abort.abort();
      if (bot.isRunning()) {
        // Aborts the long poll and confirms the handled updates to Telegram (not when another bot leads: its poll would end the leader's).
        await bot.stop().catch((error: unknown) => {
          if (error instanceof NotLeadingError) logger.debug('telegram.offset_not_confirmed', { reason: error.message });
          else logger.warn('telegram.stop_failed', { error: describeTelegramError(error) });
        });
      }
      await running;
      running = undefined;
    },
  };
}
