import { z } from 'zod';
import { expireItems } from './expiry.js';
import { transactionKey, type Transaction } from './model.js';

/**
 * A `/qr` payment request: a VietQR code for one amount to one account, whose transfer content
 * carries a payment code. Incoming payments to that account whose content holds the code are
 * counted against it; its message in the chat is edited as that happens.
 */
export const PaymentCode = z.string().regex(/^[A-Z0-9]{6,10}$/);

/**
 * - `open`: nothing received yet; `underpaid`: something, less than asked, still waiting;
 * - `paid`: the amount (or more) arrived; `expired`: the time ran out first (maybe underpaid).
 */
export const RequestStatus = z.enum(['open', 'underpaid', 'paid', 'expired']);
export type RequestStatus = z.infer<typeof RequestStatus>;

/** Where one transfer was reported: its key (`provider:id`) and the numbering of that id (see `PaymentAliases`). */
export const PaymentReport = z.object({ key: z.string(), numbering: z.string() });
export type PaymentReport = z.infer<typeof PaymentReport>;

/** One payment counted against a request. */
export const RequestPayment = z.object({
  /** The key of the report it was counted from (`provider:id`). */
  key: z.string(),
  /** That report's numbering; empty in requests stored before it was kept. */
  numbering: z.string().default(''),
  amount: z.number().int().positive(),
  /** When it happened (ISO 8601 instant). */
  at: z.iso.datetime(),
  /** The sender's name, when the bank gave it. */
  sender: z.string().nullable(),
  /** The bank's reference, when that report gave one. */
  reference: z.string().nullable().default(null),
  /** The same transfer as other numberings reported it (the account's other provider, SePay's webhook beside API v2): not counted again. */
  sameAs: z.array(PaymentReport).default([]),
});
export type RequestPayment = z.infer<typeof RequestPayment>;

export const PaymentRequest = z.object({
  /** Unique among all stored requests, so it names one request for its whole life. */
  code: PaymentCode,
  accountNumber: z.string(),
  bank: z.string(),
  bin: z.string(),
  /** What the customer is asked to pay, in đồng. */
  amount: z.number().int().positive(),
  /** The cashier's words after the amount; may be empty. */
  note: z.string(),
  received: z.number().int().nonnegative(),
  payments: z.array(RequestPayment),
  status: RequestStatus,
  /** The chat that asked, as a destination (`telegram:<chat id>[:<topic id>]`, `slack:<channel id>`). */
  dest: z.string(),
  /** The request's message in that chat (Telegram message id, Slack message ts), once posted. */
  messageRef: z.string().nullable(),
  createdAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
  /** Bumped by every change the message must show; `shown` is the revision the message shows. */
  revision: z.number().int().nonnegative(),
  shown: z.number().int().nonnegative(),
});
export type PaymentRequest = z.infer<typeof PaymentRequest>;

/** Requests are kept this long after they were made (for the payment alerts naming them, and /metrics). */
export const REQUEST_RETENTION_MS = 45 * 86_400_000;

/**
 * How long after its expiry a request still takes a payment the bank made before the expiry:
 * providers list payments minutes late (Casso about five on average), and a customer who paid in
 * time must not see "expired". Past this, a payment with the code is a plain payment.
 */
export const LATE_REPORT_GRACE_MS = 60 * 60_000;

/** Still taking payments: nothing or too little received, not expired. */
export function isOpen(request: Pick<PaymentRequest, 'status'>): boolean {
  return request.status === 'open' || request.status === 'underpaid';
}

/**
 * Whether a payment the bank dated `paidAt`, stored at `now`, counts against the request: made
 * before the expiry, and reported while the request is open or within the grace after its expiry.
 */
export function takesPayment(request: Pick<PaymentRequest, 'status' | 'expiresAt'>, paidAt: string, now: Date): boolean {
  const expiresAt = Date.parse(request.expiresAt);
  const waiting = isOpen(request) || request.status === 'expired';
  return waiting && Date.parse(paidAt) < expiresAt && now.getTime() < expiresAt + LATE_REPORT_GRACE_MS;
}

/**
 * Content as compared with a code: accents folded, `đ` → `D`, upper case, and everything but
 * letters and digits dropped. Banks rewrite transfer content — lower-case it, cut it into
 * groups with spaces, prefix their own words and references — but keep its letters and digits.
 */
export function normaliseForCode(content: string): string {
  return content
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[đĐ]/g, 'D')
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '');
}

/** Whether a transfer content carries `code`, however the bank rewrote it. */
export function holdsCode(content: string, code: string): boolean {
  return normaliseForCode(content).includes(code);
}

/**
 * Whether `tx`, reported in `numbering`, may be another report of the counted payment `p`: the
 * same amount, from a numbering that has not reported `p` yet (one numbering never reports one
 * transfer twice). Bank references tell two transfers apart only within one provider, whose
 * APIs give the same field: across providers a bank's reference may be written differently, and
 * taking one transfer for two would turn a half-paid request ✅. Two customers paying the same
 * amount with the same code are then, for as long as each provider has reported a different one
 * of them, counted once: too little, never too much, until the providers catch up.
 */
function anotherReport(p: RequestPayment, tx: Transaction, numbering: string): boolean {
  const sameProvider = p.key.startsWith(`${tx.provider}:`);
  // A payment counted before numberings were kept is taken as its provider's only one.
  const reported = (r: PaymentReport) => r.numbering === numbering || (r.numbering === '' && sameProvider);
  if (p.amount !== tx.amount || [p, ...p.sameAs].some(reported)) return false;
  const [a, b] = [p.reference, tx.reference].map((ref) => ref?.trim().toUpperCase() || null);
  return !(sameProvider && a !== null && b !== null && a !== b);
}

