import type { AlertLook, TextMessage } from './chat-sender.js';
import type { Transaction } from './model.js';

/** A press on an alert's acknowledge button, as a chat platform received it. */
export interface PressRequest {
  /** The chat's platform, as its sender names it. */
  platform: string;
  /** The chat or channel it was pressed in, as the platform names it (`chat_id:topic_id` in a listed topic). */
  chatId: string;
  /** Whether that chat is in the allow list. */
  allowed: boolean;
  /** The platform's reference of the pressed message. */
  ref: string;
  /** Who pressed, as the chat shows them: untrusted text. */
  userName: string;
}

/**
 * What the platform does next. Every kind has a short `notice` for the presser alone; only
 * `acknowledged` redraws the message: its payments looking as the chat's rules say (`look`),
 * without the button, and `footer` naming who acknowledged it and when.
 */
export type PressAnswer =
  | { kind: 'refused' | 'unknown' | 'already' | 'failed'; notice: string }
  | { kind: 'acknowledged'; notice: string; txs: Transaction[]; look: AlertLook; footer: TextMessage[number] };
