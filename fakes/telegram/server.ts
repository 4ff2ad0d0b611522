import { z } from 'zod';
import { startFakeServer, type FakeReply, type FakeRequest, type FakeServer } from '../http.js';
import { readMultipart, type MultipartForm } from '../multipart.js';
import { givenEntities, messageEntities, type MessageEntity } from './entities.js';

/*
 * A fake Telegram Bot API, served over real HTTP on a loopback port so tests drive the real
 * grammY client (node-fetch, keep-alive, its JSON envelope handling). It behaves as the Bot API
 * documents: `POST /bot<token>/<method>` with a JSON body, the `{ok, result}` envelope, errors as
 * `{ok:false, error_code, description, parameters?}` with the code as HTTP status, 401 for a
 * wrong token, long polling with `offset`/`timeout`, the HTML parse mode's rules (400 "can't
 * parse entities"), the entities Telegram answers with a message (the formatting sent as HTML or
 * as `entities`, and the mentions, hashtags, commands and links it finds in the rest of the text
 * by itself, see entities.ts), the 4096-character limit counted after entity parsing,
 * and flood limits (1 message/s per chat, 20 per minute per group, 30 per second across all
 * chats, counting every message and every edit of one: text, photo, document, caption, buttons)
 * answered with 429 and `retry_after`.
 * `sendDocument` takes the multipart upload grammY streams, keeps the file's bytes, and refuses
 * a file over 50 MB with 413 as Telegram does.
 *
 *   const telegram = await startFakeTelegram();
 *   new Bot(telegram.token, { client: { apiRoot: telegram.url } });
 *   telegram.sendText(-1001, '/find 500k');        // a user types in a group
 *   telegram.failNextSend(-1001, 'kicked');        // the next sendMessage there gets a 403
 *   telegram.sentTo(-1001)[0]?.visible;            // what a human sees
 *   telegram.pressButton(-1001, messageId);         // a user presses an inline button under it
 */

export interface FakeTelegramOptions {
  /** The token the fake accepts. Default `123456:TEST-token`. */
  token?: string;
  /** The bot's username (without `@`), as getMe reports it. Default `bankbell_test_bot`. */
  botUsername?: string;
  /** Messages one group (negative chat id) takes per rolling 60 s before 429s. Default 20. */
  groupLimitPerMinute?: number;
  /** Sustained messages per second to one chat. Default 1. */
  perChatPerSecond?: number;
  /**
   * How many messages to one chat may go at once before the per-second limit bites. Default 1:
   * Telegram promises no burst ("avoid more than one message per second" in a chat; bursts beyond
   * it may pass, then 429s follow), so the fake allows none.
   */
  perChatBurst?: number;
  /** Messages the bot may send per rolling second across all chats. Default 30. */
  perBotPerSecond?: number;
  /** Longest a `getUpdates` with no update waits before answering `[]`. Default 200 ms. */
  holdMs?: number;
  /** Largest document `sendDocument` accepts, in bytes. Default 50 MB, Telegram's limit for bots. */
  maxDocumentBytes?: number;
  /** How long an idle connection stays open. Default Node's 5 s; longer for a test that holds the bot still. */
  keepAliveMs?: number;
}

/** One document the fake accepted. */
export interface SentDocument {
  chatId: string;
  messageId: number;
  fileName: string;
  /** The file as uploaded. */
  bytes: Buffer;
  caption: string | undefined;
  replyTo: number | undefined;
  threadId: number | undefined;
  at: number;
}

/** One message the fake accepted. */
export interface SentMessage {
  chatId: string;
  messageId: number;
  /** The text as the bot sent it (HTML when `parseMode` is `HTML`). */
  text: string;
  parseMode: string | undefined;
  /** What a person sees: tags removed, entities decoded. */
  visible: string;
  /**
   * The message's entities as Telegram answers them (offsets into `visible`): the formatting
   * sent, and the mentions, hashtags, commands and links Telegram found in the text by itself.
   */
  entities: MessageEntity[];
  linkPreviewDisabled: boolean;
  /** The message it replies to, if any. */
  replyTo: number | undefined;
  /** The forum topic it was posted in (`message_thread_id`), if any. */
  threadId: number | undefined;
  /** Its inline keyboard's buttons, row after row; edits change them. */
  buttons: InlineButton[];
  at: number;
  /** A photo's bytes (`sendPhoto`, uploaded as multipart); `text` is then its caption. */
  photo?: Buffer;
}

/** One accepted `editMessageCaption`. */
export interface CaptionEdit {
  chatId: string;
  messageId: number;
  caption: string;
  /** The caption as a person sees it. */
  visible: string;
  /** Its entities, as in `SentMessage`. */
  entities: MessageEntity[];
  at: number;
}

export interface InlineButton {
  text: string;
  callbackData: string;
}

/** One editMessageText / editMessageReplyMarkup the fake accepted, with the message as it then reads. */
export interface MessageEdit {
  method: 'editMessageText' | 'editMessageReplyMarkup';
  chatId: string;
  messageId: number;
  visible: string;
  /** Its entities, as in `SentMessage`. */
  entities: MessageEntity[];
  buttons: InlineButton[];
}

/** One answerCallbackQuery the fake accepted. */
export interface CallbackAnswer {
  callbackQueryId: string;
  text: string | undefined;
}

/** One error answer the fake gave (rate limits, injected failures, validation). */
export interface FakeTelegramError {
  method: string;
  chatId: string | undefined;
  errorCode: number;
  description: string;
}

/** What the next `sendMessage` to a chat runs into. */
export type SendFailureKind =
  | 'rate_limit'
  | 'server_error'
  | 'bad_gateway'
  | 'network'
  | 'kicked'
  | 'blocked'
  | 'chat_not_found'
  | 'migrate'
  | 'parse_error'
  | 'too_long'
  | 'too_large';

export interface SendFailureOptions {
  /** `rate_limit`: seconds in `retry_after`. Default 3. */
  retryAfter?: number;
  /** `migrate`: the supergroup's new id. Default `-100` followed by the old id's digits. */
  migrateTo?: number;
}

export interface TextOptions {
  /** Default: `private` for positive ids, `supergroup` for `-100…`, otherwise `group`. */
  chatType?: 'private' | 'group' | 'supergroup' | 'channel';
  from?: { id: number; first_name: string; username?: string };
  /** Sent in this forum topic (`message_thread_id`, `is_topic_message`). */
  threadId?: number;
}

