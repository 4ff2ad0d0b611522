import type { webApi } from '@slack/bolt';
import { destinationId } from '../../delivery/destination.js';
import { err, ok, type Result } from '../../core/result.js';
import { sleep } from '../../http/backoff.js';
import { transactionKey, type Transaction } from '../../core/model.js';
import { lookedAs, type RenderContext } from '../../render/messages.js';
import { ChatRejectedError, type ChatError } from '../../core/chat-errors.js';
import type { AlertLook, ChatSender, SendLimit } from '../../core/chat-sender.js';
import { withPlainFallback } from '../plain-fallback.js';
import { digestBatchSize } from '../../render/digest-plan.js';
import { alertMessages, digestMessages, type SlackMessage } from './slack-blocks.js';
import { slackSendFailure } from './slack-errors.js';
import { updateLiveMessage } from './slack-live.js';
import { updateQrMessage } from './slack-qr.js';
import { toSlackMessages, toSlackMrkdwn } from './slack-mrkdwn.js';
import { widestAcknowledgedLine } from '../../render/acknowledgement.js';
import { withAckButton } from './slack-ack-blocks.js';

/**
 * chat.postMessage allows about one message per second per channel, short bursts tolerated
 * (api.slack.com/docs/rate-limits).
 */
const PER_CHANNEL: SendLimit = { kind: 'burst', burst: 3, perSecond: 1 };
/**
 * Between the messages of an alert whose content took several, the per-channel interval (and a
 * margin): the channel's budget counts the alert once.
 */
const PART_GAP_MS = 1_100;

/**
 * `metadata.event_type` of every alert and digest. Each carries the keys of its transactions as
 * metadata (on its last message, when a long content took several), which Slack returns with the
 * channel history (`include_all_metadata`): a later check can read the channel and see which
 * transactions were really posted, e.g. whether a message that was on its way when the bot
 * crashed arrived.
 */
export const ALERT_EVENT_TYPE = 'bankbell_alert';

/**
 * Posts alerts and digests as Block Kit with an escaped fallback text. When Slack refuses the
 * layout (`msg_too_long`, `invalid_blocks`), the same payments go out once more as text only.
 */
export function createSlackSender(client: webApi.WebClient, render: RenderContext): ChatSender {
  /** One message; `txs` (the last part's) go with it as metadata. */
  async function post(channel: string, message: SlackMessage, txs: readonly Transaction[] | null, withBlocks: boolean): Promise<string> {
    const result = await client.chat.postMessage({
      channel,
      text: message.text,
      ...(withBlocks ? { blocks: message.blocks } : {}),
      // Defaults spelled out: with `parse: 'full'` or `link_names` Slack would turn `@here` into a mention.
      parse: 'none',
      link_names: false,
      unfurl_links: false,
      unfurl_media: false,
      ...(txs === null
        ? {}
        : { metadata: { event_type: ALERT_EVENT_TYPE, event_payload: { count: txs.length, keys: txs.map((tx) => ({ key: transactionKey(tx) })) } } }),
    });
    return result.ts ?? '';
  }

  return {
    platform: 'slack',
    batchSize: (txs, look) => digestBatchSize(txs.length, fits(txs, lookedAs(render, look), look?.ack === true)),
    editRequest: (target, ref, request, look) => updateQrMessage(client, target, ref, request, lookedAs(render, look)),
    editText: (target, ref, message) => updateLiveMessage(client, target, ref, message),
    limits: () => [PER_CHANNEL],
    sharedLimits: [],
    async post(target, message) {
      const refs: string[] = [];
      for (const part of toSlackMessages(message)) {
        try {
          // As for alerts: no mentions, no link unfurling, whatever the text holds.
          const result = await client.chat.postMessage({
            channel: target,
            text: part,
            parse: 'none',
            link_names: false,
            unfurl_links: false,
            unfurl_media: false,
          });
          refs.push(result.ts ?? '');
        } catch (error) {
          return err(slackSendFailure(error, destinationId('slack', target), target).error);
        }
      }
      return ok({ ref: refs.join(',') });
    },
    async send(target: string, txs: readonly Transaction[], look?: AlertLook): Promise<Result<{ ref: string; button?: string }, ChatError>> {
      const ctx = lookedAs(render, look);
      const dest = destinationId('slack', target);
      const acknowledgeable = look?.ack === true;
      let messages: SlackMessage[];
      try {
        messages = slackAlertMessages(txs, ctx, acknowledgeable);
      } catch (error) {
        // A rendering bug must not escape into the dispatcher; the alerts wait and the log says why.
        return err(new ChatRejectedError(dest, `could not render the message: ${String(error)}`, { cause: error }));
      }
      const refs: string[] = [];
      let button: string | undefined;
      for (const [index, drawn] of messages.entries()) {
        if (index > 0) await sleep(PART_GAP_MS);
        // The button goes under the last part, the one a press names; the payments' keys go with it,
        // so a message of theirs in the channel history means the whole alert arrived.
        const last = index === messages.length - 1;
        const message = acknowledgeable && last ? withAckButton(drawn, ctx.locale) : drawn;
        // Sent as text only (Slack refused the blocks), the message has no button to press.
        let withButton = false;
        const posted = await withPlainFallback(
          (withBlocks) => {
            withButton = withBlocks && acknowledgeable && last;
            return post(target, message, last ? txs : null, withBlocks);
          },
          (error) => slackSendFailure(error, dest, target).retryAsText,
        );
        if (!posted.ok) return err(slackSendFailure(posted.error, dest, target).error);
        refs.push(posted.value);
        if (withButton) button = posted.value;
      }
      return ok({ ref: refs.join(','), ...(button === undefined ? {} : { button }) });
    },
  };
}

/**
 * One payment's alert, or a digest of several, as the messages `send` posts, each within Slack's
 * limits: a digest is built to fit one (batchSize), an alert whose content is longer than a
 * message goes on in the next (Slack writes `&` as five characters). When they carry the
 * button, each keeps room for the acknowledgement a press puts in its place (longer than it).
 */
export function slackAlertMessages(txs: readonly Transaction[], ctx: RenderContext, acknowledgeable: boolean): SlackMessage[] {
  const [only] = txs;
  const room = acknowledgeable ? toSlackMrkdwn([widestAcknowledgedLine(ctx)]).length : 0;
  return only && txs.length === 1 ? alertMessages(only, ctx, room) : digestMessages(txs, ctx, room);
}

/** Whether a digest of the first `count` of `txs`, every content in full, goes as one message. */
const fits = (txs: readonly Transaction[], ctx: RenderContext, acknowledgeable: boolean) => (count: number) =>
  slackAlertMessages(txs.slice(0, count), ctx, acknowledgeable).length === 1;
