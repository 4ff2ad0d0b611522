import { isOpen, MAX_OPEN_REQUESTS_PER_CHAT, type AddOutcome, type PaymentRequest } from '../core/payment-request.js';

/**
 * The changes to the stored payment requests that both stores make, as pure steps over the
 * list: each returns the list to store, or null when the change is refused or changes nothing.
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
  return replace(requests, code, (r) => ({ ...r, messageRef }));
}

/** The request's message now shows `revision` (never goes back: a later change still owes its edit). */
export function withRequestShown(requests: readonly PaymentRequest[], code: string, revision: number): PaymentRequest[] | null {
  return replace(requests, code, (r) => (revision > r.shown ? { ...r, shown: Math.min(revision, r.revision) } : r));
}

/** The requests of `before` that `after` no longer holds: done with, to be kept apart. */
export function leftRequests(before: readonly PaymentRequest[], after: readonly PaymentRequest[]): PaymentRequest[] {
  const kept = new Set(after.map((r) => r.code));
  return before.filter((r) => !kept.has(r.code));
}

function replace(requests: readonly PaymentRequest[], code: string, change: (r: PaymentRequest) => PaymentRequest): PaymentRequest[] | null {
  const index = requests.findIndex((r) => r.code === code);
  const found = requests[index];
  if (found === undefined) return null;
  const changed = change(found);
  if (changed === found) return null;
  const next = [...requests];
  next[index] = changed;
  return next;
}
