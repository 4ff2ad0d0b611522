import type { Acknowledgement } from '../../core/acknowledgement.js';
import { transactionKey } from '../../core/model.js';
import { foundAcknowledgementLine } from '../../render/acknowledgement.js';
import { alertDoc } from '../../render/alert.js';
import { BLANK, bold, code, text, type Doc, type Line } from '../../render/doc.js';
import type { RenderContext } from '../../render/messages.js';
import { queryErrorReason } from '../../render/query-error.js';
import type { FindQueryError } from '../../search/query.js';
import type { FindResult } from '../../search/history-search.js';
import { WORDING } from './wording.js';

/**
 * A /find answer: the count line ("more than" it when the count stopped at a cap), then each
 * shown transaction as in an alert, blank-line separated, with the acknowledgement made in the
 * asking chat under it when there is one.
 */
export function findResultDoc(result: FindResult, ctx: RenderContext, acks: readonly Acknowledgement[] = []): Doc {
  const m = WORDING[ctx.locale];
  if (result.total === 0) return [[text(m.noResults)]];
  const count = result.more ? m.moreResults(result.total, result.shown.length) : m.results(result.total, result.shown.length);
  const lines: Line[] = [[bold(count)]];
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
  const u = WORDING[ctx.locale].usage;
  return [
    [bold(u.title)],
    ...u.rules(ctx.timeZone).map((rule): Line => [text(rule)]),
    [text(u.examplesTitle)],
    ...u.examples.map((example): Line => [code(example)]),
  ];
}

/** Why a query was refused, followed by the usage text. */
export function findErrorDoc(error: FindQueryError, ctx: RenderContext): Doc {
  return [[text(queryErrorReason(error, ctx.locale))], BLANK, ...findUsageDoc(ctx)];
}
