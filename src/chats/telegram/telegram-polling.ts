import { GrammyError, type Bot, type Transformer } from 'grammy';
import type { BotCommand } from 'grammy/types';
import { backoffDelay, pause, type RetryPolicy } from '../../http/backoff.js';
import type { Logger } from '../../log/logger.js';
import type { ReceivingStatus } from '../../core/chat.js';
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
  /** Stops polling (the updates taken are confirmed to Telegram). */
  stop(): Promise<void>;
  /** Whether commands are coming in, for /healthz; null while it does not poll. */
  status(): ReceivingStatus | null;
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
 * Waits between tries while another program polls with this token: 1–2 s at first, then 5–10 s.
 * Each try ends the other's long poll too, so not more often; and not less, so that commands
 * come back within seconds of the other program being stopped, not a minute later.
 */
const CONFLICT_RETRY: RetryPolicy = { attempts: Infinity, baseDelayMs: 2_000, maxDelayMs: 10_000 };

const CONFLICT_FIX =
  'another program is polling with this bot token or has set a webhook: stop the other instance (or call deleteWebhook for it); commands come in again once it is gone';

/**
 * The bot's long-polling life. Nothing here may take the process down: a wrong token (401) ends
 * polling with one clear log line and the fix, while alerts keep waiting in the outbox; a second
 * poller (409) is logged with its fix and ridden out, trying again with backoff until it is gone;
 * Telegram being unreachable is retried by grammY until stop(). `status()` says which, for /healthz.
 */
export function createPolling({ bot, logger, menus, pollTimeoutSeconds, readyWaitMs }: PollingOptions): Polling {
  // One per start: a bot that leads again polls again.
  let abort = new AbortController();
  let stopped = false;
  let running: Promise<void> | undefined;
  let status: ReceivingStatus | null = null;
  const setStatus = (receiving: boolean, problem: string | null) => {
    if (status?.receiving !== receiving || status.problem !== problem) status = { receiving, problem, since: Date.now() };
  };
  const inConflict = () => status?.problem?.startsWith('409') === true;
  bot.api.config.use(rideOutConflicts());

  /**
   * A 409 to getUpdates would end grammY's polling for good. While another program polls, the
   * same long poll is tried again after a wait, so polling goes on by itself once it is gone.
   * Only polling's own calls (they carry its abort signal) are retried: the one that confirms
   * the updates on stop() is not.
   */
  function rideOutConflicts(): Transformer {
    return async (prev, method, payload, callSignal) => {
      let result = await prev(method, payload, callSignal);
      if (method !== 'getUpdates' || callSignal === undefined) return result;
      // The polyfill's AbortSignal type (see GrammySignal); at run time the native one.
      const stopping = callSignal as unknown as AbortSignal;
      for (let attempt = 0; !result.ok && result.error_code === 409; attempt++) {
        if (!inConflict()) {
          logger.error('telegram.conflict', {
            error: `${result.error_code}: ${result.description}`,
            effect: 'commands are not received; alerts still go out',
            fix: CONFLICT_FIX,
          });
        }
        setStatus(false, `409 Conflict: ${CONFLICT_FIX}`);
        if (!(await pause(backoffDelay(CONFLICT_RETRY, Math.min(attempt, 20)), stopping))) return result;
        result = await prev(method, payload, callSignal);
      }
      if (result.ok) {
        if (inConflict()) logger.info('telegram.conflict_over', { effect: 'commands are received again' });
        setStatus(true, null);
      }
      return result;
    };
  }

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
        setStatus(true, null);
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
    setStatus(false, `polling stopped: ${fields.error}`);
    if (code === 401 || code === 404) {
      logger.error('telegram.unauthorized', { ...fields, fix: `${TOKEN_FIX}, then restart` });
    } else {
      logger.error('telegram.polling_failed', { ...fields, fix: 'restart the bot; report this if it repeats' });
    }
  }

  return {
    status: () => status,
    async start() {
      if (running) return;
      stopped = false;
      setStatus(false, 'connecting to Telegram');
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
      status = null;
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
