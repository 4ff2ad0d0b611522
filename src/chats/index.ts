import type { Chat } from '../core/chat.js';
import type { ChatDeps } from './chat-deps.js';
import { slack } from './slack/index.js';
import { telegram } from './telegram/index.js';
import { zalo } from './zalo/index.js';

/** Every chat platform bankbell posts to. Adding one is a folder beside these and a line here. */
export const CHATS: readonly Chat<ChatDeps>[] = [telegram, slack, zalo];

/** Where alerts go when no chat is on: printed, through the same outbox. */
export { createConsoleSender } from './console/index.js';

/** How an operator turns a chat on, for advice: `TELEGRAM_BOT_TOKEN (from @BotFather) or …`. */
export const CHAT_SWITCHES = CHATS.flatMap((chat) => chat.config.turnsOn ?? [])
  .map((s) => `${s.variable} (from ${s.from})`)
  .join(' or ');