export interface PressOptions {
  from?: { id: number; first_name: string; last_name?: string; username?: string };
  /** Default: the first button's `callback_data`. */
  data?: string;
  /** Default as in `TextOptions`. */
  chatType?: 'private' | 'group' | 'supergroup' | 'channel';
}

/** The bot's membership in a chat, as `getChatMember` reports it. */
export type BotMembership = 'creator' | 'administrator' | 'member' | 'restricted' | 'left' | 'kicked';

/** A chat `getChat` and `getChatMember` know about (sending works to any id regardless). */
export interface FakeChatInput {
  /** Default: from the id, as in `TextOptions`. */
  type?: 'private' | 'group' | 'supergroup' | 'channel';
  /** Default `Shop`. */
  title?: string;
  /** A public chat: anyone may `getChat` it, member or not. */
  username?: string;
  /** Default `member`, or `administrator` in a channel. */
  botStatus?: BotMembership;
  /** Channel administrators: may the bot post? Default true. */
  canPostMessages?: boolean;
  /** `restricted`: may the bot send messages? Default false. */
  canSendMessages?: boolean;
  /** The group became this supergroup: every call about the old id answers 400 with `migrate_to_chat_id`. */
  migrateTo?: number;
  /** Users `getChatMember` reports as administrators; every other user is a plain member. */
  admins?: number[];
  /** A forum group's topics: posting to a closed one or one not listed fails as Telegram does. */
  topics?: Record<number, 'open' | 'closed'>;
}

export interface FakeTelegram {
  /** API root for grammY's `client.apiRoot`, without a trailing slash. */
  url: string;
  token: string;
  botUsername: string;
  /** The variables that point a bot at this fake, alerting `chatIds` (as TELEGRAM_CHAT_IDS takes them). */
  botEnv(chatIds: string): Record<string, string>;
  /** Every accepted message, in order. */
  sent: SentMessage[];
  /** Accepted messages to one chat. */
  sentTo(chatId: string | number): SentMessage[];
  /** Every accepted document, in order. */
  documents: SentDocument[];
  /** Every error answer, in order. */
  errors: FakeTelegramError[];
  /** Every accepted caption edit, in order (the message in `sent` shows the latest). */
  captionEdits: CaptionEdit[];
  /** Every `setMyCommands` call's body. */
  commands: SetMyCommandsBody[];
  /** Every HTTP request received. */
  requests: FakeRequest[];
  /**
   * Calls (other than `getUpdates`) that arrived before the time a 429 of this fake had named
   * in `retry_after`, counted bot-wide: what a bot that honours the wait never sends.
   */
  early: { method: string; at: number }[];
  /** Every accepted edit, in order. */
  edits: MessageEdit[];
  /** Every accepted answerCallbackQuery, in order. */
  callbackAnswers: CallbackAnswer[];
  /**
   * Queues a press on an inline button under message `messageId` in `chatId`, as `getUpdates`
   * will deliver it (`callback_query`, with the message as the bot left it); returns the query id.
   */
  pressButton(chatId: string | number, messageId: number, options?: PressOptions): string;
  /** The message is deleted: editing it fails as Telegram does. */
  deleteMessage(chatId: string | number, messageId: number): void;
  /** Updates queued and not yet confirmed by a later `offset`. */
  readonly pendingUpdates: number;
  /** Queues a text message from a user, as `getUpdates` will deliver it; returns its update_id. */
  sendText(chatId: string | number, text: string, options?: TextOptions): number;
  /** Makes the next `sendMessage` or `sendDocument` to `chatId` fail as `kind` (one each call, in order). */
  failNextSend(chatId: string | number, kind: SendFailureKind, options?: SendFailureOptions): void;
  /** From now on `getUpdates` answers 409, as when a second instance polls with the same token. */
  startOtherPoller(): void;
  /** The other instance is gone: `getUpdates` answers as usual again. */
  stopOtherPoller(): void;
  /** Makes a chat known to `getChat`/`getChatMember`; unknown chats are "chat not found". */
  addChat(chatId: string | number, chat?: FakeChatInput): void;
  /** Raw replies that pre-empt the fake, one request each (`pathPrefix` `/bot<token>/<method>`). */
  injectFaults: FakeServer['injectFaults'];
  close(): Promise<void>;
}

/** An entity a bot sends with its text (`entities`); see givenEntities for what Telegram makes of it. */
const GivenEntity = z.object({ type: z.string(), offset: z.number().int(), length: z.number().int(), url: z.string().optional() });

const SendMessageBody = z.object({
  chat_id: z.union([z.number(), z.string()]),
  text: z.string(),
  parse_mode: z.string().optional(),
  entities: z.array(GivenEntity).optional(),
  link_preview_options: z.object({ is_disabled: z.boolean().optional() }).optional(),
  reply_parameters: z.object({ message_id: z.number() }).optional(),
  message_thread_id: z.number().int().optional(),
  reply_markup: z.lazy(() => InlineKeyboard).optional(),
});

/** Telegram's inline keyboard, as far as callback buttons go: `callback_data` is 1–64 bytes. */
const InlineKeyboard = z.object({
  inline_keyboard: z.array(
    z.array(
      z.object({
        text: z.string().min(1),
        callback_data: z.string().refine((data) => Buffer.byteLength(data) >= 1 && Buffer.byteLength(data) <= 64, 'BUTTON_DATA_INVALID'),
      }),
    ),
  ),
});

const EditTextBody = z.object({
  chat_id: z.union([z.number(), z.string()]),
  message_id: z.number().int(),
  text: z.string(),
  parse_mode: z.string().optional(),
  entities: z.array(GivenEntity).optional(),
  link_preview_options: z.object({ is_disabled: z.boolean().optional() }).optional(),
  reply_markup: InlineKeyboard.optional(),
});
const EditMarkupBody = z.object({
  chat_id: z.union([z.number(), z.string()]),
  message_id: z.number().int(),
  reply_markup: InlineKeyboard.optional(),
});
const AnswerCallbackBody = z.object({ callback_query_id: z.string(), text: z.string().max(200).optional(), show_alert: z.boolean().optional() });

const ChatBody = z.object({ chat_id: z.union([z.number(), z.string()]) });

