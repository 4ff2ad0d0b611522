import { InputFile, type Api, type Context } from 'grammy';
import type { QrImageAnswer } from '../../core/command.js';
import type { ChatError } from '../../core/chat-errors.js';
import type { PaymentRequest } from '../../core/payment-request.js';
import { err, ok, type Result } from '../../core/result.js';
import { qrPng } from '../../qr/qr-image.js';
import { paymentRequestDoc } from '../../render/payment-request.js';
import type { RenderContext } from '../../render/messages.js';
import { toTelegramHtml } from './telegram-html.js';
import { splitTelegramTarget } from './config.js';
import { toChatError } from './telegram-errors.js';

const CAPTION = { parse_mode: 'HTML' } as const;

/**
 * Posts a new request as a photo of its VietQR code with the request as caption, in reply to
 * the command, and tells the request where its message is. The caption is short by design
 * (well under Telegram's 1024 characters): the note is capped.
 */
export async function replyWithQrPhoto(
  ctx: Context,
  answer: QrImageAnswer,
  quoting: { reply_parameters?: { message_id: number; allow_sending_without_reply: boolean } },
): Promise<void> {
  const png = await qrPng(answer.payload);
  const sent = await ctx.replyWithPhoto(new InputFile(png, `${answer.request.code}.png`), {
    caption: toTelegramHtml(answer.caption),
    ...CAPTION,
    ...quoting,
  });
  await answer.placed(String(sent.message_id));
}

/** Rewrites a request's caption; "not modified" (the caption already says it) counts as done. */
export async function editQrCaption(
  api: Api,
  target: string,
  ref: string,
  request: PaymentRequest,
  ctx: RenderContext,
): Promise<Result<void, ChatError>> {
  const { chatId } = splitTelegramTarget(target);
  try {
    await api.editMessageCaption(chatId, Number(ref), { caption: toTelegramHtml(paymentRequestDoc(request, ctx)), ...CAPTION });
    return ok(undefined);
  } catch (error) {
    if (error instanceof Error && /message is not modified/i.test(error.message)) return ok(undefined);
    return err(toChatError(error, target));
  }
}
