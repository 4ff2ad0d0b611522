import { isDue, isOpen, isSettled, settlesAt, type PaymentRequest } from '../core/payment-request.js';
import type { Logger } from '../log/logger.js';
import type { StateStore } from '../store/state-store.js';
import { STATE_RETRY_MS } from './failure-policy.js';
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

/**
 * Expires open requests when their time is up and lets go of those done with: the leader's job,
 * since an expiry owes an edit, which only the leader makes. The timer is set from the stored
 * times, so a request whose time ran out while the bot was down expires as it starts; the edit
 * it owes goes through the chat's worker like any other.
 */
export class RequestExpiry {
  private readonly now: () => number;
  private readonly logger: Logger;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  /** Looks run one after another. */
  private looking: Promise<void> = Promise.resolve();
  private unsubscribe: (() => void) | undefined;

  constructor(private readonly options: RequestExpiryOptions) {
    this.now = options.now ?? Date.now;
    this.logger = options.logger.child({ part: 'qr' });
  }

  start(): void {
    this.unsubscribe ??= this.options.store.on(['requests-changed', 'writable-again'], () => this.look());
    this.look();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.unsubscribe?.();
    clearTimeout(this.timer);
    await this.looking;
  }

  private look(): void {
    this.looking = this.looking.then(() => this.expire());
  }

  /** Expires what is due and lets go of what is done with, then sleeps until the next of them. */
  private async expire(): Promise<void> {
    if (this.stopped) return;
    clearTimeout(this.timer);
    const { store } = this.options;
    const now = new Date(this.now());
    let next = nextChange(store.paymentRequests());
    if ((this.options.leading?.() ?? true) && store.paymentRequests().some((r) => isDue(r, now) || isSettled(r, now))) {
      try {
        // Tells `requests-changed`: the edits it owes wake the chats' workers, and this looks again.
        await store.expirePaymentRequests();
        next = nextChange(store.paymentRequests());
      } catch (error) {
        this.logger.error('qr.state_write_failed', { error: String(error), retry_in_ms: STATE_RETRY_MS });
        next = this.now() + STATE_RETRY_MS;
      }
    }
    if (this.stopped || !Number.isFinite(next)) return;
    this.timer = setTimeout(() => this.look(), Math.max(0, Math.min(next - this.now(), 2 ** 31 - 1)));
  }
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
