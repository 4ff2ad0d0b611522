import type { CommandAnswer, CommandListing, CommandRequest } from '../core/command.js';
import type { PaymentRequest } from '../core/payment-request.js';
import type { PressAnswer, PressRequest } from '../core/press.js';
import type { Logger } from '../core/logger.js';
import type { RenderContext } from '../render/messages.js';

/**
 * What the bot hands every chat platform it connects (the `Deps` of `Chat` in src/core/chat.ts).
 * It names the commands' request and answer types, so it sits here beside the chats rather
 * than in src/core, until those types are core's too.
 */
export interface ChatDeps {
  logger: Logger;
  /** The bot's time zone and language (TZ_DISPLAY, LOCALE). */
  render: RenderContext;
  /** Every command, in the order menus list them; a chat routes those its capabilities allow (`commandsFor`). */
  commands: readonly CommandListing[];
  /** The chat-agnostic command answerer. */
  answer: (request: CommandRequest) => Promise<CommandAnswer>;
  /** The chat-agnostic half of a press on an alert's acknowledge button. */
  acknowledge: (request: PressRequest) => Promise<PressAnswer>;
  /** Whether a chat or channel id may see data, given the ids this chat platform is configured with. */
  allowedAmong: (targets: readonly string[]) => (chatId: string) => boolean;
  /** Whether this bot leads now: polling a platform is the leader's alone (see `pollsPlatform`). */
  leading: () => boolean;
  /**
   * Where WEB_PORT is reached (WEB_PUBLIC_URL, or its default), for what a chat serves there
   * (`webRoutes`: Zalo fetches a /qr image from the bot); null without WEB_PORT.
   */
  web: { publicUrl: string } | null;
  /**
   * Sends one message to `target` (one of this platform's chat ids, a Telegram topic as
   * `chat:topic`) when the chat's send budget, the one its alerts spend, has room, and counts
   * it. A command's answer takes its turn so, and never meets a rate limit beside an alert.
   */
  inTurn: <T>(target: string, send: () => Promise<T>) => Promise<T>;
  /** The /qr request with this code, while it is open, as the state (shared by every bot) holds it now. */
  openRequest: (code: string) => PaymentRequest | undefined;
}
