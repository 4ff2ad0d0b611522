import type { ChatError } from '../../core/chat-errors.js';
import type { AlertLook, ChatSender, SendLimit } from '../../core/chat-sender.js';
import type { Transaction } from '../../core/model.js';
import { err, ok, type Result } from '../../core/result.js';
import { sleep } from '../../http/backoff.js';
import { alertDoc, digestDoc } from '../../render/alert.js';
import { digestBatchSize } from '../../render/digest-plan.js';
import type { Doc } from '../../render/doc.js';
import { lookedAs, type RenderContext } from '../../render/messages.js';
import { paymentRequestDoc } from '../../render/payment-request.js';
import type { ZaloApi } from './zalo-api.js';
import { SentMessage } from './zalo-answers.js';
import { toChatError } from './zalo-errors.js';
import { zaloParts } from './zalo-text.js';

/**
 * Zalo publishes no send limits (docs/zalo.md): the bot keeps to one message a second in each
 * chat and 20 a second across its chats, as Telegram asks of its bots, and honours any 429.
 */
const PER_CHAT: SendLimit = { kind: 'burst', burst: 1, perSecond: 1 };
const PER_BOT: SendLimit = { kind: 'window', count: 20, windowMs: 1_000 };
/** Between the parts of a message split for length, the per-chat interval (and its margin). */
export const PART_GAP_MS = 1_100;

/** Sends `texts` to `chatId` one after another, a part's interval apart; the message ids Zalo gave, or why it stopped. */
export async function sendTexts(api: ZaloApi, chatId: string, texts: readonly string[]): Promise<Result<string[], ChatError>> {
  const ids: string[] = [];
  for (const [index, text] of texts.entries()) {
    if (index > 0) await sleep(PART_GAP_MS);
    const sent = await api.call('sendMessage', { chat_id: chatId, text }, SentMessage);
    if (!sent.ok) return err(toChatError(sent.error, chatId));
    ids.push(sent.value.message_id);
  }
  return ok(ids);
}

/** A doc as it goes to `chatId`: its parts, the message ids joined as the reference of what was posted. */
async function sendDoc(api: ZaloApi, chatId: string, doc: Doc): Promise<Result<{ ref: string }, ChatError>> {
  const sent = await sendTexts(api, chatId, zaloParts(doc));
  return sent.ok ? ok({ ref: sent.value.join(',') }) : sent;
}

/**
 * Posts alerts, digests and notices as plain text through the Bot API. Zalo has no buttons (an
 * alert never carries one, whatever `/ack` says) and cannot edit a message: where a /qr request
 * or a /check answer changes, its chat gets a new message, which names the request by its code,
 * the check by its amount and words.
 */
export function createZaloSender(api: ZaloApi, render: RenderContext): ChatSender {
  return {
    platform: 'zalo',
    batchSize: (txs, look) => digestBatchSize(txs.length, fits(txs, lookedAs(render, look))),
    limits: () => [PER_CHAT],
    sharedLimits: [PER_BOT],
    post: (chatId, message) => sendDoc(api, chatId, message),
    send: (chatId: string, txs: readonly Transaction[], look?: AlertLook) => sendDoc(api, chatId, alertOrDigest(txs, lookedAs(render, look))),
    async editRequest(chatId, _ref, request, look) {
      const sent = await sendDoc(api, chatId, paymentRequestDoc(request, lookedAs(render, look)));
      return sent.ok ? ok(undefined) : sent;
    },
    // A /check answered: told anew too (its answer names the amount and words it checks).
    async editText(chatId, _ref, message) {
      const sent = await sendDoc(api, chatId, message);
      return sent.ok ? ok(undefined) : sent;
    },
  };
}

function alertOrDigest(txs: readonly Transaction[], ctx: RenderContext): Doc {
  const [only] = txs;
  return only && txs.length === 1 ? alertDoc(only, ctx) : digestDoc(txs, ctx);
}

/** Whether the first `count` of `txs`, every content in full, go as one message. */
const fits = (txs: readonly Transaction[], ctx: RenderContext) => (count: number) => zaloParts(alertOrDigest(txs.slice(0, count), ctx)).length === 1;
