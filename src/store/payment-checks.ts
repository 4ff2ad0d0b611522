import { followsAccount, type ChatRules } from '../core/chat-rules.js';
import { transactionKey, type Transaction } from '../core/model.js';
import {
  isWaiting,
  MAX_WAITING_CHECKS_PER_CHAT,
  withinLookback,
  type CheckedPayment,
  type CheckOutcome,
  type PaymentCheck,
} from '../core/payment-check.js';
import { holdsWords } from '../search/words.js';
import { replaceItem } from './list-items.js';

/**
 * The changes to the stored /check answers, as pure steps over the list: each returns the list to
 * store, or null when the change is refused or changes nothing. Which payment answers which
 * check is decided here, on the state as stored, in the write that records it: two checks never
 * take one payment, and a crash can neither lose a confirmation nor make it twice.
 */

/** What deciding needs besides the checks: each chat's rules, and the numbering of a payment's id (see `PaymentAliases`). */
export interface CheckContext {
  rulesOf(dest: string): ChatRules;
  numberingOf(tx: Transaction): string;
}

/** How far apart two reports of one transfer by two providers may be dated. */
const SAME_TRANSFER_MS = 10 * 60_000;

/**
 * Whether `tx` answers `check`: incoming, exactly its amount, to an account its chat follows,
 * made within its look-back, and its words in the content or the sender's name.
 */
export function answersCheck(check: PaymentCheck, tx: Transaction, rules: Pick<ChatRules, 'accounts'>): boolean {
  return (
    tx.direction === 'in' &&
    tx.amount === check.amount &&
    followsAccount(rules, tx.accountNumber) &&
    withinLookback(check, tx.occurredAt) &&
    holdsWords(check.words, [tx.content, tx.counterparty?.name])
  );
}

/**
 * Whether `tx`, reported in `numbering`, may be another report of the payment `p` that answered
 * a check: an account linked in both providers (or SePay's webhook beside API v2) reports each
 * transfer twice, under two ids. One numbering never reports one transfer twice; across two, a
 * payment to the same account, of the same amount, dated within minutes is taken for the same
 * transfer unless the same provider gave two different references. Taking one transfer for two
 * would confirm a second claim with nobody's money; the cost of the other way is a second
 * customer paying the same amount in those minutes waiting for the next report or a new /check.
 */
function anotherReport(p: CheckedPayment, amount: number, tx: Transaction, numbering: string): boolean {
  if (p.numbering === numbering || p.accountNumber !== tx.accountNumber || amount !== tx.amount) return false;
  if (Math.abs(Date.parse(p.at) - Date.parse(tx.occurredAt)) > SAME_TRANSFER_MS) return false;
  const sameProvider = p.key.startsWith(`${tx.provider}:`);
  const [a, b] = [p.reference, tx.reference].map((ref) => ref?.trim().toUpperCase() || null);
  return !(sameProvider && a !== null && b !== null && a !== b);
}

function paymentOf(tx: Transaction, numbering: string): CheckedPayment {
  return {
    key: transactionKey(tx),
    numbering,
    reference: tx.reference,
    at: tx.occurredAt,
    sender: tx.counterparty?.name ?? null,
    content: tx.content,
    accountNumber: tx.accountNumber,
    sameAs: [],
  };
}

type PaidCheck = PaymentCheck & { payment: CheckedPayment };

/** What already answered a check in one chat: those payments (and their other reports) answer no other there. */
class Claims {
  private readonly keys = new Set<string>();
  /** The chat's answered checks, by their index in the list. */
  private readonly paid = new Map<number, PaidCheck>();

  constructor(checks: readonly PaymentCheck[], dest: string) {
    checks.forEach((check, index) => {
      if (check.dest === dest && check.payment !== null) this.set(index, { ...check, payment: check.payment });
    });
  }

  has(tx: Transaction): boolean {
    return this.keys.has(transactionKey(tx));
  }

  /** The check whose payment `tx` may be another report of (see `anotherReport`), with its index. */
  reportedAs(tx: Transaction, numbering: string): { index: number; check: PaidCheck } | undefined {
    for (const [index, check] of this.paid) if (anotherReport(check.payment, check.amount, tx, numbering)) return { index, check };
    return undefined;
  }

  /** The check at `index` is answered (or its payment has one more report). */
  set(index: number, check: PaidCheck): void {
    this.paid.set(index, check);
    for (const key of [check.payment.key, ...check.payment.sameAs]) this.keys.add(key);
  }
}

/**
 * A new check: answered at once by the oldest payment of the last 30 minutes that answers it and
 * no other check of its chat (`recent`, in any order), else waiting, unless its chat already has
 * the most checks waiting.
 */
