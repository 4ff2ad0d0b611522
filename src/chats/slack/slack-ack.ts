import type { BlockAction, webApi } from '@slack/bolt';
import type { PressAnswer, PressRequest } from '../../core/press.js';
import type { Logger } from '../../log/logger.js';
import { lookedAs, type RenderContext } from '../../render/messages.js';
import { acknowledgedMessage } from './slack-ack-blocks.js';
import { describeSlackError } from './slack-errors.js';
import { slackAlertMessages } from './slack-sender.js';

export interface SlackPressDeps {
  isAllowed: (channelId: string) => boolean;
  acknowledge: (request: PressRequest) => Promise<PressAnswer>;
  client: webApi.WebClient;
  /** The bot's render context; a redrawn alert looks as the press's answer says. */
  render: RenderContext;
  logger: Logger;
}

/**
 * A press on the acknowledge button, after Bolt verified its signature and it was acked: the
 * press is recorded, then the message is redrawn with chat.update. Never throws.
 */
export async function handleSlackPress(body: BlockAction, deps: SlackPressDeps): Promise<void> {
  const channel = body.channel?.id;
  const ts = body.message?.ts;
  if (channel === undefined || ts === undefined) {
    deps.logger.debug('ack.not_a_message', { user: body.user.id });
    return;
  }
  try {
    const answer = await deps.acknowledge({
      platform: 'slack',
      chatId: channel,
      allowed: deps.isAllowed(channel),
      ref: ts,
      userName: body.user.name ?? body.user.username,
    });
    if (answer.kind !== 'acknowledged') return;
    // The part with the button, drawn as it was sent (with room for this line), so everything it
    // showed is still there.
    const pressed = slackAlertMessages(answer.txs, lookedAs(deps.render, answer.look), true).at(-1);
    if (pressed === undefined) return;
    const message = acknowledgedMessage(pressed, answer.footer);
    await deps.client.chat.update({ channel, ts, text: message.text, blocks: message.blocks, parse: 'none', link_names: false });
  } catch (error) {
    // The acknowledgement is stored before the update; a message deleted meanwhile just stays as it is.
    deps.logger.warn('ack.edit_failed', { channel, ts, error: describeSlackError(error), effect: 'the acknowledgement is recorded' });
  }
}
