import type { Transaction } from '../core/model.js';
import { alertDoc } from './alert.js';
import { bold, italic, type Doc } from './doc.js';
import { messagesFor, type RenderContext } from './messages.js';

/** A `/test` answer: the sample alert exactly as this chat would get it, marked above and below as a test. */
export function testAlertDoc(sample: Transaction, ctx: RenderContext): Doc {
  const m = messagesFor(ctx.locale).test;
  return [[bold(m.mark)], ...alertDoc(sample, ctx), [italic(m.note)]];
}
