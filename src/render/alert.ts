import type { Transaction } from '../core/model.js';
import { BLANK, bold, code, italic, text, verbatim, type Doc, type Line, type Span } from './doc.js';
import { formatDong } from './format-money.js';
import { wallClock } from '../core/zoned-time.js';
import { formatDay, formatTime, type DatePart } from './format-time.js';
import { messagesFor, providerName, type RenderContext } from './messages.js';
import { requestAlertLine } from './request-alert-line.js';
import { truncateText } from './truncate.js';

/**
 * Cap for the fields other than the content, which only a broken provider record could make
 * long. The content is never cut (guarantee 4): a content longer than a message goes on in the
 * next one (split.ts).
 */
const MAX_FIELD_CHARS = 200;
/**
 * A digest's account line repeats in every message of a backlog, so its account number and bank
 * are capped tighter: no bank's account number or name comes near 40 characters.
 */
const DIGEST_FIELD_CHARS = 40;

// A non-breaking space after the colon: a narrow screen never leaves a label alone at a line's end.
const field = (label: string, ...value: Span[]): Span[] => [text(`${label}:\u00a0`), ...value];
const SEPARATOR = text(' · ');

function joinParts(parts: (string | null | undefined)[]): string {
  return parts
    .map((part) => part?.trim())
    .filter((part): part is string => Boolean(part))
    .map((part) => truncateText(part, MAX_FIELD_CHARS))
    .join(' · ');
}

/**
 * One transaction as an alert. Every alert must show the signed amount with thousands separators,
 * the full content as literal text (it is the sender's: never markup, links or mentions), account
 * and bank, time in TZ_DISPLAY and provider; also counterparty when known, bank reference and
 * payment code when given. No internal id: the bank reference lets a person recognise a repeat,
 * and `/find` finds a payment by anything the shop can read.
 */
export function alertDoc(tx: Transaction, ctx: RenderContext): Doc {
  const m = messagesFor(ctx.locale).alert;
  const incoming = tx.direction === 'in';
  // One field per line: on a phone, two fields joined on one line wrap between a label and
  // its value.
  const lines: Line[] = [
    [bold(incoming ? m.titleIn : m.titleOut)],
    field(m.amount, bold(formatDong(tx.amount, { sign: true }))),
    field(m.content, tx.content.trim() === '' ? italic(m.emptyContent) : verbatim(tx.content)),
    field(m.account, code(ctx.privacy ? accountTail(tx.accountNumber) : truncateText(tx.accountNumber, MAX_FIELD_CHARS))),
    field(m.bank, text(truncateText(tx.bank, MAX_FIELD_CHARS))),
  ];
  const counterparty = joinParts([tx.counterparty?.name, ctx.privacy ? null : tx.counterparty?.accountNumber, tx.counterparty?.bank]);
  // The sender's name and bank are as the sender's bank wrote them: theirs, not the bot's.
  if (counterparty !== '') lines.push(field(incoming ? m.counterpartyIn : m.counterpartyOut, verbatim(counterparty)));
  lines.push(field(m.time, text(formatTime(tx.occurredAt, ctx.timeZone, ctx.locale))));
  lines.push(field(m.provider, text(providerName(ctx, tx.provider))));
  if (tx.reference?.trim()) lines.push(field(m.reference, code(truncateText(tx.reference, MAX_FIELD_CHARS))));
  if (tx.code?.trim()) lines.push(field(m.paymentCode, code(truncateText(tx.code, MAX_FIELD_CHARS))));
  const request = ctx.requestOf?.(tx);
  if (request !== undefined) lines.push(requestAlertLine(request, ctx.locale));
  return lines;
}

/** The last digits of an account, enough to tell a shop's accounts apart (`…6789`). */
export function accountTail(accountNumber: string): string {
  return accountNumber.length > 4 ? `…${accountNumber.slice(-4)}` : accountNumber;
}

/**
 * The least date a digest's lines need: none when every payment is on one calendar day in
 * TZ_DISPLAY (the header names that day once), the day without the year within one year.
 */