/** sendPhoto's fields, from a multipart form (numbers and objects arrive as text). */
const SendPhotoFields = z.object({
  chat_id: z.string(),
  caption: z.string().optional(),
  parse_mode: z.string().optional(),
  reply_parameters: z
    .string()
    .transform((v) => z.object({ message_id: z.number() }).parse(JSON.parse(v)))
    .optional(),
  message_thread_id: z.coerce.number().int().optional(),
  photo: z.string(),
});

const EditCaptionBody = z.object({
  chat_id: z.union([z.number(), z.string()]),
  message_id: z.number().int(),
  caption: z.string(),
  parse_mode: z.string().optional(),
});

/** Telegram's caption limit, counted like text. */
const MAX_CAPTION = 1024;
/** The first bytes of every PNG file. */
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const ChatMemberBody = ChatBody.extend({ user_id: z.number().int() });

const GetUpdatesBody = z.object({
  offset: z.number().int().optional(),
  limit: z.number().int().min(1).max(100).optional(),
  timeout: z.number().int().min(0).optional(),
});

const SetMyCommandsBody = z.object({
  commands: z.array(
    z.object({
      command: z.string().regex(/^[a-z0-9_]{1,32}$/),
      description: z.string().min(1).max(256),
    }),
  ),
  scope: z.unknown().optional(),
  language_code: z.string().optional(),
});
export type SetMyCommandsBody = z.infer<typeof SetMyCommandsBody>;

/** Telegram's text limit, counted on the visible text in UTF-16 units. */
const MAX_TEXT = 4096;

type ErrorReply = { code: number; description: string; parameters?: Record<string, number> };

const FAILURES: Record<Exclude<SendFailureKind, 'rate_limit' | 'migrate' | 'network' | 'bad_gateway'>, ErrorReply> = {
  server_error: { code: 500, description: 'Internal Server Error' },
  kicked: { code: 403, description: 'Forbidden: bot was kicked from the supergroup chat' },
  blocked: { code: 403, description: 'Forbidden: bot was blocked by the user' },
  chat_not_found: { code: 400, description: 'Bad Request: chat not found' },
  parse_error: { code: 400, description: "Bad Request: can't parse entities: Unsupported start tag \"x\" at byte offset 0" },
  too_long: { code: 400, description: 'Bad Request: message is too long' },
  too_large: { code: 413, description: 'Request Entity Too Large' },
};

/** Fields of a sendDocument upload besides the file, which comes as `attach://<part name>`. */
const SendDocumentFields = z.object({
  chat_id: z.string().regex(/^-?\d+$/),
  document: z.string().regex(/^attach:\/\/\w+$/),
  caption: z.string().max(1024).optional(),
  message_thread_id: z.string().regex(/^\d+$/).optional(),
  reply_parameters: z.string().optional(),
});

type Update = { update_id: number } & ({ message: Record<string, unknown> } | { callback_query: Record<string, unknown> });

const buttonsOf = (markup: z.infer<typeof InlineKeyboard> | undefined): InlineButton[] =>
  (markup?.inline_keyboard ?? []).flat().map((b) => ({ text: b.text, callbackData: b.callback_data }));

