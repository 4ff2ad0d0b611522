import type { FindQueryError } from '../commands/find/query.js';
import type { FindResult } from '../commands/find/search-index.js';
import type { Acknowledgement } from '../core/acknowledgement.js';
import { transactionKey } from '../core/model.js';
import { foundAcknowledgementLine } from './acknowledgement.js';
import { alertDoc } from './alert.js';
import { BLANK, bold, code, text, type Doc, type Line } from './doc.js';
import { messagesFor, type RenderContext } from './messages.js';
import { truncateText } from './truncate.js';

/**
 * A /find answer: the count line, then each shown transaction as in an alert, blank-line
 * separated, with the acknowledgement made in the asking chat under it when there is one.
 */
export function findResultDoc(result: FindResult, ctx: RenderContext, acks: readonly Acknowledgement[] = []): Doc {
  const m = messagesFor(ctx.locale).find;
  if (result.total === 0) return [[text(m.noResults)]];
  const lines: Line[] = [[bold(m.results(result.total, result.shown.length))]];
  const ackOf = new Map(acks.map((a) => [a.key, a]));
  for (const tx of result.shown) {
    lines.push(BLANK, ...alertDoc(tx, ctx));
    const ack = ackOf.get(transactionKey(tx));
    if (ack !== undefined) lines.push(foundAcknowledgementLine(ack, ctx));
  }
  return lines;
}

/** The whole /find grammar with examples, shown for `/find` alone and after a query error. */
export function findUsageDoc(ctx: RenderContext): Doc {
  const u = messagesFor(ctx.locale).find.usage;
  return [
    [bold(u.title)],
    ...u.rules(ctx.timeZone).map((rule): Line => [text(rule)]),
    [text(u.examplesTitle)],
    ...u.examples.map((example): Line => [code(example)]),
  ];
}

/** Why a query was refused, followed by the usage text. */
export function findErrorDoc(error: FindQueryError, ctx: RenderContext): Doc {
  return [[text(findErrorReason(error, ctx))], BLANK, ...findUsageDoc(ctx)];
}

/** Why a query was refused, in one sentence. */
export function findErrorReason(error: FindQueryError, ctx: RenderContext): string {
  const e = messagesFor(ctx.locale).find.errors;
  // The token is the user's own input echoed back: cap it, and it stays literal like any span.
  const token = (value: string): string => truncateText(value, 100);
  let reason: string;
  switch (error.kind) {
    case 'empty':
      reason = e.empty;
      break;
    case 'bad-date':
      reason = e.badDate(token(error.token));
      break;
    case 'bad-account':
      reason = e.badAccount(token(error.token));
      break;
    case 'bad-range':
      reason = e.badRange(error.from, error.to);
      break;
    case 'repeated':
      reason = e.repeated(error.filter);
      break;
    case 'too-long':
      reason = e.tooLong(error.limit);
      break;
  }
  return reason;
}