function digestDatePart(txs: readonly Transaction[], timeZone: string): DatePart {
  const days = new Set<string>();
  const years = new Set<number>();
  for (const tx of txs) {
    const epoch = Date.parse(tx.occurredAt);
    if (Number.isNaN(epoch)) return 'full';
    const t = wallClock(epoch, timeZone);
    days.add(`${t.year}-${t.month}-${t.day}`);
    years.add(t.year);
  }
  if (days.size === 1) return 'none';
  return years.size === 1 ? 'no-year' : 'full';
}

/** The account lines digestDoc drew: a split repeats the one above a part's first payment (see isAccountLine). */
const ACCOUNT_LINES = new WeakSet<Line>();

/**
 * Whether `line` is the account line a digest groups payments under. A digest split over several
 * messages repeats it at the top of each part that starts inside its group (splitDoc's `repeats`),
 * so no message shows a payment without its bank, account and provider.
 */
export function isAccountLine(line: Line): boolean {
  return ACCOUNT_LINES.has(line);
}

/** The line a digest's payments to one account go under: account (its tail under /privacy), bank, provider. */
function accountLine(tx: Transaction, ctx: RenderContext): Line {
  const m = messagesFor(ctx.locale).alert;
  const line: Line = [
    text(`${m.account}:\u00a0`),
    code(ctx.privacy ? accountTail(tx.accountNumber) : truncateText(tx.accountNumber, DIGEST_FIELD_CHARS)),
    SEPARATOR,
    text(truncateText(tx.bank, DIGEST_FIELD_CHARS)),
    SEPARATOR,
    text(providerName(ctx, tx.provider)),
  ];
  ACCOUNT_LINES.add(line);
  return line;
}

/** The payments grouped by the account they went to (and through which provider), groups in order of their first payment. */
function byAccount(txs: readonly Transaction[]): Transaction[][] {
  const groups = new Map<string, Transaction[]>();
  for (const tx of txs) {
    const key = JSON.stringify([tx.provider, tx.accountNumber, tx.bank]);
    const group = groups.get(key);
    if (group) group.push(tx);
    else groups.set(key, [tx]);
  }
  return [...groups.values()];
}

/**
 * Several payments in one message: count and total on top (with the day when all share it),
 * then, for each account they went to, a line naming it (account, bank, provider: guarantee 4
 * holds for every payment of a digest) and under it one line per payment — amount, time, and
 * the content in full. The content goes last so that where a line must wrap, it wraps inside
 * the content. How many payments one digest carries is the sender's choice (digest-plan.ts).
 */
export function digestDoc(txs: readonly Transaction[], ctx: RenderContext): Doc {
  const m = messagesFor(ctx.locale);
  const total = txs.reduce((sum, tx) => sum + tx.amount, 0);
  const date = digestDatePart(txs, ctx.timeZone);
  const mixed = txs.some((tx) => tx.direction === 'out');
  let header = (mixed ? m.digest.mixedHeader : m.digest.header)(txs.length, formatDong(total, { sign: true }));
  const [first] = txs;
  if (date === 'none' && first) header += ` (${formatDay(first.occurredAt, ctx.timeZone, ctx.locale)})`;
  const lines: Line[] = [[bold(header)]];
  for (const group of byAccount(txs)) {
    const [head] = group;
    if (head === undefined) continue;
    lines.push(BLANK, accountLine(head, ctx));
    for (const tx of group) {
      const content = tx.content.trim() === '' ? italic(m.alert.emptyContent) : verbatim(tx.content.trim());
      // A payment that answered a /qr request says which, before the content (which goes last).
      const request = ctx.requestOf?.(tx);
      lines.push([
        bold(formatDong(tx.amount, { sign: true })),
        SEPARATOR,
        text(formatTime(tx.occurredAt, ctx.timeZone, ctx.locale, date)),
        SEPARATOR,
        ...(request === undefined ? [] : [text('QR '), code(request.code), SEPARATOR]),
        content,
      ]);
    }
  }
  return lines;
}
