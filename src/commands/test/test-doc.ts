import type { Transaction } from '../../core/model.js';
import { alertDoc } from '../../render/alert.js';
import { bold, italic, type Doc } from '../../render/doc.js';
import type { RenderContext } from '../../render/messages.js';
import { WORDING } from './wording.js';

/** A `/test` answer: the sample alert exactly as this chat would get it, marked above and below as a test. */
export function testAlertDoc(sample: Transaction, ctx: RenderContext): Doc {
  const m = WORDING[ctx.locale];
  return [[bold(m.mark)], ...alertDoc(sample, ctx), [italic(m.note)]];
}
