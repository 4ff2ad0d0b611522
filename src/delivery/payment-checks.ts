import { isCheckDue, isCheckSettled, nextCheckChange, type PaymentCheck } from '../core/payment-check.js';
import type { Logger } from '../log/logger.js';
import { lookedAs, type RenderContext } from '../render/messages.js';
import { paymentCheckDoc } from '../render/payment-check.js';
import type { StateStore } from '../store/state-store.js';
import { ExpiryTimer } from './expiry-timer.js';
import type { OwedUpdate, UpdateSource } from './owed-update.js';

/**
 * What delivery does for /check: keeps each waiting answer's message in step with its check (⏳ to
 * ✅ when a payment answers it, to ❌ when its time is up), and ends checks on time. What a message
 * must show is in the state, so an edit is owed until the chat took it, across restarts and a
 * change of leader.
 */

type CheckStore = Pick<StateStore, 'paymentChecks' | 'paymentCheckShown' | 'on'>;

/** How a check the bot waited on ended, once its answer shows it: for /metrics. */
export type CheckEnding = 'confirmed' | 'missed';

/** The checks whose answer is behind the check: one edit owed each, made by the chat's worker. */
export function paymentCheckUpdates(store: CheckStore, render: RenderContext, onEnded?: (ending: CheckEnding) => void): UpdateSource {
  return {
    owed: () => store.paymentChecks().flatMap((check) => (check.revision > check.shown ? updateOf(check, store, render, onEnded) : [])),
    onChange: (listener) => store.on(['checks-changed'], listener),
  };
}

function updateOf(check: PaymentCheck, store: CheckStore, render: RenderContext, onEnded?: (ending: CheckEnding) => void): OwedUpdate[] {
  const ref = check.messageRef;
  // Not placed yet (its answer on its way): the answer will be edited once it is.
  if (ref === null) return [];
  return [
    {
      key: `check:${check.id}`,
      dest: check.dest,
      part: 'check',
      log: { id: check.id, dest: check.dest, status: check.status },
      editBy(sender) {
        const edit = sender.editText?.bind(sender);
        return edit === undefined ? undefined : (target, look) => edit(target, ref, paymentCheckDoc(check, lookedAs(render, look)));
      },
      async shown() {
        await store.paymentCheckShown(check.id, check.revision);
        if (check.status !== 'waiting') onEnded?.(check.status === 'paid' ? 'confirmed' : 'missed');
      },
    },
  ];
}

/** Marks waiting checks missed when their 10 minutes are over and lets go of those done with (see `ExpiryTimer`). */
export function checkExpiry(options: { store: StateStore; logger: Logger; now?: () => number; leading?: () => boolean }): ExpiryTimer {
  const { store } = options;
  return new ExpiryTimer({
    ...options,
    part: 'check',
    changed: 'checks-changed',
    next: () => nextCheckChange(store.paymentChecks()),
    due: (now) => store.paymentChecks().some((c) => isCheckDue(c, now) || isCheckSettled(c, now)),
    expire: () => store.expirePaymentChecks(),
  });
}
