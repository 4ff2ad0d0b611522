import { isDue, isOpen, isSettled, settlesAt, type PaymentRequest } from '../core/payment-request.js';
import type { Logger } from '../log/logger.js';
import type { StateStore } from '../store/state-store.js';
import { ExpiryTimer } from './expiry-timer.js';
import type { OwedUpdate, UpdateSource } from './owed-update.js';

/**
 * What delivery does for /qr requests: keeps each request's message in step with the request,
 * and expires requests on time. What a message must show is in the state (a request's revision
 * above the one its message shows), so an edit is owed until the chat took it, across restarts.
 */

/** The /qr requests whose message is behind the request: one edit owed each, made by the chat's worker. */
export function paymentRequestUpdates(store: Pick<StateStore, 'paymentRequests' | 'paymentRequestShown' | 'on'>): UpdateSource {
  return {
    owed: () => store.paymentRequests().flatMap((request) => (request.revision > request.shown ? updateOf(request, store) : [])),
    onChange: (listener) => store.on(['requests-changed'], listener),
  };
}

function updateOf(request: PaymentRequest, store: Pick<StateStore, 'paymentRequestShown'>): OwedUpdate[] {
  const ref = request.messageRef;
  // Not placed yet (its photo on its way): the message will show the request as it is then.
  if (ref === null) return [];
  return [
    {
      key: `qr:${request.code}`,
      dest: request.dest,
      part: 'qr',
      log: { code: request.code, dest: request.dest, status: request.status },
      editBy(sender) {
        const edit = sender.editRequest?.bind(sender);
        return edit === undefined ? undefined : (target, look) => edit(target, ref, request, look);
      },
      shown: () => store.paymentRequestShown(request.code, request.revision),
    },
  ];
}

export interface RequestExpiryOptions {
  store: StateStore;
  logger: Logger;
  now?: () => number;
  /** Whether this bot leads now; always, by default. */
  leading?: () => boolean;
}

/** Expires open requests when their time is up and lets go of those done with (see `ExpiryTimer`). */
export function requestExpiry(options: RequestExpiryOptions): ExpiryTimer {
  const { store } = options;
  return new ExpiryTimer({
    ...options,
    part: 'qr',
    changed: 'requests-changed',
    next: () => nextChange(store.paymentRequests()),
    due: (now) => store.paymentRequests().some((r) => isDue(r, now) || isSettled(r, now)),
    expire: () => store.expirePaymentRequests(),
  });
}

/** The next expiry or the next request done with, whichever comes first. */
function nextChange(requests: readonly PaymentRequest[]): number {
  let next = Infinity;
  for (const request of requests) {
    if (isOpen(request)) next = Math.min(next, Date.parse(request.expiresAt));
    next = Math.min(next, settlesAt(request) ?? Infinity);
  }
  return next;
}
