import { shapeProblem } from '../../checks/answer-shape.js';
import type { ChatError } from '../../core/chat-errors.js';
import { type CommandAnswer, type CommandRequest, type QrImageAnswer } from '../../core/command.js';
import { err, ok, type Result } from '../../core/result.js';
import type { Logger } from '../../log/logger.js';
import { BLANK, type Doc } from '../../render/doc.js';
import { messagesFor, type RenderContext } from '../../render/messages.js';
import { toPlainText } from '../../render/plain-text.js';
import { truncateText } from '../../render/truncate.js';
import { createKeyedQueues } from '../keyed-queues.js';
import type { ZaloApi } from './zalo-api.js';
import { SentMessage, TEXT_EVENT, Update } from './zalo-answers.js';
import { toChatError } from './zalo-errors.js';
import type { QrImages } from './zalo-qr.js';
import { sendTexts } from './zalo-sender.js';
import { ZALO_MAX_CHARS, zaloParts } from './zalo-text.js';
import { chatIdDoc, noFilesLine, noImageLine } from './wording.js';
import { CAPABILITIES } from './capabilities.js';

export interface MessageHandlerOptions {
  api: ZaloApi;
  logger: Logger;
  /** The bot's render context: the language of what no chat's rules choose. */
  render: RenderContext;
  isAllowed: (chatId: string) => boolean;
  answer: (request: CommandRequest) => Promise<CommandAnswer>;
  /** Where /qr images are served; null without WEB_PORT: a request then goes as text. */
  images: QrImages | null;
}

export interface MessageHandler {
  /** Takes an update as getUpdates gave it (or a list of them); answers it in its chat's queue. Never throws. */
  handle(raw: unknown): void;
  /** Resolves once every update taken so far has been answered. */
  settled(): Promise<void>;
}

/**
 * Answers what people write to the bot. A chat not allowed gets its id, as ZALO_CHAT_IDS takes
 * it, and nothing else, whatever it sent (a text, a sticker, a photo): that is how its person
 * asks for alerts. In an allowed chat, `/command args` is answered as every chat's commands are,
 * other text with the help; other events are let be. Each chat's messages are answered one
 * after another, in the order they came; chats never wait for each other.
 */
