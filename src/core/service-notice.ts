import { z } from 'zod';
import { CHAT_ERROR_KINDS } from './chat-errors.js';

/**
 * Why something cannot do its job, in words a chat may read: codes and names only, never a
 * provider's or platform's raw answer beyond a short description, never a secret.
 */
export const ProblemReason = z.discriminatedUnion('about', [
  z.object({
    about: z.literal('provider'),
    provider: z.string(),
    code: z.enum(['auth', 'rate_limited', 'server', 'network', 'bad_response', 'api']),
    status: z.number().int().nullable(),
    credential: z.string().nullable(),
  }),
  z.object({ about: z.literal('state') }),
  z.object({
    about: z.literal('chat'),
    dest: z.string(),
    kind: z.enum(CHAT_ERROR_KINDS),
    detail: z.string(),
    fix: z.string().nullable(),
  }),
  /** Every chat fails for a passing reason (network, 5xx): the bot's own connection, one problem. */
  z.object({ about: z.literal('chats'), detail: z.string() }),
]);
export type ProblemReason = z.infer<typeof ProblemReason>;

/** A problem the chats were told of and whose end they were not told yet: kept in the state, so a restart or a new leader goes on from it. */
export const ToldProblem = z.object({ reason: ProblemReason, since: z.number(), toldAt: z.number() });
export type ToldProblem = z.infer<typeof ToldProblem>;

/** One notice to the chats: a problem began at `since`, or the problem that began then is over. */
export interface ServiceNotice {
  kind: 'problem' | 'over';
  reason: ProblemReason;
  since: number;
  /** A provider's end: payments stored from it since the problem began (caught up). */
  caughtUp?: number;
}

/** The tracker's keys: one problem per provider, per chat, the state, and no chat reachable. */
export const providerKey = (provider: string): string => `provider:${provider}`;
export const chatKey = (dest: string): string => `chat:${dest}`;
export const STATE_KEY = 'state';
export const CHATS_KEY = 'chats';
