import { isOpen, MAX_OPEN_REQUESTS_PER_CHAT, paymentKeys, type AddOutcome, type PaymentRequest, type SettledRequest } from '../core/payment-request.js';
import { replaceItem } from './list-items.js';
import type { RequestAnswer } from './state-schema.js';

/**
 * The changes to the stored payment requests, as pure steps over the list: each returns the
 * list to store, or null when the change is refused or changes nothing.
 */

/** A new request, unless `codeTaken` says a kept request has its code or its chat already has the most open requests. */
export function withRequestAdded(
  requests: readonly PaymentRequest[],
  request: PaymentRequest,
  codeTaken: (code: string) => boolean,
): { outcome: AddOutcome; next: PaymentRequest[] | null } {
  if (codeTaken(request.code) || requests.some((r) => r.code === request.code)) return { outcome: 'code-taken', next: null };
  const open = requests.filter((r) => r.dest === request.dest && isOpen(r)).length;
  if (open >= MAX_OPEN_REQUESTS_PER_CHAT) return { outcome: 'too-many', next: null };
  return { outcome: 'added', next: [...requests, request] };
}

/** Where the request's message is, once the chat took it. */
export function withRequestPlaced(requests: readonly PaymentRequest[], code: string, messageRef: string): PaymentRequest[] | null {
  return replaceItem(requests, (r) => r.code === code, (r) => ({ ...r, messageRef }));
}

/** The request's message now shows `revision` (never goes back: a later change still owes its edit). */
export function withRequestShown(requests: readonly PaymentRequest[], code: string, revision: number): PaymentRequest[] | null {
  return replaceItem(requests, (r) => r.code === code, (r) => (revision > r.shown ? { ...r, shown: Math.min(revision, r.revision) } : r));
}

/** The requests of `before` that `after` no longer holds: done with, to be kept apart. */
export function leftRequests(before: readonly PaymentRequest[], after: readonly PaymentRequest[]): PaymentRequest[] {
  const kept = new Set(after.map((r) => r.code));
  return before.filter((r) => !kept.has(r.code));
}

/**
 * The payments a change to the requests counted (keys none of them was counted under before),
 * each with the request it answered: what the commit storing them records with them.
 */
export function newAnswers(before: readonly PaymentRequest[], after: readonly PaymentRequest[]): Map<string, RequestAnswer> {
  const answers = new Map<string, RequestAnswer>();
  if (before === after) return answers;
  const old = new Map(before.map((r) => [r.code, r]));
  for (const request of after) {
    const was = old.get(request.code);
    if (was === request) continue;
    const counted = new Set(was === undefined ? [] : paymentKeys(was));
    for (const key of paymentKeys(request)) if (!counted.has(key)) answers.set(key, { code: request.code, note: request.note });
  }
  return answers;
}

/**
 * The request each payment answered, as the requests kept (open and done with) tell it: how a
 * history stored before payments recorded their answer is read (see src/store/files/file-store.ts).
 */
export function answersOfRequests(live: readonly PaymentRequest[], settled: readonly SettledRequest[]): Map<string, RequestAnswer> {
  const answers = new Map<string, RequestAnswer>();
  for (const { code, note, keys } of settled) for (const key of keys) answers.set(key, { code, note });
  for (const request of live) for (const key of paymentKeys(request)) answers.set(key, { code: request.code, note: request.note });
  return answers;
}
