import { BLANK, bold, text, type Doc, type Line } from '../../render/doc.js';
import { formatDay } from '../../render/format-time.js';
import type { RenderContext } from '../../render/messages.js';
import { queryErrorReason } from '../../render/query-error.js';
import type { FindQueryError } from '../../search/query.js';
import { WORDING } from './wording.js';

/** The caption of an export: how many rows, and the days from the first to the last. */
export function exportCaptionDoc(count: number, first: string, last: string, ctx: RenderContext): Doc {
  const day = (iso: string) => formatDay(iso, ctx.timeZone, ctx.locale);
  const [from, to] = [day(first), day(last)];
  return [[text(WORDING[ctx.locale].caption(String(count), from === to ? from : `${from} – ${to}`))]];
}

/** Nothing matched: a short answer instead of an empty file. */
export function exportNoneDoc(ctx: RenderContext): Doc {
  return [[text(WORDING[ctx.locale].none)]];
}

/** Why the query was refused, and what /export accepts. */
export function exportErrorDoc(error: FindQueryError, ctx: RenderContext): Doc {
  const w = WORDING[ctx.locale];
  return [[text(queryErrorReason(error, ctx.locale))], BLANK, [bold(w.usageTitle)], ...w.usage(ctx.timeZone).map((rule): Line => [text(rule)])];
}
