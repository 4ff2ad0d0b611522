import type { Api } from 'grammy';
import { err, ok, type Result } from '../../core/result.js';
import { sleep } from '../../http/backoff.js';
import type { Logger } from '../../log/logger.js';
import type { Transaction } from '../../core/model.js';
import { widestAcknowledgedLine } from '../../render/acknowledgement.js';
import { alertDoc, digestDoc, isAccountLine } from '../../render/alert.js';
import { digestBatchSize } from '../../render/digest-plan.js';
import { BLANK, type Doc } from '../../render/doc.js';
import { lookedAs, type RenderContext } from '../../render/messages.js';
import { docCost, splitDoc, visibleMeasure } from '../../render/split.js';
import { TELEGRAM_MAX_CHARS, toTelegramHtml } from './telegram-html.js';
import type { ChatError } from '../../core/chat-errors.js';
import type { AlertLook, ChatSender, SendLimit } from '../../core/chat-sender.js';
import { withPlainFallback } from '../plain-fallback.js';
import { ackKeyboard, type AckKeyboard } from './ack-keyboard.js';
import { splitTelegramTarget } from './config.js';
import { HTML_MESSAGE, plainMessage } from './message-options.js';
import { describeTelegramError, isEntityParseError, toChatError } from './telegram-errors.js';
import { editLiveMessage } from './telegram-live.js';
import { editQrCaption } from './telegram-qr.js';

/**
 * Telegram's flood limits (Bots FAQ): one message a second per chat (bursts beyond it "may" pass,
 * then 429s follow, so none are counted on); at most 20 messages a minute in one group; about 30
 * a second across all chats. Private chats have positive ids; groups, supergroups and channels
 * negative ones (or `@channelname`). The topics of a forum group are one chat to these limits.
 */
const PER_CHAT: SendLimit = { kind: 'burst', burst: 1, perSecond: 1 };
const PER_GROUP: SendLimit = { kind: 'window', count: 20, windowMs: 60_000 };
/**
 * Within the 20 a minute, a group's messages are spread out (7 at once, then one every 4.4 s):
 * spent in one go, the window would leave a busy group 40 s without a word; spread, what
 * arrives meanwhile goes out every few seconds as a digest. Once part of the 7 is spent, an
 * alert waits 0.5 s plus 0.2 s per message spent for others to go with it: a busy branch's
 * group (a payment every 5 s, in bursts) then seldom empties its bucket, and its alerts are
 * shown within 2 s rather than after a 4.4 s refill (scripts/bench/chain.ts).
 */
const GROUP_PACE: SendLimit = { kind: 'burst', burst: 7, perSecond: 1 / 4, gather: { baseMs: 500, perSpentMs: 200 } };
const PER_BOT: SendLimit = { kind: 'window', count: 30, windowMs: 1_000 };
/** Between the parts of a message split for length, the per-chat interval (and its margin). */
const PART_GAP_MS = 1_100;

export interface TelegramSenderOptions {
  api: Api;
  render: RenderContext;
  logger: Logger;
}

/** Posts alerts and digests through grammY's API; every failure comes back as a ChatError. */
export function createTelegramSender({ api, render, logger }: TelegramSenderOptions): ChatSender {
  /** One message; if Telegram cannot parse our HTML, the same text once more as plain text, untrusted spans still in `code`. */
  async function sendPart(target: string, part: Doc, keyboard: AckKeyboard | null): Promise<Result<number, ChatError>> {
    // `chat_id:topic_id` posts into that topic of a forum group.
    const { chatId, threadId } = splitTelegramTarget(target);
    const placed = { ...(threadId === undefined ? {} : { message_thread_id: threadId }), ...(keyboard === null ? {} : { reply_markup: keyboard }) };
    const sent = await withPlainFallback(
      async (html) =>
        (await (html
          ? api.sendMessage(chatId, toTelegramHtml(part), { ...HTML_MESSAGE, ...placed })
          : api.sendMessage(chatId, ...plainMessage(part, placed)))).message_id,
      isEntityParseError,
      (error) =>
        logger.error('telegram.html_rejected', {
          chat: chatId,
          error: describeTelegramError(error),
          fix: 'sent as plain text instead; this is a bankbell bug, please report it with this line',
        }),
    );
    return sent.ok ? sent : err(toChatError(sent.error, target));
  }

  return {
    platform: 'telegram',
    batchSize: (txs, look) => digestBatchSize(txs.length, fits(txs, lookedAs(render, look), look?.ack === true)),
    editRequest: (target, ref, request, look) => editQrCaption(api, target, ref, request, lookedAs(render, look)),
    editText: (target, ref, message) => editLiveMessage(api, target, ref, message),
    limits: (target) => (/^\d+$/.test(splitTelegramTarget(target).chatId) ? [PER_CHAT] : [PER_CHAT, GROUP_PACE, PER_GROUP]),
    limitedAs: (target) => splitTelegramTarget(target).chatId,
    sharedLimits: [PER_BOT],
    async post(chatId, message) {
      const refs: number[] = [];
      for (const [index, part] of splitDoc(message, TELEGRAM_MAX_CHARS).entries()) {
        if (index > 0) await sleep(PART_GAP_MS);
        const sent = await sendPart(chatId, part, null);
        if (!sent.ok) return sent;
        refs.push(sent.value);
      }
      return ok({ ref: refs.join(',') });
    },
    async send(chatId: string, txs: readonly Transaction[], look?: AlertLook) {
      const ctx = lookedAs(render, look);
      const parts = telegramAlertParts(txs, ctx, look?.ack === true);
      const refs: number[] = [];
      for (const [index, part] of parts.entries()) {
        if (index > 0) await sleep(PART_GAP_MS);
        // The button goes under the last part: the one a press names, and the one edited then.
        const keyboard = look?.ack === true && index === parts.length - 1 ? ackKeyboard(ctx.locale) : null;
        const sent = await sendPart(chatId, part, keyboard);
        if (!sent.ok) return sent;
        refs.push(sent.value);
      }
      const last = refs.at(-1);
      return ok({ ref: refs.join(','), ...(look?.ack === true && last !== undefined ? { button: String(last) } : {}) });
    },
  };
}

/**
 * A doc as the messages Telegram takes: each within its limit less `room`, a digest's account
 * line repeated at the top of a part that starts among that account's payments.
 */
export function telegramParts(doc: Doc, room = 0): Doc[] {
  return splitDoc(doc, TELEGRAM_MAX_CHARS - room, visibleMeasure, isAccountLine);
}

/**
 * One payment's alert, or a digest of several, as the messages `send` posts: a digest is built
 * to fit one (batchSize), an alert whose content is longer than a message goes on in the next.
 * When they carry the button, each keeps room for the line a press adds (see telegram-ack.ts).
 */
export function telegramAlertParts(txs: readonly Transaction[], ctx: RenderContext, acknowledgeable: boolean): Doc[] {
  const [only] = txs;
  const doc = only && txs.length === 1 ? alertDoc(only, ctx) : digestDoc(txs, ctx);
  return telegramParts(doc, acknowledgeable ? docCost([BLANK, widestAcknowledgedLine(ctx)]) : 0);
}

/** Whether a digest of the first `count` of `txs`, every content in full, goes as one message. */
const fits = (txs: readonly Transaction[], ctx: RenderContext, acknowledgeable: boolean) => (count: number) =>
  telegramAlertParts(txs.slice(0, count), ctx, acknowledgeable).length === 1;
