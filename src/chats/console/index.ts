import { ok } from '../../core/result.js';
import type { Transaction } from '../../core/model.js';
import { alertDoc, digestDoc } from '../../render/alert.js';
import { lookedAs, type RenderContext } from '../../render/messages.js';
import { paymentRequestDoc } from '../../render/payment-request.js';
import { toPlainText } from '../../render/plain-text.js';
import type { AlertLook, ChatSender } from '../../core/chat-sender.js';

/** Most payments one printed digest shows: the terminal has no limit, but a reader has. */
const CONSOLE_DIGEST = 50;

/**
 * With no chat configured, alerts are printed: the same outbox, the same at-most-once
 * bookkeeping, just stdout as the chat. No limits; digests of up to 50 stay readable.
 */
export function createConsoleSender(ctx: RenderContext, write: (text: string) => void): ChatSender {
  let printed = 0;
  return {
    platform: 'console',
    batchSize: (txs) => Math.min(txs.length, CONSOLE_DIGEST),
    limits: () => [],
    sharedLimits: [],
    async post(_target, message) {
      write(`\n${toPlainText(message)}\n`);
      printed += 1;
      return ok({ ref: `console-${printed}` });
    },
    async send(_target: string, txs: readonly Transaction[], look?: AlertLook) {
      const [only] = txs;
      const seen = lookedAs(ctx, look);
      const doc = only && txs.length === 1 ? alertDoc(only, seen) : digestDoc(txs, seen);
      write(`\n${toPlainText(doc)}\n`);
      printed += 1;
      return ok({ ref: `console-${printed}` });
    },
    // The terminal cannot change what it printed: where a request or a check stands is printed anew.
    async editRequest(_target, _ref, request, look) {
      write(`\n${toPlainText(paymentRequestDoc(request, lookedAs(ctx, look)))}\n`);
      return ok(undefined);
    },
    async editText(_target, _ref, message) {
      write(`\n${toPlainText(message)}\n`);
      return ok(undefined);
    },
  };
}
