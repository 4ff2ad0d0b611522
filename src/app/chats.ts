import type { ChatDeps } from '../chats/chat-deps.js';
import { CHAT_SWITCHES, CHATS, createConsoleSender } from '../chats/index.js';
import type { Config } from '../config/schema.js';
import type { ConnectedChat } from '../core/chat.js';
import { isOpen } from '../core/payment-request.js';
import { destinationId, isChatOf, type Destination } from '../delivery/destination.js';
import type { SendBudgets } from '../delivery/send-budgets.js';
import type { Logger } from '../log/logger.js';
import type { RenderContext } from '../render/messages.js';
import type { StateStore } from '../store/state-store.js';

/** The chat platforms the configuration turns on, each loaded only then. */
export async function connectChats(
  config: Config,
  deps: Omit<ChatDeps, 'allowedAmong' | 'web' | 'openRequest' | 'inTurn'> & { store: StateStore; budgets: SendBudgets },
): Promise<ConnectedChat[]> {
  const { store, budgets, ...shared } = deps;
  // A chat is allowed if configured, or if it is where a configured chat moved.
  const allowedAmong = (platform: string) => (targets: readonly string[]) => (chatId: string) =>
    targets.some((target) => isChatOf({ id: destinationId(platform, target), target }, chatId, store));
  const web = config.web === null ? null : { publicUrl: config.web.publicUrl };
  const openRequest = (code: string) => store.paymentRequests().find((request) => request.code === code && isOpen(request));
  const chats: ConnectedChat[] = [];
  for (const chat of CHATS) {
    // A command is answered only once the chat is connected: its sender's limits are known by then.
    let sender: ConnectedChat['sender'] | null = null;
    const inTurn = <T>(target: string, send: () => Promise<T>) => (sender === null ? send() : budgets.inTurn(sender, target, send));
    const connected = await chat.connect(config.plugins, { ...shared, allowedAmong: allowedAmong(chat.name), web, openRequest, inTurn });
    if (connected !== null) chats.push(connected);
    sender = connected?.sender ?? null;
  }
  return chats;
}

/**
 * Where alerts go: every target of every connected chat, or the terminal when no chat is on.
 * A chat on without targets is warned about: its alerts go nowhere.
 */
export function chatDestinations(
  platforms: readonly ConnectedChat[],
  deps: { render: RenderContext; logger: Logger; print: (text: string) => void },
): Destination[] {
  const { logger } = deps;
  for (const platform of platforms) {
    if (platform.targets.length === 0) {
      logger.warn('chat.no_targets', {
        platform: platform.sender.platform,
        fix: 'no chat ids configured: alerts for it are not sent. Write to the bot in the chat (Telegram: /start; Zalo: any message) to learn its id, and add it to the configuration',
      });
    }
  }
  if (platforms.length === 0) {
    logger.warn('chat.none', { fix: `no chat configured: alerts are printed here. Set ${CHAT_SWITCHES} to send them to a chat` });
    return [{ id: destinationId('console', 'console'), sender: createConsoleSender(deps.render, deps.print), target: 'console' }];
  }
  return platforms.flatMap((platform) =>
    platform.targets.map((target) => ({ id: destinationId(platform.sender.platform, target), sender: platform.sender, target })),
  );
}
