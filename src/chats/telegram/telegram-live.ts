import type { Api, Context } from 'grammy';
import type { LiveAnswer } from '../../core/command.js';
import type { ChatError } from '../../core/chat-errors.js';
import type { TextMessage } from '../../core/chat-sender.js';
import { err, ok, type Result } from '../../core/result.js';
import { splitTelegramTarget } from './config.js';
import { HTML_MESSAGE } from './message-options.js';
import { toTelegramHtml } from './telegram-html.js';
import { toChatError } from './telegram-errors.js';

/**
 * How a message the bot edits later is referred to: a message of a chat by its id; a guest answer,
 * an inline message with no chat of the bot's, as `inline:<inline_message_id>`.
 */
const INLINE = 'inline:';

export const inlineRef = (inlineMessageId: string): string => `${INLINE}${inlineMessageId}`;

/**
 * Posts an answer the bot edits later (a /check waiting for its payment) in reply to the command,
 * and tells it where its message is. Such an answer is short by design: one message.
 */
export async function replyWithLive(
  ctx: Context,
  answer: LiveAnswer,
  quoting: { reply_parameters?: { message_id: number; allow_sending_without_reply: boolean } },
): Promise<void> {
  const sent = await ctx.reply(toTelegramHtml(answer.doc), { ...HTML_MESSAGE, ...quoting });
  await answer.placed(String(sent.message_id));
}

/**
 * Rewrites a message the bot posted (`ref`, in `target`'s chat, or an inline message) to say
 * `message`; "not modified" (it already says it) counts as done.
 */
export async function editLiveMessage(api: Api, target: string, ref: string, message: TextMessage): Promise<Result<void, ChatError>> {
  const html = toTelegramHtml(message);
  try {
    if (ref.startsWith(INLINE)) await api.editMessageTextInline(ref.slice(INLINE.length), html, HTML_MESSAGE);
    else await api.editMessageText(splitTelegramTarget(target).chatId, Number(ref), html, HTML_MESSAGE);
    return ok(undefined);
  } catch (error) {
    if (error instanceof Error && /message is not modified/i.test(error.message)) return ok(undefined);
    return err(toChatError(error, target));
  }
}
