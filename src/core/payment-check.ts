import { z } from 'zod';
import { expireItems } from './expiry.js';

/**
 * A `/check`: someone at the till claims a payment of an amount (a transfer screen, easily
 * faked); the bot says whether an incoming payment of exactly that amount really reached an
 * account the chat follows in the last 30 minutes, or waits 10 minutes for one. One payment
 * answers one check per chat: it is recorded with the check it confirmed.
 */

/** `waiting`: nothing yet (⏳); `paid`: a payment answered it (✅); `missed`: none came in time (❌). */
export const CheckStatus = z.enum(['waiting', 'paid', 'missed']);
export type CheckStatus = z.infer<typeof CheckStatus>;

/** The payment that answered a check: what its answer shows of it, and nothing else. */
export const CheckedPayment = z.object({
  /** The transaction's key (`provider:id`): this payment answers no other check in the chat. */
  key: z.string(),
  /** The numbering of its id (see `PaymentAliases`), to tell another report of the same transfer. */
  numbering: z.string(),
  /** The bank's reference, when given. */
  reference: z.string().nullable(),
  /** Other reports of the same transfer (the account's other provider): they answer no check in the chat either. */
  sameAs: z.array(z.string()),
  /** When the bank made it (ISO 8601 instant). */
  at: z.iso.datetime(),
  /** The sender's name, when the bank gave it: untrusted text. */
  sender: z.string().nullable(),
  /** The transfer content: untrusted text. */
  content: z.string(),
  accountNumber: z.string(),
});
export type CheckedPayment = z.infer<typeof CheckedPayment>;

export const PaymentCheck = z.object({
  /** Unique among the checks kept; names the check in logs and in its owed edit. */
  id: z.string().regex(/^[A-Za-z0-9]{8,32}$/),
  /** The chat whose rules (accounts, privacy, language) it follows, as a destination. */
  dest: z.string(),
  /** Exactly this many đồng, incoming. */
  amount: z.number().int().positive(),
  /** Words the content or the sender must hold, folded as /find folds them; may be empty. */
  words: z.array(z.string().min(1)),
  /** The words as typed, shown in the answer so that it names what it answers. */
  asked: z.string(),
  status: CheckStatus,
  payment: CheckedPayment.nullable(),
  createdAt: z.iso.datetime(),
  /** Until when it waits for a payment. */
  expiresAt: z.iso.datetime(),
  /** Its answer's message, once posted (the platform's reference); null for an answer never edited. */
  messageRef: z.string().nullable(),
  /** Bumped by every change the answer must show; `shown` is the revision the answer shows. */
  revision: z.number().int().nonnegative(),
  shown: z.number().int().nonnegative(),
});
export type PaymentCheck = z.infer<typeof PaymentCheck>;

/** How far back a check looks for a payment that already arrived. */
export const CHECK_LOOKBACK_MS = 30 * 60_000;
/** How long a check waits for its payment. */
export const CHECK_WAIT_MS = 10 * 60_000;
/** Past this, a check leaves the state whatever it waits for (an edit a chat never takes, a clock gone wrong). */
export const CHECK_RETENTION_MS = 24 * 3_600_000;
/**
 * Checks one chat may have waiting at once: any member may type `/check`, and each waiting one
 * is part of the state every change rewrites.
 */
export const MAX_WAITING_CHECKS_PER_CHAT = 50;

/**
 * What became of a new check: stored (answered at once, or waiting), or refused because its chat
 * has the most waiting, or its id is in use.
 */
export type CheckOutcome = { kind: 'added'; check: PaymentCheck } | { kind: 'too-many' } | { kind: 'id-taken' };

export function isWaiting(check: Pick<PaymentCheck, 'status'>): boolean {
  return check.status === 'waiting';
}

/** Whether a payment the bank made at `paidAt` is recent enough for a check made at `createdAt`. */
export function withinLookback(check: Pick<PaymentCheck, 'createdAt'>, paidAt: string): boolean {
  return Date.parse(paidAt) > Date.parse(check.createdAt) - CHECK_LOOKBACK_MS;
}

/**
 * When a check may leave the state: its answer shows how it ended (or was never posted to be
 * edited), and its payment, if any, is too old for a new check to look at, so no record of it is
 * needed to keep one payment from answering two checks. Null while it may still change.
 */
export function checkSettlesAt(check: PaymentCheck): number | null {
  if (isWaiting(check) || (check.shown < check.revision && check.messageRef !== null)) return null;
  return check.payment === null ? Date.parse(check.expiresAt) : Date.parse(check.payment.at) + CHECK_LOOKBACK_MS;
}

/** Whether a check is done with at `now` (or, whatever it waits for, past retention). */
export function isCheckSettled(check: PaymentCheck, now: Date): boolean {
  const t = now.getTime();
  return (checkSettlesAt(check) ?? Infinity) <= t || Date.parse(check.createdAt) + CHECK_RETENTION_MS <= t;
}

/** Whether a waiting check's time is up. */
export function isCheckDue(check: PaymentCheck, now: Date): boolean {
  return isWaiting(check) && Date.parse(check.expiresAt) <= now.getTime();
}

/**
 * Waiting checks whose time is up become missed (their answer owes the ❌); checks done with
 * leave. Returns the same array when nothing changed.
 */
export function expireChecks(checks: PaymentCheck[], now: Date): PaymentCheck[] {
  return expireItems(checks, {
    settled: (c) => isCheckSettled(c, now),
    due: (c) => isCheckDue(c, now),
    expire: (c) => ({ ...c, status: 'missed' as const, revision: c.revision + 1 }),
  });
}

/** The next time `expireChecks` changes something: an expiry, or a check done with. */
export function nextCheckChange(checks: readonly PaymentCheck[]): number {
  let next = Infinity;
  for (const check of checks) {
    if (isWaiting(check)) next = Math.min(next, Date.parse(check.expiresAt));
    next = Math.min(next, checkSettlesAt(check) ?? Infinity, Date.parse(check.createdAt) + CHECK_RETENTION_MS);
  }
  return next;
}
