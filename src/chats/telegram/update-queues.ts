import type { Context, MiddlewareFn } from 'grammy';
import type { Logger } from '../../log/logger.js';
import { createKeyedQueues } from '../keyed-queues.js';
import { describeTelegramError } from './telegram-errors.js';

export interface UpdateQueues {
  /** Installed first: hands each update to its queue and lets grammY fetch the next at once. */
  middleware: MiddlewareFn<Context>;
  /** Resolves once every update taken so far has been answered. */
  settled(): Promise<void>;
}

/**
 * grammY's polling answers one update at a time, so one slow answer (an /export, a /balance
 * waiting for a provider) held up every other chat and every button. Here each update runs in
 * its own queue (keyed-queues.ts): a chat's commands one after another, in the order they were
 * written, and presses on one message one after another; different chats, and presses, never
 * wait for each other. grammY confirms an update to Telegram when it fetches the next batch, so
 * an update still being answered when the bot is killed is not answered after the restart (its
 * asker asks again); a clean stop waits for them.
 */
export function createUpdateQueues(logger: Logger): UpdateQueues {
  const queues = createKeyedQueues();
  const middleware: MiddlewareFn<Context> = (ctx, next) => {
    queues.push(queueOf(ctx), next, (error: unknown) => {
      // What bot.catch would have logged, had the update been handled in grammY's loop.
      logger.error('telegram.update_failed', { update_id: ctx.update.update_id, chat: ctx.chat?.id, error: describeTelegramError(error) });
    });
    return Promise.resolve();
  };
  return { middleware, settled: () => queues.settled() };
}

/** Updates with the same key are answered in order: a chat's messages, the presses on one message. */
function queueOf(ctx: Context): string {
  const press = ctx.callbackQuery;
  if (press !== undefined) return `press:${press.message?.chat.id ?? ''}:${press.message?.message_id ?? press.id}`;
  return `chat:${ctx.chat?.id ?? ctx.update.update_id}`;
}
