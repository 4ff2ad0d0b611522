import type { types } from '@slack/bolt';
import type { Line } from '../../render/doc.js';
import { ackButtonLabel } from '../../render/acknowledgement.js';
import type { Locale } from '../../core/locale.js';
import { toSlackMrkdwn } from './slack-mrkdwn.js';
import type { SlackMessage } from './slack-blocks.js';

/** `action_id` of the acknowledge button; its press arrives as a `block_actions` payload. */
export const ACK_ACTION_ID = 'bankbell_ack';

/** The alert with one button under it. */
export function withAckButton(message: SlackMessage, locale: Locale): SlackMessage {
  const button: types.ActionsBlock = {
    type: 'actions',
    block_id: ACK_ACTION_ID,
    elements: [{ type: 'button', action_id: ACK_ACTION_ID, text: { type: 'plain_text', text: ackButtonLabel(locale), emoji: true }, value: 'ack' }],
  };
  return { ...message, blocks: [...message.blocks, button] };
}

/** The alert as it looks once acknowledged: no button, a context line naming who and when (escaped like all text). */
export function acknowledgedMessage(message: SlackMessage, line: Line): SlackMessage {
  return {
    ...message,
    blocks: [...message.blocks, { type: 'context', elements: [{ type: 'mrkdwn', text: toSlackMrkdwn([line]), verbatim: true }] }],
  };
}
