import type { ChatSender } from '../core/chat-sender.js';
import type { StateStore } from '../store/state-store.js';

/** A place alerts go: `telegram:<chat id>`, `slack:<channel id>` or `console`. */
export interface Destination {
  /** The outbox key, stable across restarts. */
  id: string;
  sender: ChatSender;
  /** Chat or channel id as configured (before its chat moved to a new id, if it did). */
  target: string;
}

export function destinationId(platform: string, target: string): string {
  return platform === 'console' ? 'console' : `${platform}:${target}`;
}

/** The platform a destination id names (`telegram` of `telegram:-100…`; `console` of itself). */
export const platformOf = (dest: string): string => dest.split(':', 1)[0] ?? dest;

/** The store's moved-chats slice: where a destination's chat went when it got a new id. */
export type MovedChats = Pick<StateStore, 'movedTo'>;

/**
 * Where a destination's messages go now: the id its chat moved to (a Telegram group that became a
 * supergroup), or else its target as configured. The one place a moved chat is followed: its
 * worker posts and edits there, and the chat's commands from there speak for the destination.
 */
export function currentTarget(destination: Pick<Destination, 'id' | 'target'>, moved: MovedChats): string {
  return moved.movedTo(destination.id) ?? destination.target;
}

/** Whether `chatId` is the destination's chat: its target as configured, or where it moved. */
export function isChatOf(destination: Pick<Destination, 'id' | 'target'>, chatId: string, moved: MovedChats): boolean {
  return chatId === destination.target || chatId === currentTarget(destination, moved);
}
