import type { webApi } from '@slack/bolt';
import type { LiveAnswer } from '../../core/command.js';
import type { ChatError } from '../../core/chat-errors.js';
import type { TextMessage } from '../../core/chat-sender.js';
import { err, ok, type Result } from '../../core/result.js';
import { destinationId } from '../../delivery/destination.js';
import { slackSendFailure } from './slack-errors.js';
import { toSlackMrkdwn } from './slack-mrkdwn.js';

/** As alerts: no mentions, links or previews out of what a payer or cashier wrote. */
const PLAIN = { parse: 'none', link_names: false, unfurl_links: false, unfurl_media: false } as const;

/**
 * Posts an answer the bot edits later (a /check waiting for its payment) into the channel as the
 * bot's own message (a response_url message has no ts to update), and tells it where it is.
 */
export async function postLiveAnswer(client: webApi.WebClient, channel: string, answer: LiveAnswer): Promise<void> {
  const posted = await client.chat.postMessage({ channel, text: toSlackMrkdwn(answer.doc), ...PLAIN });
  if (posted.ts === undefined) throw new Error('chat.postMessage answered without a ts');
  await answer.placed(posted.ts);
}

/** Rewrites such a message with chat.update. */
export async function updateLiveMessage(client: webApi.WebClient, channel: string, ts: string, message: TextMessage): Promise<Result<void, ChatError>> {
  try {
    await client.chat.update({ channel, ts, text: toSlackMrkdwn(message), parse: 'none', link_names: false });
    return ok(undefined);
  } catch (error) {
    return err(slackSendFailure(error, destinationId('slack', channel), channel).error);
  }
}
