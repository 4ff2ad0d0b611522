import { isOpen, type PaymentRequest } from '../core/payment-request.js';

/**
 * The changes to the stored payment requests that both stores make, as pure steps over the
 * list: each returns the list to store, or null when the change is refused or changes nothing.
 */

/** A new request; refused when a stored request already has its code. */
export function withRequestAdded(requests: readonly PaymentRequest[], request: PaymentRequest): PaymentRequest[] | null {
  return requests.some((r) => r.code === request.code) ? null : [...requests, request];
}

/** Where the request's message is, once the chat took it. */
export function withRequestPlaced(requests: readonly PaymentRequest[], code: string, messageRef: string): PaymentRequest[] | null {
  return replace(requests, code, (r) => ({ ...r, messageRef }));
}

/** The request's message now shows `revision` (never goes back: a later change still owes its edit). */
export function withRequestShown(requests: readonly PaymentRequest[], code: string, revision: number): PaymentRequest[] | null {
  return replace(requests, code, (r) => (revision > r.shown ? { ...r, shown: Math.min(revision, r.revision) } : r));
}

/** The codes of the requests still taking payments. */
export function openCodes(requests: readonly PaymentRequest[]): Set<string> {
  return new Set(requests.filter(isOpen).map((r) => r.code));
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
