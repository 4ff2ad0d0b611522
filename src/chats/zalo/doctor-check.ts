import { failRow, okRow, warnRow, type CheckRow } from '../../checks/check-row.js';
import { withDeadline } from '../../checks/deadline.js';
import { ChatBlockedError } from '../../core/chat-errors.js';
import { silentLogger } from '../../log/logger.js';
import { createZaloApi, describeZaloFailure, type ZaloApi, type ZaloFailure } from './zalo-api.js';
import { BotInfo, NoResult, WebhookInfo } from './zalo-answers.js';
import type { ZaloSettings } from './config.js';
import { TOKEN_FIX, toChatError } from './zalo-errors.js';

/**
 * The bot token (`getMe`), that no webhook keeps getUpdates from working (`getWebhookInfo`),
 * then for each ZALO_CHAT_IDS entry whether the bot may write there, found out without sending
 * a message: Zalo has no call that describes a chat, so the bot shows "typing…" in it
 * (`sendChatAction`), which Zalo refuses for a chat it does not know or whose person blocked the bot.
 */
export async function checkZalo(zalo: ZaloSettings, options: { timeoutMs: number }): Promise<CheckRow[]> {
  const api = createZaloApi({ token: zalo.botToken, apiRoot: zalo.apiRoot, logger: silentLogger, timeoutMs: options.timeoutMs });
  const me = await withDeadline(options.timeoutMs, () => api.call('getMe', {}, BotInfo));
  if (!me.ok) return [failRow('zalo token', `${me.error} (${zalo.apiRoot}): check ZALO_API_ROOT and the network`)];
  if (!me.value.ok) return [failRow('zalo token', tokenProblem(me.value.error, zalo.apiRoot))];
  const bot = me.value.value;
  const rows = [okRow('zalo token', `accepted: the bot is ${bot.display_name ?? bot.name ?? bot.account_name ?? bot.id}`), await webhookRow(api, options.timeoutMs)];
  if (zalo.chatIds.length === 0) {
    rows.push(
      warnRow(
        'zalo chats',
        'ZALO_CHAT_IDS is empty: alerts go to no Zalo chat. Each person who wants them writes to the bot in Zalo; it answers with the chat id to put in ZALO_CHAT_IDS',
      ),
    );
  }
  const chats = await Promise.all(
    zalo.chatIds.map(async (chatId) => {
      const check = `zalo chat ${chatId}`;
      const result = await withDeadline(options.timeoutMs, () => api.call('sendChatAction', { chat_id: chatId, action: 'typing' }, NoResult));
      if (!result.ok) return failRow(check, `${result.error}: try again`);
      return result.value.ok ? okRow(check, 'the bot can write to it') : failRow(check, chatProblem(result.value.error, chatId));
    }),
  );
  return [...rows, ...chats];
}

function tokenProblem(failure: ZaloFailure, apiRoot: string): string {
  if (failure.kind === 'refused' && (failure.errorCode === 401 || failure.errorCode === 403)) return TOKEN_FIX;
  return `cannot check the token at ${apiRoot} (${describeZaloFailure(failure)}): check ZALO_API_ROOT and the network`;
}

/** getUpdates does not work while a webhook is set: the bot would receive nothing. */
async function webhookRow(api: ZaloApi, timeoutMs: number): Promise<CheckRow> {
  const check = 'zalo updates';
  const info = await withDeadline(timeoutMs, () => api.call('getWebhookInfo', {}, WebhookInfo));
  const answer = info.ok ? info.value : null;
  if (answer === null || !answer.ok) {
    const why = answer === null ? (info.ok ? '' : info.error) : describeZaloFailure(answer.error);
    return warnRow(check, `cannot tell whether a webhook is set (${why}); if messages to the bot go unanswered, delete any webhook (deleteWebhook)`);
  }
  if (answer.value.url !== '') {
    return failRow(check, `a webhook is set for this bot (${answer.value.url}), so getUpdates receives nothing: delete it (POST …/deleteWebhook, see docs/zalo.md)`);
  }
  return okRow(check, 'no webhook set: the bot receives messages by getUpdates');
}

/** The chat adapter's own reading of Zalo's refusal, so doctor and the bot give the same fix. */
function chatProblem(failure: ZaloFailure, chatId: string): string {
  const error = toChatError(failure, chatId);
  if (error instanceof ChatBlockedError) return `${error.message}: ${error.hint}`;
  return `cannot check (${error.message}): try again`;
}