export function withCheckAdded(
  checks: readonly PaymentCheck[],
  check: PaymentCheck,
  recent: readonly Transaction[],
  ctx: CheckContext,
): { outcome: CheckOutcome; next: PaymentCheck[] | null } {
  if (checks.some((c) => c.id === check.id)) return { outcome: { kind: 'id-taken' }, next: null };
  const rules = ctx.rulesOf(check.dest);
  const claims = new Claims(checks, check.dest);
  const candidates = recent
    .filter((tx) => answersCheck(check, tx, rules) && !claims.has(tx) && claims.reportedAs(tx, ctx.numberingOf(tx)) === undefined)
    .sort((a, b) => a.occurredAt.localeCompare(b.occurredAt) || transactionKey(a).localeCompare(transactionKey(b)));
  const [oldest] = candidates;
  if (oldest !== undefined) {
    const paid: PaymentCheck = { ...check, status: 'paid', payment: paymentOf(oldest, ctx.numberingOf(oldest)) };
    return { outcome: { kind: 'added', check: paid }, next: [...checks, paid] };
  }
  const waiting = checks.filter((c) => c.dest === check.dest && isWaiting(c)).length;
  if (waiting >= MAX_WAITING_CHECKS_PER_CHAT) return { outcome: { kind: 'too-many' }, next: null };
  return { outcome: { kind: 'added', check }, next: [...checks, check] };
}

/**
 * New payments (in the order they were stored) answering the checks waiting: each answers the
 * oldest waiting check it answers in each chat, and at most one there; another report of a
 * payment that already answered a check in a chat answers none there. Returns the same array
 * when none answered.
 */
export function withChecksAnswered(checks: PaymentCheck[], txs: readonly Transaction[], ctx: CheckContext, now: Date): PaymentCheck[] {
  const dests = [...new Set(checks.filter(isWaiting).map((c) => c.dest))];
  if (dests.length === 0) return checks;
  let next: PaymentCheck[] | null = null;
  const claims = new Map(dests.map((dest) => [dest, new Claims(checks, dest)]));
  for (const tx of txs) {
    if (tx.direction !== 'in' || tx.amount <= 0) continue;
    const numbering = ctx.numberingOf(tx);
    for (const dest of dests) {
      const claimed = claims.get(dest);
      const current: PaymentCheck[] = next ?? checks;
      if (claimed === undefined || claimed.has(tx)) continue;
      const twin = claimed.reportedAs(tx, numbering);
      if (twin !== undefined) {
        // Nothing the answer shows changes: no new revision.
        const payment = { ...twin.check.payment, sameAs: [...twin.check.payment.sameAs, transactionKey(tx)] };
        const reported = { ...twin.check, payment };
        next ??= [...checks];
        next[twin.index] = reported;
        claimed.set(twin.index, reported);
        continue;
      }
      const rules = ctx.rulesOf(dest);
      const index = oldestAnswered(current, dest, tx, rules, now);
      const check = index < 0 ? undefined : current[index];
      if (check === undefined) continue;
      const answered = { ...check, status: 'paid' as const, payment: paymentOf(tx, numbering), revision: check.revision + 1 };
      next ??= [...checks];
      next[index] = answered;
      claimed.set(index, answered);
    }
  }
  return next ?? checks;
}

/** The index of the oldest check of `dest` still waiting at `now` that `tx` answers; -1 for none. */
function oldestAnswered(checks: readonly PaymentCheck[], dest: string, tx: Transaction, rules: ChatRules, now: Date): number {
  let found = -1;
  checks.forEach((check, i) => {
    if (check.dest !== dest || !isWaiting(check) || Date.parse(check.expiresAt) <= now.getTime() || !answersCheck(check, tx, rules)) return;
    const best = checks[found];
    if (best === undefined || check.createdAt < best.createdAt) found = i;
  });
  return found;
}

/** Where the check's answer is, once the chat posted it. */
export function withCheckPlaced(checks: readonly PaymentCheck[], id: string, messageRef: string): PaymentCheck[] | null {
  return replaceItem(checks, (c) => c.id === id, (c) => ({ ...c, messageRef }));
}

/** The check's answer now shows `revision` (never goes back: a later change still owes its edit). */
export function withCheckShown(checks: readonly PaymentCheck[], id: string, revision: number): PaymentCheck[] | null {
  return replaceItem(checks, (c) => c.id === id, (c) => (revision > c.shown ? { ...c, shown: Math.min(revision, c.revision) } : c));
}