export async function startFakeTelegram(options: FakeTelegramOptions = {}): Promise<FakeTelegram> {
  const token = options.token ?? '123456:TEST-token';
  const botUsername = options.botUsername ?? 'bankbell_test_bot';
  const groupLimit = options.groupLimitPerMinute ?? 20;
  const perSecond = options.perChatPerSecond ?? 1;
  const burst = options.perChatBurst ?? 1;
  const botLimit = options.perBotPerSecond ?? 30;
  const holdMs = options.holdMs ?? 200;
  const maxDocumentBytes = options.maxDocumentBytes ?? 50 * 1024 * 1024;
  const documents: SentDocument[] = [];

  const sent: SentMessage[] = [];
  const errors: FakeTelegramError[] = [];
  const captionEdits: CaptionEdit[] = [];
  const commands: SetMyCommandsBody[] = [];
  const edits: MessageEdit[] = [];
  const callbackAnswers: CallbackAnswer[] = [];
  /** Callback queries delivered and not answered yet: each may be answered once. */
  const openQueries = new Set<string>();
  let nextQueryId = 1;
  const deleted = new Set<string>();
  const failures = new Map<string, { kind: SendFailureKind; options: SendFailureOptions }[]>();
  const buckets = new Map<string, { tokens: number; at: number }>();
  let updates: Update[] = [];
  let nextUpdateId = 10_000;
  let nextMessageId = 1;
  let otherPoller = false;
  const waiters = new Set<() => void>();
  const chats = new Map<string, FakeChatInput>();
  const botId = Number(token.split(':')[0]);

  const early: { method: string; at: number }[] = [];
  /** Until when the last 429 asked the bot to wait. */
  let heldUntil = Number.NEGATIVE_INFINITY;

  const fail = (method: string, chatId: string | undefined, e: ErrorReply): FakeReply => {
    errors.push({ method, chatId, errorCode: e.code, description: e.description });
    const retryAfter = e.code === 429 ? e.parameters?.retry_after : undefined;
    if (retryAfter !== undefined) heldUntil = Math.max(heldUntil, Date.now() + retryAfter * 1000);
    return {
      status: e.code,
      body: { ok: false, error_code: e.code, description: e.description, ...(e.parameters ? { parameters: e.parameters } : {}) },
    };
  };
  const success = (result: unknown): FakeReply => ({ status: 200, body: { ok: true, result } });

  /** Every message the limits let through (text, photo, document), oldest first, for the windows. */
  const passed: { chatId: string; at: number }[] = [];

  /** Per-chat token bucket (burst, then `perSecond`), the per-group minute window and the bot-wide second. */
  function floodCheck(chatId: string, now: number): ErrorReply | undefined {
    const bucket = buckets.get(chatId) ?? { tokens: burst, at: now };
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * perSecond);
    bucket.at = now;
    buckets.set(chatId, bucket);
    if (bucket.tokens < 1) {
      const retryAfter = Math.max(1, Math.ceil((1 - bucket.tokens) / perSecond));
      return tooMany(retryAfter);
    }
    const lastSecond = passed.slice(-botLimit).filter((m) => m.at > now - 1000);
    if (lastSecond.length >= botLimit) return tooMany(1);
    if (chatId.startsWith('-')) {
      const recent = passed.filter((m) => m.chatId === chatId && m.at > now - 60_000);
      const oldest = recent[0];
      if (recent.length >= groupLimit && oldest) return tooMany(Math.max(1, Math.ceil((oldest.at + 60_000 - now) / 1000)));
    }
    bucket.tokens -= 1;
    passed.push({ chatId, at: now });
    return undefined;
  }

  function injected(method: string, chatId: string): FakeReply | undefined {
    const failure = failures.get(chatId)?.shift();
    if (!failure) return undefined;
    switch (failure.kind) {
      case 'network':
        return { status: 0, destroy: true };
      case 'bad_gateway':
        // What nginx in front of the Bot API answers when the backend is down: HTML, not JSON.
        errors.push({ method, chatId, errorCode: 502, description: 'Bad Gateway' });
        return { status: 502, body: '<html><body><h1>502 Bad Gateway</h1></body></html>' };
      case 'rate_limit':
        return fail(method, chatId, tooMany(failure.options.retryAfter ?? 3));
      case 'migrate':
        return fail(method, chatId, {
          code: 400,
          description: 'Bad Request: group chat was upgraded to a supergroup chat',
          parameters: { migrate_to_chat_id: failure.options.migrateTo ?? Number(`-100${chatId.replace('-', '')}`) },
        });
      default:
        return fail(method, chatId, FAILURES[failure.kind]);
    }
  }

  function sendMessage(body: unknown): FakeReply {
    const parsed = SendMessageBody.safeParse(body);
    if (!parsed.success) return fail('sendMessage', undefined, { code: 400, description: 'Bad Request: message text is empty' });
    const msg = parsed.data;
    const chatId = String(msg.chat_id);
    const fault = injected('sendMessage', chatId);
    if (fault) return fault;
    const topics = chats.get(chatId)?.topics;
    if (msg.message_thread_id !== undefined && topics !== undefined) {
      const topic = topics[msg.message_thread_id];
      if (topic === undefined) return fail('sendMessage', chatId, { code: 400, description: 'Bad Request: message thread not found' });
      if (topic === 'closed') return fail('sendMessage', chatId, { code: 400, description: 'Bad Request: TOPIC_CLOSED' });
    }
    const read = visibleOf('sendMessage', chatId, msg.text, msg.parse_mode, msg.entities);
    if (!('visible' in read)) return read;
    const { visible, entities } = read;
    if (visible.trim() === '') return fail('sendMessage', chatId, { code: 400, description: 'Bad Request: message text is empty' });
    if (visible.length > MAX_TEXT) return fail('sendMessage', chatId, { code: 400, description: 'Bad Request: message is too long' });
    const now = Date.now();
    const flood = floodCheck(chatId, now);
    if (flood) return fail('sendMessage', chatId, flood);
    const message: SentMessage = {
      chatId,
      messageId: nextMessageId++,
      text: msg.text,
      parseMode: msg.parse_mode,
      visible,
      entities,
      linkPreviewDisabled: msg.link_preview_options?.is_disabled === true,
      replyTo: msg.reply_parameters?.message_id,
      threadId: msg.message_thread_id,
      buttons: buttonsOf(msg.reply_markup),
      at: now,
    };
    sent.push(message);
    return success({ message_id: message.messageId, date: Math.floor(now / 1000), chat: chatOf(chatId), text: visible, ...entitiesField('entities', entities) });
  }

  /**
   * Text with the HTML parse mode, or plain with the `entities` given (which a parse mode
   * overrides), as Telegram reads it: what a person sees and its entities, or the error to answer.
   */
  function visibleOf(
    method: string,
    chatId: string,
    textValue: string,
    parseMode: string | undefined,
    given: readonly z.infer<typeof GivenEntity>[] = [],
  ): { visible: string; entities: MessageEntity[] } | FakeReply {
    if (parseMode === undefined) {
      const formatting = givenEntities(textValue, given);
      if ('error' in formatting) return fail(method, chatId, { code: 400, description: `Bad Request: ${formatting.error}` });
      return { visible: textValue, entities: messageEntities(textValue, formatting) };
    }
    if (parseMode.toLowerCase() !== 'html') return fail(method, chatId, { code: 400, description: `Bad Request: unsupported parse_mode "${parseMode}"` });
    const html = parseTelegramHtml(textValue);
    if (!html.ok) return fail(method, chatId, { code: 400, description: `Bad Request: can't parse entities: ${html.error}` });
    return { visible: html.visible, entities: html.entities };
  }

  /** A photo uploaded as multipart (`photo` names the file part as `attach://<name>`, or is the part itself). */
  function sendPhoto(form: MultipartForm): FakeReply {
    const photoRef = form.fields.photo ?? (form.files.photo ? 'attach://photo' : '');
    const parsed = SendPhotoFields.safeParse({ ...form.fields, photo: photoRef });
    if (!parsed.success) return fail('sendPhoto', undefined, { code: 400, description: 'Bad Request: there is no photo in the request' });
    const msg = parsed.data;
    const chatId = msg.chat_id;
    const fault = injected('sendPhoto', chatId);
    if (fault) return fault;
    const file = form.files[msg.photo.replace(/^attach:\/\//, '')];
    if (file === undefined || !file.bytes.subarray(0, 8).equals(PNG_SIGNATURE)) {
      return fail('sendPhoto', chatId, { code: 400, description: 'Bad Request: IMAGE_PROCESS_FAILED' });
    }
    const caption = visibleOf('sendPhoto', chatId, msg.caption ?? '', msg.parse_mode);
    if (!('visible' in caption)) return caption;
    if (caption.visible.length > MAX_CAPTION) return fail('sendPhoto', chatId, { code: 400, description: 'Bad Request: message caption is too long' });
    const now = Date.now();
    const flood = floodCheck(chatId, now);
    if (flood) return fail('sendPhoto', chatId, flood);
    const message: SentMessage = {
      chatId,
      messageId: nextMessageId++,
      text: msg.caption ?? '',
      parseMode: msg.parse_mode,
      visible: caption.visible,
      entities: caption.entities,
      linkPreviewDisabled: false,
      replyTo: msg.reply_parameters?.message_id,
      threadId: msg.message_thread_id,
      at: now,
      photo: file.bytes,
      buttons: [],
    };
    sent.push(message);
    return success({
      message_id: message.messageId,
      date: Math.floor(now / 1000),
      chat: chatOf(chatId),
      photo: [],
      caption: caption.visible,
      ...entitiesField('caption_entities', caption.entities),
    });
  }

  function editMessageCaption(body: unknown): FakeReply {
    const parsed = EditCaptionBody.safeParse(body);
    if (!parsed.success) return fail('editMessageCaption', undefined, { code: 400, description: 'Bad Request: message to edit not found' });
    const edit = parsed.data;
    const chatId = String(edit.chat_id);
    const fault = injected('editMessageCaption', chatId);
    if (fault) return fault;
    const message = sent.find((m) => m.chatId === chatId && m.messageId === edit.message_id);
    if (message?.photo === undefined) return fail('editMessageCaption', chatId, { code: 400, description: 'Bad Request: message to edit not found' });
    const caption = visibleOf('editMessageCaption', chatId, edit.caption, edit.parse_mode);
    if (!('visible' in caption)) return caption;
    if (caption.visible.length > MAX_CAPTION) return fail('editMessageCaption', chatId, { code: 400, description: 'Bad Request: message caption is too long' });
    if (edit.caption === message.text && edit.parse_mode === message.parseMode) {
      return fail('editMessageCaption', chatId, {
        code: 400,
        description: 'Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message',
      });
    }
    const flood = floodCheck(chatId, Date.now());
    if (flood) return fail('editMessageCaption', chatId, flood);
    message.text = edit.caption;
    message.parseMode = edit.parse_mode;
    message.visible = caption.visible;
    message.entities = caption.entities;
    captionEdits.push({ chatId, messageId: message.messageId, caption: edit.caption, visible: caption.visible, entities: caption.entities, at: Date.now() });
    return success({
      message_id: message.messageId,
      date: Math.floor(message.at / 1000),
      chat: chatOf(chatId),
      photo: [],
      caption: caption.visible,
      ...entitiesField('caption_entities', caption.entities),
    });
  }

  function sendDocument(form: MultipartForm): FakeReply {
    const fields = SendDocumentFields.safeParse(form.fields);
    if (!fields.success) return fail('sendDocument', undefined, { code: 400, description: 'Bad Request: invalid sendDocument parameters' });
    const { chat_id: chatId, document, caption, message_thread_id: thread, reply_parameters: reply } = fields.data;
    const file = form.files[document.slice('attach://'.length)];
    if (file === undefined) return fail('sendDocument', chatId, { code: 400, description: 'Bad Request: wrong remote file identifier specified' });
    const fault = injected('sendDocument', chatId);
    if (fault) return fault;
    const threadId = thread === undefined ? undefined : Number(thread);
    const topics = chats.get(chatId)?.topics;
    if (threadId !== undefined && topics !== undefined && topics[threadId] !== 'open') {
      return fail('sendDocument', chatId, { code: 400, description: 'Bad Request: message thread not found' });
    }
    const { bytes } = file;
    if (bytes.length > maxDocumentBytes) return fail('sendDocument', chatId, FAILURES.too_large);
    if (bytes.length === 0) return fail('sendDocument', chatId, { code: 400, description: 'Bad Request: file must be non-empty' });
    const now = Date.now();
    const flood = floodCheck(chatId, now);
    if (flood) return fail('sendDocument', chatId, flood);
    const replyTo = reply === undefined ? undefined : z.object({ message_id: z.number() }).parse(JSON.parse(reply)).message_id;
    const sentDocument: SentDocument = { chatId, messageId: nextMessageId++, fileName: file.name, bytes, caption, replyTo, threadId, at: now };
    documents.push(sentDocument);
    return success({
      message_id: sentDocument.messageId,
      date: Math.floor(now / 1000),
      chat: chatOf(chatId),
      ...(threadId === undefined ? {} : { message_thread_id: threadId, is_topic_message: true }),
      document: { file_id: `BQAC-${sentDocument.messageId}`, file_unique_id: `u${sentDocument.messageId}`, file_name: sentDocument.fileName, file_size: bytes.length },
      ...(caption === undefined ? {} : { caption }),
    });
  }

  /** The message to edit: sent by the bot in that chat and not deleted, as Telegram requires. */
  function editable(method: string, chatId: string, messageId: number): SentMessage | FakeReply {
    const message = sent.find((m) => m.chatId === chatId && m.messageId === messageId && !deleted.has(`${chatId}/${messageId}`));
    return message ?? fail(method, chatId, { code: 400, description: 'Bad Request: message to edit not found' });
  }

  function editMessageText(body: unknown): FakeReply {
    const parsed = EditTextBody.safeParse(body);
    if (!parsed.success) return fail('editMessageText', undefined, { code: 400, description: 'Bad Request: invalid edit parameters' });
    const edit = parsed.data;
    const chatId = String(edit.chat_id);
    const message = editable('editMessageText', chatId, edit.message_id);
    if (!('messageId' in message)) return message;
    const read = visibleOf('editMessageText', chatId, edit.text, edit.parse_mode, edit.entities);
    if (!('visible' in read)) return read;
    const { visible, entities } = read;
    if (visible.trim() === '') return fail('editMessageText', chatId, { code: 400, description: 'Bad Request: message text is empty' });
    if (visible.length > MAX_TEXT) return fail('editMessageText', chatId, { code: 400, description: 'Bad Request: MESSAGE_TOO_LONG' });
    const buttons = buttonsOf(edit.reply_markup);
    if (visible === message.visible && JSON.stringify(buttons) === JSON.stringify(message.buttons)) {
      return fail('editMessageText', chatId, { code: 400, description: 'Bad Request: message is not modified' });
    }
    const flood = floodCheck(chatId, Date.now());
    if (flood) return fail('editMessageText', chatId, flood);
    Object.assign(message, { text: edit.text, parseMode: edit.parse_mode, visible, entities, buttons });
    edits.push({ method: 'editMessageText', chatId, messageId: message.messageId, visible, entities, buttons });
    return success({ message_id: message.messageId, date: Math.floor(message.at / 1000), chat: chatOf(chatId), text: visible, ...entitiesField('entities', entities) });
  }

  function editMessageReplyMarkup(body: unknown): FakeReply {
    const parsed = EditMarkupBody.safeParse(body);
    if (!parsed.success) return fail('editMessageReplyMarkup', undefined, { code: 400, description: 'Bad Request: invalid edit parameters' });
    const chatId = String(parsed.data.chat_id);
    const message = editable('editMessageReplyMarkup', chatId, parsed.data.message_id);
    if (!('messageId' in message)) return message;
    const buttons = buttonsOf(parsed.data.reply_markup);
    if (JSON.stringify(buttons) === JSON.stringify(message.buttons)) {
      return fail('editMessageReplyMarkup', chatId, { code: 400, description: 'Bad Request: message is not modified' });
    }
    const flood = floodCheck(chatId, Date.now());
    if (flood) return fail('editMessageReplyMarkup', chatId, flood);
    message.buttons = buttons;
    edits.push({ method: 'editMessageReplyMarkup', chatId, messageId: message.messageId, visible: message.visible, entities: message.entities, buttons });
    return success({ message_id: message.messageId, date: Math.floor(message.at / 1000), chat: chatOf(chatId), text: message.visible });
  }

  function answerCallbackQuery(body: unknown): FakeReply {
    const parsed = AnswerCallbackBody.safeParse(body);
    if (!parsed.success) return fail('answerCallbackQuery', undefined, { code: 400, description: 'Bad Request: invalid answer parameters' });
    const id = parsed.data.callback_query_id;
    if (!openQueries.delete(id)) {
      return fail('answerCallbackQuery', undefined, {
        code: 400,
        description: 'Bad Request: query is too old and response timeout expired or query ID is invalid',
      });
    }
    callbackAnswers.push({ callbackQueryId: id, text: parsed.data.text });
    return success(true);
  }

  async function getUpdates(body: unknown): Promise<FakeReply> {
    const parsed = GetUpdatesBody.safeParse(body);
    if (!parsed.success) return fail('getUpdates', undefined, { code: 400, description: 'Bad Request: invalid getUpdates parameters' });
    if (otherPoller) {
      return fail('getUpdates', undefined, {
        code: 409,
        description: 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running',
      });
    }
    const { offset = 0, limit = 100, timeout = 0 } = parsed.data;
    // An offset confirms every update before it: Telegram forgets them.
    updates = updates.filter((u) => u.update_id >= offset);
    if (updates.length === 0 && timeout > 0) {
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          waiters.delete(done);
          resolve();
        };
        const timer = setTimeout(done, Math.min(timeout * 1000, holdMs));
        waiters.add(done);
      });
    }
    return success(updates.slice(0, limit));
  }

  /**
   * What Telegram answers about a chat before any detail: unknown, migrated, or (a private
   * group or channel the bot is not in) forbidden. Public chats can be read by anyone.
   */
  function chatAccess(method: string, chatId: string): { chat: FakeChatInput; type: ChatType; status: BotMembership } | FakeReply {
    const chat = chats.get(chatId);
    if (!chat) return fail(method, chatId, { code: 400, description: 'Bad Request: chat not found' });
    if (chat.migrateTo !== undefined) {
      return fail(method, chatId, {
        code: 400,
        description: 'Bad Request: group chat was upgraded to a supergroup chat',
        parameters: { migrate_to_chat_id: chat.migrateTo },
      });
    }
    const type = chat.type ?? defaultChatType(chatId);
    const status = chat.botStatus ?? (type === 'channel' ? 'administrator' : 'member');
    if ((status === 'left' || status === 'kicked') && chat.username === undefined) {
      const description =
        status === 'kicked' ? `Forbidden: bot was kicked from the ${type} chat` : `Forbidden: bot is not a member of the ${type} chat`;
      return fail(method, chatId, { code: 403, description });
    }
    return { chat, type, status };
  }

  function getChat(body: unknown): FakeReply {
    const parsed = ChatBody.safeParse(body);
    if (!parsed.success) return fail('getChat', undefined, { code: 400, description: 'Bad Request: chat_id is empty' });
    const chatId = String(parsed.data.chat_id);
    const access = chatAccess('getChat', chatId);
    if (!('chat' in access)) return access;
    const { chat, type } = access;
    return success({
      ...chatOf(chatId, type),
      ...(type === 'private' ? {} : { title: chat.title ?? 'Shop' }),
      ...(chat.username === undefined ? {} : { username: chat.username }),
      accent_color_id: 0,
      max_reaction_count: 11,
    });
  }

  function getChatMember(body: unknown): FakeReply {
    const parsed = ChatMemberBody.safeParse(body);
    if (!parsed.success) return fail('getChatMember', undefined, { code: 400, description: 'Bad Request: invalid user_id specified' });
    const chatId = String(parsed.data.chat_id);
    const access = chatAccess('getChatMember', chatId);
    if (!('chat' in access)) return access;
    const { chat, type, status } = access;
    if (parsed.data.user_id !== botId) {
      const person = { id: parsed.data.user_id, is_bot: false, first_name: 'Someone' };
      if (!chat.admins?.includes(parsed.data.user_id)) return success({ status: 'member', user: person });
      return success({
        status: 'administrator',
        user: person,
        can_be_edited: false,
        is_anonymous: false,
        can_manage_chat: true,
        can_delete_messages: true,
        can_manage_video_chats: false,
        can_restrict_members: true,
        can_promote_members: false,
        can_change_info: true,
        can_invite_users: true,
        can_post_stories: false,
        can_edit_stories: false,
        can_delete_stories: false,
      });
    }
    const user = { id: botId, is_bot: true, first_name: 'bankbell test', username: botUsername };
    switch (status) {
      case 'administrator':
        return success({
          status,
          user,
          can_be_edited: false,
          is_anonymous: false,
          can_manage_chat: true,
          can_delete_messages: false,
          can_manage_video_chats: false,
          can_restrict_members: false,
          can_promote_members: false,
          can_change_info: false,
          can_invite_users: false,
          can_post_stories: false,
          can_edit_stories: false,
          can_delete_stories: false,
          ...(type === 'channel' ? { can_post_messages: chat.canPostMessages ?? true, can_edit_messages: false } : {}),
        });
      case 'restricted':
        return success({ status, user, is_member: true, can_send_messages: chat.canSendMessages ?? false, until_date: 0 });
      case 'kicked':
        return success({ status, user, until_date: 0 });
      case 'creator':
        return success({ status, user, is_anonymous: false });
      default:
        return success({ status, user });
    }
  }

  const server = await startFakeServer(async (req) => {
    const route = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(req.path);
    if (!route) return fail('', undefined, { code: 404, description: 'Not Found' });
    const [, givenToken, method = ''] = route;
    if (givenToken !== token) return fail(method, undefined, { code: 401, description: 'Unauthorized' });
    const at = Date.now();
    if (method !== 'getUpdates' && at < heldUntil) early.push({ method, at });
    const multipart = readMultipart(req);
    if (multipart !== null) {
      if (method === 'sendDocument') return sendDocument(multipart);
      return method === 'sendPhoto' ? sendPhoto(multipart) : fail(method, undefined, { code: 400, description: 'Bad Request: unexpected upload' });
    }
    if (method === 'sendDocument') return fail('sendDocument', undefined, { code: 400, description: 'Bad Request: there is no document in the request' });
    let body: unknown;
    try {
      body = req.body === '' ? {} : JSON.parse(req.body);
    } catch {
      return fail(method, undefined, { code: 400, description: 'Bad Request: invalid JSON in request body' });
    }
    switch (method) {
      case 'getMe':
        return success({
          id: Number(token.split(':')[0]),
          is_bot: true,
          first_name: 'bankbell test',
          username: botUsername,
          can_join_groups: true,
          can_read_all_group_messages: false,
          supports_inline_queries: false,
          can_connect_to_business: false,
          has_main_web_app: false,
        });
      case 'deleteWebhook':
        return success(true);
      case 'setMyCommands': {
        const parsed = SetMyCommandsBody.safeParse(body);
        if (!parsed.success) return fail(method, undefined, { code: 400, description: 'Bad Request: BOT_COMMAND_INVALID' });
        commands.push(parsed.data);
        return success(true);
      }
      case 'getUpdates':
        return getUpdates(body);
      case 'sendMessage':
        return sendMessage(body);
      case 'getChat':
        return getChat(body);
      case 'getChatMember':
        return getChatMember(body);
      case 'editMessageCaption':
        return editMessageCaption(body);
      case 'editMessageText':
        return editMessageText(body);
      case 'editMessageReplyMarkup':
        return editMessageReplyMarkup(body);
      case 'answerCallbackQuery':
        return answerCallbackQuery(body);
      default:
        return fail(method, undefined, { code: 404, description: 'Not Found' });
    }
  }, { keepAliveTimeoutMs: options.keepAliveMs });

  return {
    url: server.url,
    token,
    botUsername,
    botEnv: (chatIds) => ({ TELEGRAM_BOT_TOKEN: token, TELEGRAM_API_ROOT: server.url, TELEGRAM_CHAT_IDS: chatIds }),
    sent,
    sentTo: (chatId) => sent.filter((m) => m.chatId === String(chatId)),
    documents,
    errors,
    captionEdits,
    commands,
    edits,
    callbackAnswers,
    requests: server.requests,
    early,
    injectFaults: (...faults) => server.injectFaults(...faults),
    get pendingUpdates() {
      return updates.length;
    },
    sendText(chatId, text, textOptions = {}) {
      const id = String(chatId);
      const updateId = nextUpdateId++;
      const command = /^\/\S+/.exec(text);
      updates.push({
        update_id: updateId,
        message: {
          message_id: nextMessageId++,
          date: Math.floor(Date.now() / 1000),
          chat: chatOf(id, textOptions.chatType),
          from: { is_bot: false, ...(textOptions.from ?? { id: 4242, first_name: 'Lan', username: 'lan_shop' }) },
          text,
          ...(textOptions.threadId === undefined ? {} : { message_thread_id: textOptions.threadId, is_topic_message: true }),
          ...(command ? { entities: [{ type: 'bot_command', offset: 0, length: command[0].length }] } : {}),
        },
      });
      for (const wake of [...waiters]) wake();
      return updateId;
    },
    pressButton(chatId, messageId, pressOptions = {}) {
      const id = String(chatId);
      const message = sent.find((m) => m.chatId === id && m.messageId === messageId);
      const queryId = `cq-${nextQueryId++}`;
      openQueries.add(queryId);
      updates.push({
        update_id: nextUpdateId++,
        callback_query: {
          id: queryId,
          from: { is_bot: false, ...(pressOptions.from ?? { id: 4242, first_name: 'Lan', username: 'lan_shop' }) },
          chat_instance: `ci${id}`,
          data: pressOptions.data ?? message?.buttons[0]?.callbackData ?? 'ack',
          message: {
            message_id: messageId,
            date: Math.floor((message?.at ?? Date.now()) / 1000),
            chat: chatOf(id, pressOptions.chatType),
            text: message?.visible ?? 'a message',
            ...(message?.threadId === undefined ? {} : { message_thread_id: message.threadId, is_topic_message: true }),
            ...(message && message.buttons.length > 0
              ? { reply_markup: { inline_keyboard: [message.buttons.map((b) => ({ text: b.text, callback_data: b.callbackData }))] } }
              : {}),
          },
        },
      });
      for (const wake of [...waiters]) wake();
      return queryId;
    },
    deleteMessage(chatId, messageId) {
      deleted.add(`${chatId}/${messageId}`);
    },
    failNextSend(chatId, kind, failureOptions = {}) {
      const id = String(chatId);
      const queue = failures.get(id) ?? [];
      queue.push({ kind, options: failureOptions });
      failures.set(id, queue);
    },
    startOtherPoller() {
      otherPoller = true;
      for (const wake of [...waiters]) wake();
    },
    stopOtherPoller() {
      otherPoller = false;
    },
    addChat(chatId, chat = {}) {
      chats.set(String(chatId), chat);
    },
    async close() {
      for (const wake of [...waiters]) wake();
      await server.close();
    },
  };
}

