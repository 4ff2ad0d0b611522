import type { ChatError } from '../core/chat-errors.js';
import type { AlertLook, ChatSender } from '../core/chat-sender.js';
import type { Result } from '../core/result.js';

/**
 * A message the bot posted that owes an update: what it shows is behind what it should show
 * (a /qr request paid or expired). Read from the state, so an edit that failed, or was on its way
 * when the bot stopped, is made after the restart. The chat's worker makes it, within the chat's
 * send budget, after the alerts that are due.
 */
export interface OwedUpdate {
  /** Names what the message is about, the same for each update it owes (e.g. `qr:<code>`): retries are counted by it. */
  readonly key: string;
  /** The destination whose chat the message is in. */
  readonly dest: string;
  /** What its log lines start with (`qr.edited`, `qr.edit_retry`…). */
  readonly part: string;
  /** What its log lines say of it. */
  readonly log: Readonly<Record<string, string | number>>;
  /**
   * How `sender` rewrites the message in `target` (its chat's id now), looking as the chat's
   * rules say; undefined when the platform cannot edit it. The edit resolves once the platform
   * took it (a message that already shows it counts as taken) and never throws.
   */
  editBy(sender: ChatSender): ((target: string, look: AlertLook) => Promise<Result<void, ChatError>>) | undefined;
  /** Records that the message shows this update, or never will (refused, cannot be edited); durable before it resolves. */
  shown(): Promise<void>;
}

/** Where updates owed come from: one source per kind of message that changes after it was posted. */
export interface UpdateSource {
  /** Every update owed now, in every chat, oldest first. */
  owed(): readonly OwedUpdate[];
  /** Calls `listener` whenever what is owed may have changed; returns its undo. */
  onChange(listener: () => void): () => void;
}
