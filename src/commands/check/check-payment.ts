import { randomUUID } from 'node:crypto';
import type { ChatRules } from '../../core/chat-rules.js';
import type { CommandAnswer } from '../../core/command.js';
import { CHECK_WAIT_MS, MAX_WAITING_CHECKS_PER_CHAT, type CheckOutcome, type PaymentCheck } from '../../core/payment-check.js';
import type { Logger } from '../../log/logger.js';
import type { RenderContext } from '../../render/messages.js';
import { paymentCheckDoc } from '../../render/payment-check.js';
import { textAnswer } from '../command.js';
import { checkProblemDoc, type CheckProblem } from './check-problem-doc.js';
import { parseCheckArgs } from './parse-check.js';

/** The part of the state /check uses. */
export interface CheckBook {
  addPaymentCheck(check: PaymentCheck): Promise<CheckOutcome>;
  placePaymentCheck(id: string, messageRef: string): Promise<void>;
}

export interface PaymentCheckDeps {
  checks: CheckBook;
  logger: Logger;
  now?: () => number;
  /** Told of each check answered at once, for /metrics (the later outcomes are delivery's). */
  counters?: { recordCheck(outcome: 'found'): void };
}

/** Tries with a new id when one is in use (it never is: ids are random). */
const ID_ATTEMPTS = 3;

const problem = (p: CheckProblem, render: RenderContext): CommandAnswer => textAnswer(checkProblemDoc(p, render));

/**
 * `/check <amount> [words…]` for one chat: stores a check, durably, answered at once when a
 * payment of the last 30 minutes answers it (✅), else waiting 10 minutes (⏳, a message the bot
 * edits when a payment comes, or to ❌ when the time is up).
 */
export async function checkPayment(
  args: string,
  chat: { dest: string | null; rules: ChatRules; render: RenderContext },
  deps: PaymentCheckDeps,
): Promise<CommandAnswer> {
  const { render } = chat;
  const parsed = parseCheckArgs(args);
  if (!parsed.ok) return problem(parsed.error, render);
  if (chat.dest === null) return problem({ kind: 'not-target' }, render);
  const { amount, words, asked } = parsed.value;
  const now = (deps.now ?? Date.now)();
  for (let attempt = 0; attempt < ID_ATTEMPTS; attempt++) {
    const check: PaymentCheck = {
      id: newCheckId(),
      dest: chat.dest,
      amount,
      words,
      asked,
      status: 'waiting',
      payment: null,
      createdAt: new Date(now).toISOString(),
      expiresAt: new Date(now + CHECK_WAIT_MS).toISOString(),
      messageRef: null,
      revision: 0,
      shown: 0,
    };
    const outcome = await deps.checks.addPaymentCheck(check);
    if (outcome.kind === 'id-taken') continue;
    if (outcome.kind === 'too-many') return problem({ kind: 'too-many', most: MAX_WAITING_CHECKS_PER_CHAT }, render);
    const stored = outcome.check;
    deps.logger.info('check.asked', { id: stored.id, dest: stored.dest, amount, status: stored.status, payment: stored.payment?.key ?? null });
    const doc = paymentCheckDoc(stored, render);
    if (stored.status === 'paid') {
      deps.counters?.recordCheck('found');
      return textAnswer(doc);
    }
    return { kind: 'live', doc, placed: (messageRef) => deps.checks.placePaymentCheck(stored.id, messageRef) };
  }
  throw new Error(`no free check id after ${ID_ATTEMPTS} attempts`);
}

function newCheckId(): string {
  return randomUUID().replace(/-/g, '').slice(0, 16);
}
