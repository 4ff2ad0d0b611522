import type { webApi } from '@slack/bolt';
import type { FileAnswer, QrImageAnswer } from '../../core/command.js';
import type { ChatError } from '../../core/chat-errors.js';
import type { PaymentRequest } from '../../core/payment-request.js';
import { err, ok, type Result } from '../../core/result.js';
import { destinationId } from '../../delivery/destination.js';
import { qrPng } from '../../qr/qr-image.js';
import type { Doc } from '../../render/doc.js';
import type { RenderContext } from '../../render/messages.js';
import { paymentRequestDoc } from '../../render/payment-request.js';
import { toSlackMrkdwn } from './slack-mrkdwn.js';
import { slackSendFailure } from './slack-errors.js';
import type { FileTarget } from './slack-file-upload.js';

/** As alerts: no mentions, links or previews out of the cashier's note. */
const PLAIN = { parse: 'none', link_names: false, unfurl_links: false, unfurl_media: false } as const;

/**
 * Posts a new request into the channel: its VietQR code as an uploaded PNG (Slack's two-step
 * upload: an upload URL, the bytes, then completing it into the channel), then the request as
 * a message of its own, the one later edits update; tells the request where that message is.
 */
export async function postQrRequest(
  client: webApi.WebClient,
  uploadFile: (file: FileAnswer, target: FileTarget) => Promise<string>,
  channel: string,
  answer: QrImageAnswer,
): Promise<void> {
  const png = await qrPng(answer.payload);
  const { code } = answer.request;
  const file: FileAnswer = {
    name: `${code}.png`,
    mimeType: 'image/png',
    caption: [],
    bytes: async function* () {
      yield png;
    },
  };
  await uploadFile(file, { channel, comment: `VietQR ${code}` });
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