export function createMessageHandler(options: MessageHandlerOptions): MessageHandler {
  const { api, logger, isAllowed } = options;
  const queues = createKeyedQueues();

  async function answerOne(update: Update): Promise<void> {
    const { message } = update;
    const chatId = message.chat.id;
    if (message.from?.is_bot === true) return;
    if (!isAllowed(chatId)) {
      const told = await sendTexts(api, chatId, zaloParts(chatIdDoc(chatId, options.render.locale)));
      if (told.ok) logger.info('zalo.chat_id_told', { chat: chatId, fix: `add ${chatId} to ZALO_CHAT_IDS for alerts in this chat` });
      else logger.warn('zalo.chat_id_not_told', { chat: chatId, error: told.error.message });
      return;
    }
    const isText = (update.event_name ?? TEXT_EVENT) === TEXT_EVENT && message.text !== undefined;
    if (!isText) {
      logger.debug('zalo.message_ignored', { chat: chatId, event: update.event_name ?? null });
      return;
    }
    const { command, args } = commandOf(message.text ?? '');
    const from = message.from;
    // A private chat is its person's: they may change its rules. Zalo tells a bot of no group's admins.
    const privateChat = message.chat.chat_type === undefined ? from?.id === chatId : message.chat.chat_type.toUpperCase() === 'PRIVATE';
    const request: CommandRequest = {
      command,
      args,
      chatId,
      allowed: true,
      platform: 'zalo',
      capabilities: CAPABILITIES,
      userName: from?.display_name ?? from?.first_name ?? null,
      mayChange: async () => privateChat,
    };
    try {
      const reply = await options.answer(request);
      const sent = await sendAnswer(chatId, reply);
      if (!sent.ok) throw sent.error;
      logger.info('command.answered', { command, chat: chatId, allowed: true, messages: sent.value });
    } catch (error) {
      logger.error('command.failed', { command, chat: chatId, error: error instanceof Error ? error.message : String(error) });
      const apology = await sendTexts(api, chatId, [messagesFor(options.render.locale).commandFailed]);
      if (!apology.ok) logger.warn('command.apology_failed', { command, chat: chatId, error: apology.error.message });
    }
  }

  /** Sends a command's answer; how many messages it took. */
  async function sendAnswer(chatId: string, reply: CommandAnswer): Promise<Result<number, ChatError>> {
    if (reply.kind === 'image') return sendRequest(chatId, reply);
    const doc: Doc = reply.kind === 'text' || reply.kind === 'live' ? reply.doc : [...reply.file.caption, BLANK, noFilesLine(options.render.locale)];
    const sent = await sendTexts(api, chatId, zaloParts(doc));
    if (!sent.ok) return sent;
    // An answer that changes (a /check waiting): recorded, so that its changes are told in new messages.
    if (reply.kind === 'live') await reply.placed(sent.value.at(-1) ?? '');
    return ok(sent.value.length);
  }

  /**
   * A new /qr request: its image by `sendPhoto` (the URL Zalo fetches from the bot), the request
   * as caption; as text, with a line saying why, when there is no WEB_PORT or Zalo would not take
   * the photo. The request's message is recorded either way: its changes are told in new messages.
   */
  async function sendRequest(chatId: string, reply: QrImageAnswer): Promise<Result<number, ChatError>> {
    if (options.images !== null) {
      const caption = truncateText(toPlainText(reply.caption), ZALO_MAX_CHARS);
      const photo = await api.call('sendPhoto', { chat_id: chatId, photo: options.images.urlOf(reply.request), caption }, SentMessage);
      if (photo.ok) {
        await reply.placed(photo.value.message_id);
        return ok(1);
      }
      const refused = toChatError(photo.error, chatId);
      if (refused.kind !== 'rejected') return err(refused);
      logger.warn('zalo.qr_photo_refused', {
        code: reply.request.code,
        error: refused.message,
        fix: 'Zalo could not fetch the image: WEB_PUBLIC_URL must reach this bot\'s WEB_PORT from the internet (https behind a reverse proxy); the request went as text',
      });
    }
    const sent = await sendTexts(api, chatId, zaloParts([...reply.caption, BLANK, noImageLine(options.render.locale)]));
    if (!sent.ok) return sent;
    await reply.placed(sent.value.at(-1) ?? '');
    return ok(sent.value.length);
  }

  function handle(raw: unknown): void {
    // One update per call, Zalo says; a list of them is taken too.
    if (Array.isArray(raw)) {
      for (const one of raw) handle(one);
      return;
    }
    const parsed = Update.safeParse(raw);
    if (!parsed.success) {
      logger.warn('zalo.update_unreadable', { problem: shapeProblem(parsed.error), effect: 'this update is not answered' });
      return;
    }
    const chatId = parsed.data.message.chat.id;
    queues.push(
      chatId,
      () => answerOne(parsed.data),
      (error: unknown) => logger.error('zalo.update_failed', { chat: chatId, error: String(error) }),
    );
  }

  return { handle, settled: () => queues.settled() };
}

/**
 * `/find ca phe` → `find` and `ca phe`; a command word is matched without regard to case, and a
 * `@name` after it (as other apps write it) is dropped. Text that is no command is answered
 * with the help.
 */
function commandOf(text: string): { command: string; args: string } {
  const match = /^\/([A-Za-z_]+)(?:@\S*)?(?:\s+([\s\S]*))?$/.exec(text.trim());
  const word = match?.[1]?.toLowerCase();
  // A command Zalo does not have is answered with the help too (the answerer's fallback).
  return word === undefined ? { command: 'help', args: '' } : { command: word, args: (match?.[2] ?? '').trim() };
}
