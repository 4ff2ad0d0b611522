import { insideWindow, wantsAlert, type ChatRules } from '../core/chat-rules.js';
import type { Locale } from '../core/locale.js';
import { transactionKey } from '../core/model.js';
import { isOpen, type PaymentRequest, type RequestStatus } from '../core/payment-request.js';
import { dayOf, minuteOfDay } from '../core/zoned-time.js';
import { vietQrPayload } from '../qr/vietqr-payload.js';
import { cleanText } from '../render/doc.js';
import { formatDong } from '../render/format-money.js';
import { formatTime } from '../render/format-time.js';
import { spokenReceipt } from '../render/spoken-amount.js';
import { truncateText } from '../render/truncate.js';
import type { StoredPayment } from '../store/persistence.js';
import { WORDING } from './wording.js';

/*
 * What a counter screen shows, decided on the bot's side: the page gets finished text (amounts
 * formatted, words to say, the request's headline) and places it as text, never as markup.
 */

/** How one chat's counter screen looks: the chat's rules and language, and TZ_DISPLAY. */
export interface CounterLook {
  rules: ChatRules;
  locale: Locale;
  timeZone: string;
}

/** One payment as the page shows it. */
export interface PaymentView {
  key: string;
  amount: string;
  time: string;
  sender: string | null;
  content: string;
  /** What the page says aloud. */
  words: string;
  /** False during the chat's quiet hours: shown, not said. */
  speak: boolean;
}

/** The chat's /qr request the page shows, full screen. */
export interface RequestView {
  code: string;
  /** The VietQR text its code holds (the page shows the bot's image of it). */
  payload: string | null;
  status: RequestStatus;
  headline: string;
  amount: string;
  note: string;
  /** While it takes payments: how long it has left (ms). */
  expiresIn: number | null;
  /** Once done with: how much longer the page shows how it ended (ms). */
  hideIn: number | null;
}

/** How long a request that was paid or expired stays on the screen (the customer sees ✅). */
const SHOW_DONE_MS = 60_000;
/** Payments a page that just opened shows: today's last few. */
const RECENT_SHOWN = 10;
/** Payments a page that was away gets at most (the newest), however long it was away. */
export const MAX_CATCH_UP = 20;
/** The cursor of a page that opened before anything was stored. */
const NOTHING_STORED = '-';

const MAX_SENDER_CHARS = 80;
const MAX_CONTENT_CHARS = 200;

/**
 * Whether a counter screen shows a payment: one its chat is alerted of (its accounts, `/min`,
 * `/alerts`), and of those only money in: the screen is the till's.
 */
export function showsOnCounter(payment: StoredPayment, rules: ChatRules): boolean {
  return payment.alert && payment.tx.direction === 'in' && payment.tx.amount > 0 && wantsAlert(rules, payment.tx);
}

/** Whether the chat's quiet hours are on at `now`: the page shows payments then, but says nothing. */
function quietNow(look: CounterLook, now: number): boolean {
  return look.rules.quiet !== null && insideWindow(look.rules.quiet, minuteOfDay(now, look.timeZone));
}

export function paymentView(payment: StoredPayment, look: CounterLook, now: number): PaymentView {
  const { tx } = payment;
  const today = dayOf(now, look.timeZone) === dayOf(Date.parse(tx.occurredAt), look.timeZone);
  // Untrusted text from whoever sent the money: cleaned as the chats clean it, and placed as text.
  const sender = cleanText(tx.counterparty?.name?.trim() ?? '');
  return {
    key: transactionKey(tx),
    amount: formatDong(tx.amount),
    time: formatTime(tx.occurredAt, look.timeZone, look.locale, today ? 'none' : 'no-year'),
    sender: sender === '' ? null : truncateText(sender, MAX_SENDER_CHARS),
    content: truncateText(cleanText(tx.content), MAX_CONTENT_CHARS),
    words: spokenReceipt(tx.amount, look.locale),
    speak: !quietNow(look, now),
  };
}

/** A page's place in the payments stored (what an event id says): the last payment it was told of, whichever chat it concerns. */
export function cursorOf(payment: StoredPayment | undefined): string {
  return payment === undefined ? NOTHING_STORED : encodeURIComponent(transactionKey(payment.tx));
}

/**
 * What a page that saw the payments stored up to `cursor` missed, of those it shows: the newest
 * `MAX_CATCH_UP`. A cursor no longer among the recent payments (away too long) gets the newest
 * ones all the same; the page drops those it already has.
 */
export function missedSince(recent: readonly StoredPayment[], cursor: string, shows: (payment: StoredPayment) => boolean): StoredPayment[] {
  let at = -1;
  for (let i = recent.length - 1; i >= 0 && at < 0; i--) if (cursorOf(recent[i]) === cursor) at = i;
  return recent
    .slice(at + 1)
    .filter(shows)
    .slice(-MAX_CATCH_UP);
}

/** What a page that just opened shows: the last few payments of today it shows. */
export function todaysLast(recent: readonly StoredPayment[], look: CounterLook, now: number, shows: (payment: StoredPayment) => boolean): StoredPayment[] {
  const today = dayOf(now, look.timeZone);
  return recent.filter((p) => shows(p) && dayOf(Date.parse(p.tx.occurredAt), look.timeZone) === today).slice(-RECENT_SHOWN);
}

/**
 * The request a chat's counter screen shows: its newest that still takes payments, or that was
 * paid or expired less than `SHOW_DONE_MS` ago (`doneAt`: when the bot saw it end).
 */
export function shownRequest(requests: readonly PaymentRequest[], dest: string, now: number, doneAt: (code: string) => number): PaymentRequest | null {
  const shown = requests.filter((r) => r.dest === dest && (isOpen(r) || doneAt(r.code) + SHOW_DONE_MS > now));
  return shown.reduce<PaymentRequest | null>((newest, r) => (newest === null || r.createdAt >= newest.createdAt ? r : newest), null);
}

export function requestView(request: PaymentRequest, look: CounterLook, now: number, doneAt: (code: string) => number): RequestView {
  const w = WORDING[look.locale];
  const amount = formatDong(request.amount);
  const received = formatDong(request.received);
  const headline = {
    open: w.open(amount),
    underpaid: w.underpaid(received, amount),
    paid: w.paid(received),
    expired: w.expired,
  }[request.status];
  const payload = vietQrPayload({ bin: request.bin, accountNumber: request.accountNumber, amount: request.amount, purpose: request.code });
  const open = isOpen(request);
  return {
    code: request.code,
    payload: payload.ok ? payload.value : null,
    status: request.status,
    headline,
    amount,
    note: truncateText(cleanText(request.note), MAX_CONTENT_CHARS),
    expiresIn: open ? Math.max(0, Date.parse(request.expiresAt) - now) : null,
    hideIn: open ? null : Math.max(0, doneAt(request.code) + SHOW_DONE_MS - now),
  };
}