/** Every key a request's payments were reported under. */
export function paymentKeys(request: Pick<PaymentRequest, 'payments'>): string[] {
  return request.payments.flatMap((p) => [p.key, ...p.sameAs.map((r) => r.key)]);
}

/**
 * Counts incoming payments against the requests they answer: same account, the code in the
 * content, made before the request expired (see `takesPayment`). Returns the requests with those
 * counted (the same array when none matched). A payment counts once, against one request, and
 * one transfer reported in several numberings counts once (see `anotherReport`). An expired
 * request that a late-reported payment completes becomes paid (its message turns ✅); one it
 * does not complete stays expired, showing what arrived.
 */
export function countPayments(
  requests: PaymentRequest[],
  txs: readonly Transaction[],
  now: Date,
  numberingOf: (tx: Transaction) => string,
): PaymentRequest[] {
  let next: PaymentRequest[] | null = null;
  for (const tx of txs) {
    if (tx.direction !== 'in' || tx.amount <= 0) continue;
    const current = next ?? requests;
    const key = transactionKey(tx);
    const answered = current.flatMap((r, i) => (r.accountNumber === tx.accountNumber && holdsCode(tx.content, r.code) ? [{ r, i }] : []));
    if (answered.some(({ r }) => paymentKeys(r).includes(key))) continue;
    const numbering = numberingOf(tx);
    const pair = answered.flatMap(({ r, i }) => {
      const j = r.payments.findIndex((p) => anotherReport(p, tx, numbering));
      return j < 0 ? [] : [{ r, i, j }];
    })[0];
    if (pair !== undefined) {
      // Nothing the message shows changes: no new revision.
      const payments = pair.r.payments.map((p, j) => (j === pair.j ? { ...p, sameAs: [...p.sameAs, { key, numbering }] } : p));
      next ??= [...requests];
      next[pair.i] = { ...pair.r, payments };
      continue;
    }
    const taking = answered.find(({ r }) => takesPayment(r, tx.occurredAt, now));
    if (taking === undefined) continue;
    const { r, i } = taking;
    const received = r.received + tx.amount;
    const payment: RequestPayment = {
      key,
      numbering,
      amount: tx.amount,
      at: tx.occurredAt,
      sender: tx.counterparty?.name ?? null,
      reference: tx.reference,
      sameAs: [],
    };
    next ??= [...requests];
    next[i] = {
      ...r,
      received,
      payments: [...r.payments, payment],
      status: received >= r.amount ? 'paid' : isOpen(r) ? 'underpaid' : 'expired',
      revision: r.revision + 1,
    };
  }
  return next ?? requests;
}

/**
 * When a request is done with: nothing can change it any more (not open, past the grace for late
 * reports) and its message shows it (or it was never placed). Null while it may still change.
 */
export function settlesAt(request: PaymentRequest): number | null {
  if (isOpen(request) || (request.shown < request.revision && request.messageRef !== null)) return null;
  return Date.parse(request.expiresAt) + LATE_REPORT_GRACE_MS;
}

/** Whether a request is done with at `now` (or, whatever it waits for, past retention). */
export function isSettled(request: PaymentRequest, now: Date): boolean {
  const t = now.getTime();
  return (settlesAt(request) ?? Infinity) <= t || Date.parse(request.createdAt) + REQUEST_RETENTION_MS <= t;
}

/** Whether an open request's time is up. */
export function isDue(request: PaymentRequest, now: Date): boolean {
  return isOpen(request) && Date.parse(request.expiresAt) <= now.getTime();
}

/**
 * Open requests whose time is up become expired; requests done with leave the list (the stores
 * keep them as `SettledRequest`s). Returns the same array when nothing changed.
 */
export function expireRequests(requests: PaymentRequest[], now: Date): PaymentRequest[] {
  return expireItems(requests, {
    settled: (r) => isSettled(r, now),
    due: (r) => isDue(r, now),
    expire: (r) => ({ ...r, status: 'expired' as const, revision: r.revision + 1 }),
  });
}

/**
 * What is kept of a request once it is done with, for as long as requests are kept: enough to
 * name it in the alerts of its payments, find those by its code, and count it in /metrics.
 */
export const SettledRequest = z.object({
  code: PaymentCode,
  dest: z.string(),
  accountNumber: z.string(),
  amount: z.number().int().positive(),
  received: z.number().int().nonnegative(),
  note: z.string(),
  status: RequestStatus,
  createdAt: z.iso.datetime(),
  /** Every key its payments were reported under (see `paymentKeys`). */
  keys: z.array(z.string()),
});
export type SettledRequest = z.infer<typeof SettledRequest>;

export function settledOf(request: PaymentRequest): SettledRequest {
  const { code, dest, accountNumber, amount, received, note, status, createdAt } = request;
  return { code, dest, accountNumber, amount, received, note, status, createdAt, keys: paymentKeys(request) };
}

/**
 * Open requests (open or underpaid) one chat may have at once. Each is kept in the state, which
 * every change rewrites; any member of a chat may ask, so a chat's share is bounded.
 */
export const MAX_OPEN_REQUESTS_PER_CHAT = 50;

/** What became of a new request: stored, or refused because its code is in use or its chat has the most open ones. */
export type AddOutcome = 'added' | 'code-taken' | 'too-many';