/** Telegram leaves `entities` out of a Message that has none. */
function entitiesField(name: 'entities' | 'caption_entities', entities: readonly MessageEntity[]): Record<string, MessageEntity[]> {
  return entities.length === 0 ? {} : { [name]: [...entities] };
}

function tooMany(retryAfter: number): ErrorReply {
  return { code: 429, description: `Too Many Requests: retry after ${retryAfter}`, parameters: { retry_after: retryAfter } };
}

type ChatType = NonNullable<TextOptions['chatType']>;

function defaultChatType(chatId: string): ChatType {
  return Number(chatId) > 0 ? 'private' : chatId.startsWith('-100') ? 'supergroup' : 'group';
}

function chatOf(chatId: string, type?: ChatType): Record<string, unknown> {
  const id = Number(chatId);
  const chatType = type ?? defaultChatType(chatId);
  return chatType === 'private' ? { id, type: chatType, first_name: 'Lan' } : { id, type: chatType, title: 'Shop' };
}

/** Tags Telegram's HTML parse mode knows (Bot API "HTML style"). */
const TAGS = new Set([
  'b', 'strong', 'i', 'em', 'u', 'ins', 's', 'strike', 'del', 'code', 'pre', 'a', 'tg-spoiler', 'span', 'blockquote', 'tg-emoji',
]);
const NAMED_ENTITIES: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"' };
const ENTITY = /^&(?:([a-z]+)|#(\d+)|#x([0-9a-f]+));/i;
const ATTRIBUTE = /\s*([a-z-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/iy;

type HtmlResult = { ok: true; visible: string; entities: MessageEntity[] } | { ok: false; error: string };

/** The entity each tag makes (`code` inside `pre` is the block's language, not an entity of its own). */
function entityOf(name: string, attributes: ReadonlyMap<string, string>): Pick<MessageEntity, 'type' | 'url'> | undefined {
  switch (name) {
    case 'b':
    case 'strong':
      return { type: 'bold' };
    case 'i':
    case 'em':
      return { type: 'italic' };
    case 'u':
    case 'ins':
      return { type: 'underline' };
    case 's':
    case 'strike':
    case 'del':
      return { type: 'strikethrough' };
    case 'tg-spoiler':
    case 'span':
      return { type: 'spoiler' };
    case 'code':
      return { type: 'code' };
    case 'pre':
      return { type: 'pre' };
    case 'blockquote':
      return { type: attributes.has('expandable') ? 'expandable_blockquote' : 'blockquote' };
    case 'tg-emoji':
      return { type: 'custom_emoji' };
    case 'a': {
      const href = attributes.get('href') ?? '';
      return /^tg:\/\/user\?id=\d+$/.test(href) ? { type: 'text_mention' } : { type: 'text_link', url: href };
    }
    default:
      return undefined;
  }
}

/**
 * Parses text the way the Bot API's HTML parse mode does, strictly: only the documented tags
 * (properly nested, `a` with `href`, `span` only as `class="tg-spoiler"`, `tg-emoji` with
 * `emoji-id`), and every literal `<`, `>` and `&` written as an entity; only `&lt; &gt; &amp;
 * &quot;` and numeric entities exist. Returns the visible text with its entities (the tags'
 * formatting and what Telegram finds in the text by itself, see entities.ts), or why
 * Telegram would refuse.
 */
export function parseTelegramHtml(html: string): HtmlResult {
  const open: { name: string; start: number; entity: Pick<MessageEntity, 'type' | 'url'> | undefined }[] = [];
  const entities: MessageEntity[] = [];
  let visible = '';
  const at = (index: number): string => `byte offset ${Buffer.byteLength(html.slice(0, index))}`;
  const decode = (value: string, index: number): { ok: true; text: string } | { ok: false; error: string } => {
    let text = '';
    for (let i = 0; i < value.length; i++) {
      const ch = value.charAt(i);
      if (ch === '<' || ch === '>') return { ok: false, error: `Unexpected "${ch}" at ${at(index + i)}` };
      if (ch !== '&') {
        text += ch;
        continue;
      }
      const entity = ENTITY.exec(value.slice(i));
      const [whole = '', name, decimal, hex] = entity ?? [];
      const decoded =
        name !== undefined
          ? NAMED_ENTITIES[name.toLowerCase()]
          : decimal !== undefined
            ? codePoint(Number(decimal))
            : hex !== undefined
              ? codePoint(parseInt(hex, 16))
              : undefined;
      if (decoded === undefined) return { ok: false, error: `Unsupported HTML entity or unescaped "&" at ${at(index + i)}` };
      text += decoded;
      i += whole.length - 1;
    }
    return { ok: true, text };
  };

  let i = 0;
  while (i < html.length) {
    const lt = html.indexOf('<', i);
    const chunkEnd = lt === -1 ? html.length : lt;
    const chunk = decode(html.slice(i, chunkEnd), i);
    if (!chunk.ok) return chunk;
    visible += chunk.text;
    if (lt === -1) break;
    const gt = html.indexOf('>', lt);
    if (gt === -1) return { ok: false, error: `Can't find end of the tag starting at ${at(lt)}` };
    const tag = html.slice(lt + 1, gt);
    if (tag.startsWith('/')) {
      const name = tag.slice(1).trim().toLowerCase();
      const opened = open.pop();
      const expected = opened?.name;
      if (expected !== name) {
        return {
          ok: false,
          error: expected
            ? `Unmatched end tag at ${at(lt)}, expected "</${expected}>", found "</${name}>"`
            : `Unexpected end tag at ${at(lt)}`,
        };
      }
      const inPre = name === 'code' && open.at(-1)?.name === 'pre';
      if (opened?.entity && !inPre && visible.length > opened.start) {
        entities.push({ ...opened.entity, offset: opened.start, length: visible.length - opened.start });
      }
    } else {
      const match = /^([a-z][a-z0-9-]*)/i.exec(tag);
      const name = match?.[1]?.toLowerCase();
      if (!name || !TAGS.has(name)) return { ok: false, error: `Unsupported start tag "${name ?? tag}" at ${at(lt)}` };
      const attributes = parseAttributes(tag.slice(name.length));
      if (attributes === undefined) return { ok: false, error: `Can't parse attributes of tag "${name}" at ${at(lt)}` };
      if (name === 'a' && !attributes.has('href')) return { ok: false, error: `Tag "a" must have an href at ${at(lt)}` };
      if (name === 'span' && attributes.get('class') !== 'tg-spoiler') {
        return { ok: false, error: `Tag "span" must have class "tg-spoiler" at ${at(lt)}` };
      }
      if (name === 'tg-emoji' && !attributes.has('emoji-id')) return { ok: false, error: `Tag "tg-emoji" must have emoji-id at ${at(lt)}` };
      open.push({ name, start: visible.length, entity: entityOf(name, attributes) });
    }
    i = gt + 1;
  }
  const unclosed = open.pop();
  if (unclosed) return { ok: false, error: `Can't find end tag corresponding to start tag "${unclosed.name}"` };
  return { ok: true, visible, entities: messageEntities(visible, entities) };
}

function parseAttributes(source: string): Map<string, string> | undefined {
  const attributes = new Map<string, string>();
  let rest = source;
  while (rest.trim() !== '') {
    ATTRIBUTE.lastIndex = 0;
    const match = ATTRIBUTE.exec(rest);
    if (!match || match[0] === '') return undefined;
    const [whole, name = '', double, single, bare] = match;
    attributes.set(name.toLowerCase(), double ?? single ?? bare ?? '');
    rest = rest.slice(whole.length);
  }
  return attributes;
}

function codePoint(value: number): string | undefined {
  return Number.isInteger(value) && value >= 0 && value <= 0x10ffff ? String.fromCodePoint(value) : undefined;
}
