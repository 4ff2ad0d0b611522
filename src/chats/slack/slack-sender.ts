import type { webApi } from '@slack/bolt';
import { destinationId } from '../../delivery/destination.js';
import { err, ok, type Result } from '../../core/result.js';
import { transactionKey, type Transaction } from '../../core/model.js';
import { lookedAs, type RenderContext } from '../../render/messages.js';
import { ChatRejectedError, type ChatError } from '../../core/chat-errors.js';
import type { AlertLook, ChatSender, SendLimit } from '../../core/chat-sender.js';
import { withPlainFallback } from '../plain-fallback.js';
import { digestBatchSize, digestContentChars } from '../../render/digest-plan.js';
import { alertMessage, digestMessage, fitsSlack, type SlackMessage } from './slack-blocks.js';
import { slackSendFailure } from './slack-errors.js';
import { updateQrMessage } from './slack-qr.js';
import { toSlackMessages } from '../../render/slack-mrkdwn.js';
import { widestAcknowledgedLine } from '../../render/acknowledgement.js';
import { acknowledgedMessage, withAckButton } from './slack-ack-blocks.js';

/**
 * chat.postMessage allows about one message per second per channel, short bursts tolerated
 * (api.slack.com/docs/rate-limits).
 */
const PER_CHANNEL: SendLimit = { kind: 'burst', burst: 3, perSecond: 1 };

/**
 * `metadata.event_type` of every alert and digest. Each message also carries the keys of its
 * transactions as metadata, which Slack returns with the channel history (`include_all_metadata`):
 * a later check can read the channel and see which transactions were really posted, e.g. whether
 * a message that was on its way when the bot crashed arrived.
 */
export const ALERT_EVENT_TYPE = 'bankbell_alert';

/**
 * Posts alerts and digests as Block Kit with an escaped fallback text. When Slack refuses the
 * layout (`msg_too_long`, `invalid_blocks`), the same payments go out once more as text only.
 */
export function createSlackSender(client: webApi.WebClient, render: RenderContext): ChatSender {
  async function post(channel: string, message: SlackMessage, txs: readonly Transaction[], withBlocks: boolean): Promise<string> {
    const result = await client.chat.postMessage({
      channel,
      text: message.text,
      ...(withBlocks ? { blocks: message.blocks } : {}),
      // Defaults spelled out: with `parse: 'full'` or `link_names` Slack would turn `@here` into a mention.
      parse: 'none',
      link_names: false,
      unfurl_links: false,
      unfurl_media: false,
      metadata: {
        event_type: ALERT_EVENT_TYPE,
        event_payload: { count: txs.length, keys: txs.map((tx) => ({ key: transactionKey(tx) })) },
      },
    });
    return result.ts ?? '';
  }

  return {
    platform: 'slack',
    batchSize: (txs, look) => digestBatchSize(txs.length, fits(txs, lookedAs(render, look), look?.ack === true)),
    editRequest: (target, ref, request, look) => updateQrMessage(client, target, ref, request, lookedAs(render, look)),
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
    async send(target: string, txs: readonly Transaction[], look?: AlertLook): Promise<Result<{ ref: string }, ChatError>> {
      const ctx = lookedAs(render, look);
      const dest = destinationId('slack', target);
      let message: SlackMessage;
      try {
        const drawn = slackAlertMessage(txs, ctx, look?.ack === true);
        message = look?.ack === true ? withAckButton(drawn, ctx.locale) : drawn;
      } catch (error) {
        // A rendering bug must not escape into the dispatcher; the alerts wait and the log says why.
        return err(new ChatRejectedError(dest, `could not render the message: ${String(error)}`, { cause: error }));
      }
      // Sent as text only (Slack refused the blocks), the message has no button to press.
      let withButton = false;
      const posted = await withPlainFallback(
        (withBlocks) => {
          withButton = withBlocks && look?.ack === true;
          return post(target, message, txs, withBlocks);
        },
        (error) => slackSendFailure(error, dest, target).retryAsText,
      );
      if (!posted.ok) return err(slackSendFailure(posted.error, dest, target).error);
      return ok({ ref: posted.value, ...(withButton ? { button: posted.value } : {}) });
    },
  };
}

/**
 * Whether an alert or digest of the first `count` of `txs` stays within Slack's limits; when it
 * carries the button, also once a press has put the acknowledgement under it (longer than the
 * button it replaces).
 */
const fits = (txs: readonly Transaction[], ctx: RenderContext, acknowledgeable: boolean) => (count: number, contentChars: number) => {
  const [only] = txs;
  const drawn = count === 1 && only ? alertMessage(only, ctx, contentChars) : digestMessage(txs.slice(0, count), ctx, contentChars);
  return fitsSlack(acknowledgeable ? acknowledgedMessage(drawn, widestAcknowledgedLine(ctx)) : drawn);
};

/**
 * One payment's alert, or a digest of several, within Slack's limits (with room for the
 * acknowledgement when it carries the button): what `send` posts, and what a press redraws.
 * Content is cut only when that is needed: for a digest to fit a backlog into few messages, for
 * an alert only when a provider sent absurdly long fields (Slack escapes `&` as five characters).
 */
export function slackAlertMessage(txs: readonly Transaction[], ctx: RenderContext, acknowledgeable: boolean): SlackMessage {
  const [only] = txs;
  const contentChars = digestContentChars(txs.length, fits(txs, ctx, acknowledgeable));
  return only && txs.length === 1 ? alertMessage(only, ctx, contentChars) : digestMessage(txs, ctx, contentChars);
}
