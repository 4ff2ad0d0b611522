import type { ChatSender } from '../core/chat-sender.js';

/** A place alerts go: `telegram:<chat id>`, `slack:<channel id>` or `console`. */
export interface Destination {
  /** The outbox key, stable across restarts. */
  id: string;
  sender: ChatSender;
  /** Chat or channel id as configured (before any Telegram migration). */
  target: string;
}

export function destinationId(platform: string, target: string): string {
  return platform === 'console' ? 'console' : `${platform}:${target}`;
}
