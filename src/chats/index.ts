import type { Chat } from './chat.js';
import { slack } from './slack/index.js';
import { telegram } from './telegram/index.js';

/** Every chat platform bankbell posts to. Adding one is a folder beside these and a line here. */
export const CHATS: readonly Chat[] = [telegram, slack];
