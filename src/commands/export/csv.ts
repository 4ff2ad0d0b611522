import type { Transaction } from '../../core/model.js';
import { accountTail } from '../../render/alert.js';
import { cleanMultilineText } from '../../render/doc.js';

/** The columns of an export, in order: the header row. */
export const CSV_COLUMNS = ['time', 'provider', 'bank', 'account', 'direction', 'amount', 'content', 'reference', 'counterparty', 'id'] as const;

/** RFC 4180 ends records with CRLF; spreadsheets read it on every system. */
export const CSV_LINE_END = '\r\n';

/** A field needs quotes when it holds the separator, a quote or a line break. */
const NEEDS_QUOTES = /[",\r\n]/;

/** RFC 4180: quoted when it must be, quotes inside doubled. */
export function csvField(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

/**
 * Characters that make a spreadsheet read a cell as a formula (`=HYPERLINK(…)` in a transfer
 * content would run when the bookkeeper opens the file), and the apostrophe itself.
 */
const FORMULA_START = /^[=+\-@\t\r']/;

/**
 * Text from outside (content, names, references) that a spreadsheet would run as a formula gets
 * a leading apostrophe, which spreadsheets show and never evaluate. A text that already starts
 * with an apostrophe gets one too, so the rule reverses exactly: drop one leading apostrophe.
 * Ordinary text (starting with a letter, digit, space…) is written as it is.
 */
export function neutraliseFormula(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/**
 * A text cell from outside: cleaned as the chats clean it (a bidi override would show a content
 * reversed, an invisible character hide part of it), line breaks kept, then guarded — after the
 * cleaning, so a formula a zero-width space hid is guarded too. Dropping one leading apostrophe
 * gives the cleaned text back.
 */
function textCell(value: string): string {
  return neutraliseFormula(cleanMultilineText(value));
}

export interface CsvRowOptions {
  /** `/privacy on`: the account as its last digits, no counterparty account number. */
  privacy: boolean;
  /** The transaction's instant as ISO 8601 local time with offset. */
  localTime: (isoInstant: string) => string;
}

/** One transaction as one CSV record, line end included. */
export function csvRow(tx: Transaction, options: CsvRowOptions): string {
  const party = tx.counterparty;
  const counterparty = [party?.name, options.privacy ? null : party?.accountNumber, party?.bank]
    .map((part) => part?.trim() ?? '')
    .filter((part) => part !== '')
    .join(' · ');
  // Time, direction and amount are the bot's own and safe; a negative amount stays a number.
  const cells = [
    options.localTime(tx.occurredAt),
    tx.provider,
    textCell(tx.bank),
    textCell(options.privacy ? accountTail(tx.accountNumber) : tx.accountNumber),
    tx.direction,
    String(tx.amount),
    textCell(tx.content),
    textCell(tx.reference ?? ''),
    textCell(counterparty),
    textCell(tx.providerId),
  ];
  return cells.map(csvField).join(',') + CSV_LINE_END;
}
