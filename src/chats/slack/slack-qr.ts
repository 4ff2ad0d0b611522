import type { webApi } from '@slack/bolt';
import type { QrAnswer } from '../../commands/qr/request-payment.js';
import type { ChatError } from '../../core/chat-errors.js';
import type { PaymentRequest } from '../../core/payment-request.js';
import { err, ok, type Result } from '../../core/result.js';
import { destinationId } from '../../delivery/destination.js';
import { qrPng } from '../../qr/qr-image.js';
import type { Doc } from '../../render/doc.js';
import type { RenderContext } from '../../render/messages.js';
import { paymentRequestDoc } from '../../render/payment-request.js';
import { toSlackMrkdwn } from '../../render/slack-mrkdwn.js';
import { slackSendFailure } from './slack-errors.js';

/** As alerts: no mentions, links or previews out of the cashier's note. */
const PLAIN = { parse: 'none', link_names: false, unfurl_links: false, unfurl_media: false } as const;

/**
 * Posts a new request into the channel: its VietQR code as an uploaded PNG (Slack's two-step
 * upload: an upload URL, the bytes, then completing it into the channel), then the request as
 * a message of its own, the one later edits update; tells the request where that message is.
 */
export async function postQrRequest(client: webApi.WebClient, channel: string, answer: Extract<QrAnswer, { kind: 'image' }>): Promise<void> {
  const { code } = answer.request;
  const png = await qrPng(answer.payload);
  await client.filesUploadV2({ channel_id: channel, file: png, filename: `${code}.png`, title: `VietQR ${code}` });
  const posted = await client.chat.postMessage({ channel, text: toSlackMrkdwn(answer.caption), ...PLAIN });
  if (posted.ts === undefined) throw new Error('chat.postMessage answered without a ts');
  await answer.placed(posted.ts);
}

/** Rewrites a request's message with chat.update. */
export async function updateQrMessage(
  client: webApi.WebClient,
  channel: string,
  ts: string,
  request: PaymentRequest,
  ctx: RenderContext,
): Promise<Result<void, ChatError>> {
  const doc: Doc = paymentRequestDoc(request, ctx);
  try {
    await client.chat.update({ channel, ts, text: toSlackMrkdwn(doc), parse: 'none', link_names: false });
    return ok(undefined);
  } catch (error) {
    return err(slackSendFailure(error, destinationId('slack', channel), channel).error);
  }
}
