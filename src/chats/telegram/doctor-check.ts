import { Api, GrammyError, type RawApi } from 'grammy';
import { ChatBlockedError, ChatMovedError } from '../../core/chat-errors.js';
import { describeTelegramError, TOKEN_FIX, toChatError } from './telegram-errors.js';
import { shapeProblem } from '../../checks/answer-shape.js';
import { failRow, okRow, warnRow, type CheckRow } from '../../checks/check-row.js';
import { caught, withDeadline } from '../../checks/deadline.js';
import { BotIdentity, BotMembership, ChatInfo } from './doctor-answers.js';
import { splitTelegramTarget, type TelegramSettings } from './config.js';

/**
 * The bot token (`getMe`), then for each TELEGRAM_CHAT_IDS entry whether the bot could post
 * there, found out without posting: `getChat`, and `getChatMember` for the bot itself.
 */
export async function checkTelegram(telegram: TelegramSettings, options: { timeoutMs: number }): Promise<CheckRow[]> {
  const api = new Api<RawApi>(telegram.botToken, {
    apiRoot: telegram.apiRoot,
    timeoutSeconds: Math.max(1, Math.ceil(options.timeoutMs / 1000)),
  });
  const me = await withDeadline(options.timeoutMs, () => caught(() => api.getMe()));
  if (!me.ok) return [failRow('telegram token', `${me.error} (${telegram.apiRoot}): check TELEGRAM_API_ROOT and the network`)];
  if (me.value instanceof Error) return [failRow('telegram token', tokenProblem(me.value, telegram.apiRoot))];
  const parsedMe = BotIdentity.safeParse(me.value);
  if (!parsedMe.success) {
    return [failRow('telegram token', `getMe answered in a shape doctor does not know (${shapeProblem(parsedMe.error)}): check TELEGRAM_API_ROOT`)];
  }
  const bot = parsedMe.data;
  const rows = [okRow('telegram token', `accepted: the bot is @${bot.username}`)];
  if (telegram.chatIds.length === 0) {
    rows.push(
      warnRow(
        'telegram chats',
        'TELEGRAM_CHAT_IDS is empty: alerts go to no Telegram chat. Add the bot to the group, send /start there and put the id it answers in TELEGRAM_CHAT_IDS',
      ),
    );
  }
  const chats = await Promise.all(
    telegram.chatIds.map(async (chatId) => {
      const check = `telegram chat ${chatId}`;
      // A topic is checked as its group: whether the bot may post there.
      const result = await withDeadline(options.timeoutMs, () => chatRow(check, api, bot, splitTelegramTarget(chatId).chatId));
      return result.ok ? result.value : failRow(check, `${result.error}: try again`);
    }),
  );
  return [...rows, ...chats];
}

function tokenProblem(error: Error, apiRoot: string): string {
  if (error instanceof GrammyError && (error.error_code === 401 || error.error_code === 404)) return TOKEN_FIX;
  return `cannot check the token at ${apiRoot} (${describeTelegramError(error)}): check TELEGRAM_API_ROOT and the network`;
}

async function chatRow(check: string, api: Api<RawApi>, bot: BotIdentity, chatId: string): Promise<CheckRow> {
  const answer = await caught(() => api.getChat(chatId));
  if (answer instanceof Error) return failRow(check, chatProblem(answer, chatId));
  const chat = ChatInfo.safeParse(answer);
  if (!chat.success) return unknownShape(check, 'getChat', shapeProblem(chat.error));
  if (chat.data.type === 'private') {
    const name = chat.data.first_name ?? chatId;
    return okRow(check, `private chat with ${name}: the bot can write to it (unless ${name} blocks the bot)`);
  }
  const memberAnswer = await caught(() => api.getChatMember(chatId, bot.id));
  if (memberAnswer instanceof Error) return failRow(check, chatProblem(memberAnswer, chatId));
  const member = BotMembership.safeParse(memberAnswer);
  if (!member.success) return unknownShape(check, 'getChatMember', shapeProblem(member.error));
  return membershipRow(check, chat.data, member.data, chatId);
}

/** An answer doctor cannot read says nothing either way: a warning, with what was odd. */
function unknownShape(check: string, method: string, problem: string): CheckRow {
  return warnRow(check, `${method} answered in a shape doctor does not know (${problem}): send /start in the chat to see whether the bot answers there`);
}

function membershipRow(check: string, chat: ChatInfo, member: BotMembership, chatId: string): CheckRow {
  const name = `"${chat.title ?? chatId}" (${chat.type})`;
  const orRemove = `or remove ${chatId} from TELEGRAM_CHAT_IDS`;
  switch (member.status) {
    case 'creator':
    case 'administrator':
      if (chat.type === 'channel' && member.status === 'administrator' && member.can_post_messages !== true) {
        return failRow(check, `${name}: the bot is an administrator but may not post: give it the "Post messages" right`);
      }
      return okRow(check, `${name}: the bot is an administrator and can post`);
    case 'member':
      if (chat.type === 'channel') {
        return failRow(check, `${name}: only administrators post in a channel: make the bot an administrator with "Post messages"`);
      }
      return okRow(check, `${name}: the bot is a member and can post`);
    case 'restricted':
      if (!member.is_member) return failRow(check, `${name}: the bot is not in it: add the bot to the chat, ${orRemove}`);
      if (!member.can_send_messages) return failRow(check, `${name}: the bot may not send messages: allow it in the group's permissions`);
      return okRow(check, `${name}: the bot is a member and can post`);
    case 'left':
    case 'kicked':
      return failRow(check, `${name}: the bot is not in it (${member.status}): add the bot to the chat, ${orRemove}`);
  }
}

/** The chat adapter's own reading of Telegram errors, so doctor and the bot give the same fix. */
function chatProblem(error: Error, chatId: string): string {
  const chatError = toChatError(error, chatId);
  if (chatError instanceof ChatMovedError) {
    return `this group became a supergroup with id ${chatError.to}: put ${chatError.to} in TELEGRAM_CHAT_IDS instead of ${chatId}`;
  }
  if (chatError instanceof ChatBlockedError) return `${describeTelegramError(error)}: ${chatError.hint}`;
  return `cannot check (${describeTelegramError(error)}): try again`;
}
