import type { ChatError } from '../core/chat-errors.js';
import type { ProviderError } from '../core/provider-errors.js';

/**
 * Why something cannot do its job, in words a chat may read: codes and names only, never a
 * provider's or platform's raw answer beyond a short description, never a secret.
 */
export type ProblemReason =
  | { about: 'provider'; provider: string; code: ProviderError['code']; status: number | null; credential: string | null }
  | { about: 'state' }
  | { about: 'chat'; dest: string; kind: ChatError['kind']; detail: string; fix: string | null };

/** One notice to the chats: a problem began at `since`, or the problem that began then is over. */
export interface ServiceNotice {
  kind: 'problem' | 'over';
  reason: ProblemReason;
  since: number;
  /** A provider's end: payments stored from it since the problem began (caught up). */
  caughtUp?: number;
}

/** The tracker's key for a reason: one problem per provider, per chat, and the state. */
export function problemKey(reason: ProblemReason): string {
  if (reason.about === 'provider') return `provider:${reason.provider}`;
  if (reason.about === 'chat') return `chat:${reason.dest}`;
  return 'state';
}
