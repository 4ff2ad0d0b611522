import { request } from 'undici';
import { z } from 'zod';
import { startFakeServer, type FakeReply, type FakeServer } from '../http.js';

/*
 * A fake Zalo Bot API (Zalo Bot Platform), served over real HTTP on a loopback port so tests
 * drive the bot's own undici client against it. It behaves as the published clients of the API
 * show (docs/zalo.md): `POST /bot<token>/<method>` with a JSON body, the `{ok, result}` envelope,
 * errors as `{ok:false, error_code, description}` with the code as HTTP status, 401 for a wrong
 * token; `getUpdates` hands out at most one update per call (an object, not an array) and forgets
 * it, and answers 408 "Request timeout" when none came in time; chat ids are strings; a text or
 * caption is 1 to 2000 characters (UTF-16 units); no markup is asked for; `sendPhoto` takes the
 * photo as a URL, which the fake fetches as Zalo does (a URL it cannot fetch, or that is not a
 * PNG or JPEG, is refused). A bot can write only to people who wrote to it: another chat id is 404
 * "chat not found", and a person who blocked the bot gives 403. Flood limits (the fake's; Zalo
 * publishes none): one message a second per chat and 20 a second across the bot, answered with
 * 429, `retry_after` in `parameters` and in the description.
 *
 *   const zalo = await startFakeZalo();
 *   zalo.sendText('e4ea2cd5189df1c3a88c', '/balance');   // a person writes to the bot
 *   zalo.failNext('e4ea2cd5189df1c3a88c', 'blocked');      // the next send there gets a 403
 *   zalo.sentTo('e4ea2cd5189df1c3a88c')[0]?.text;          // what the person sees
 */

export interface FakeZaloOptions {
  /** The token the fake accepts. Default `1459232241454765289:TestZaloAccessToken`. */
  token?: string;
  /** Longest a `getUpdates` with no update waits before answering 408. Default 200 ms. */
  holdMs?: number;
  /** Sustained messages per second to one chat. Default 1. */
  perChatPerSecond?: number;
  /** How many messages to one chat may go at once before the per-second limit bites. Default 1. */
  perChatBurst?: number;
  /** Messages the bot may send per rolling second across all chats. Default 20. */
  perBotPerSecond?: number;
}

/** One message the fake accepted. */
export interface ZaloSent {
  chatId: string;
  messageId: string;
  /** The text, or a photo's caption (empty when it has none). */
  text: string;
  /** A `parse_mode` asked for (the bot never asks for one). */
  parseMode: string | undefined;
  at: number;
  /** `sendPhoto`: the URL given, and the bytes the fake fetched from it. */
  photo?: { url: string; bytes: Buffer };
}

/** One error answer the fake gave. */
export interface ZaloError {
  method: string;
  chatId: string | undefined;
  errorCode: number;
  description: string;
}

/** What the next send to a chat runs into. */
export type ZaloFailureKind = 'rate_limit' | 'proxy_rate_limit' | 'server_error' | 'bad_gateway' | 'network' | 'blocked' | 'unknown_chat' | 'rejected' | 'not_json';

export interface ZaloFailureOptions {
  /** `rate_limit`: seconds in `retry_after`; `proxy_rate_limit`: in `Retry-After`. Default 3. */
  retryAfter?: number;
}

export interface ZaloTextOptions {
  /** The sender's name as Zalo shows it. Default `Lan`. */
  displayName?: string;
  /** Default `PRIVATE`. */
  chatType?: 'PRIVATE' | 'GROUP';
  /** The sender's id; default the chat's (a private chat is named by its person). */
  fromId?: string;
}

export interface FakeZalo {
  /** The API root, as ZALO_API_ROOT takes it. */
  url: string;
  token: string;
  /** The variables that point a bot at this fake, alerting `chatIds` (as ZALO_CHAT_IDS takes them). */
  botEnv(chatIds: string): Record<string, string>;
  /** Every accepted message and photo, in order. */
  sent: ZaloSent[];
  sentTo(chatId: string): ZaloSent[];
  /** Every error answer, in order. */
  errors: ZaloError[];
  /** Calls (other than getUpdates) that arrived before the time a 429 of this fake had named. */
  early: { method: string; at: number }[];
  /** Every `sendChatAction`'s chat, in order. */
  chatActions: string[];
  /** How many `getUpdates` calls arrived. */
  readonly polls: number;
  /** Updates waiting to be handed out. */
  readonly pendingUpdates: number;
  /** A person writes `text` to the bot in `chatId`; the chat becomes one the bot may write to. */
  sendText(chatId: string, text: string, options?: ZaloTextOptions): void;
  /** A person sends the bot a sticker (`message.sticker.received`). */
  sendSticker(chatId: string, options?: ZaloTextOptions): void;
  /** Hands out `update` as it is on the next getUpdates (a malformed one, an unknown event). */
  queueRaw(update: unknown): void;
  /** A chat the bot may write to without anyone having written first (a person who wrote earlier). */
  addChat(chatId: string): void;
  /** The person blocks the bot: every send there answers 403 from now on. */
  block(chatId: string): void;
  /** Makes the next send (sendMessage, sendPhoto, sendChatAction) to `chatId` fail as `kind`. */
  failNext(chatId: string, kind: ZaloFailureKind, options?: ZaloFailureOptions): void;
  /** A webhook is set: getWebhookInfo names it, getUpdates refuses to run. */
  setWebhook(url: string): void;
  close(): Promise<void>;
}

const MAX_TEXT = 2000;
const ChatId = z.string().min(1);
const SendMessageBody = z.object({ chat_id: ChatId, text: z.string(), parse_mode: z.string().optional() });
const SendPhotoBody = z.object({ chat_id: ChatId, photo: z.string().url(), caption: z.string().optional() });
const ChatActionBody = z.object({ chat_id: ChatId, action: z.literal('typing') });
/** Zalo's docs type `timeout` as a string of seconds; clients send either. */
const GetUpdatesBody = z.object({ timeout: z.union([z.string().regex(/^\d+$/), z.number().int().nonnegative()]).optional() });

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const JPEG = Buffer.from([0xff, 0xd8, 0xff]);

type ErrorReply = { code: number; description: string; parameters?: Record<string, number> };

const FAILURES: Record<'server_error' | 'blocked' | 'unknown_chat' | 'rejected', ErrorReply> = {
  server_error: { code: 500, description: 'Internal Server Error' },
  blocked: { code: 403, description: 'Forbidden: the user has blocked the bot' },
  unknown_chat: { code: 404, description: 'Not Found: chat not found' },
  rejected: { code: 400, description: 'Bad Request: invalid message' },
};

export async function startFakeZalo(options: FakeZaloOptions = {}): Promise<FakeZalo> {
  const token = options.token ?? '1459232241454765289:TestZaloAccessToken';
  const botId = token.split(':')[0] ?? '0';
  const holdMs = options.holdMs ?? 200;
  const perSecond = options.perChatPerSecond ?? 1;
  const burst = options.perChatBurst ?? 1;
  const botLimit = options.perBotPerSecond ?? 20;

  const sent: ZaloSent[] = [];
  const errors: ZaloError[] = [];
  const early: { method: string; at: number }[] = [];
  const chatActions: string[] = [];
  const updates: unknown[] = [];
  const waiters = new Set<() => void>();
  const known = new Set<string>();
  const blocked = new Set<string>();
  const failures = new Map<string, { kind: ZaloFailureKind; options: ZaloFailureOptions }[]>();
  const buckets = new Map<string, { tokens: number; at: number }>();
  const passed: number[] = [];
  let heldUntil = Number.NEGATIVE_INFINITY;
  let nextMessage = 1;
  let polls = 0;
  let webhook = '';

  const fail = (method: string, chatId: string | undefined, e: ErrorReply): FakeReply => {
    errors.push({ method, chatId, errorCode: e.code, description: e.description });
    const retryAfter = e.parameters?.retry_after;
    if (retryAfter !== undefined) heldUntil = Math.max(heldUntil, Date.now() + retryAfter * 1000);
    return { status: e.code, body: { ok: false, error_code: e.code, description: e.description, ...(e.parameters ? { parameters: e.parameters } : {}) } };
  };
  const success = (result?: unknown): FakeReply => ({ status: 200, body: result === undefined ? { ok: true } : { ok: true, result } });
  const tooMany = (seconds: number): ErrorReply => ({ code: 429, description: `Too Many Requests: retry after ${seconds}`, parameters: { retry_after: seconds } });

  function floodCheck(chatId: string, now: number): ErrorReply | undefined {
    const bucket = buckets.get(chatId) ?? { tokens: burst, at: now };
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * perSecond);
    bucket.at = now;
    buckets.set(chatId, bucket);
    if (bucket.tokens < 1) return tooMany(Math.max(1, Math.ceil((1 - bucket.tokens) / perSecond)));
    if (passed.filter((at) => at > now - 1000).length >= botLimit) return tooMany(1);
    bucket.tokens -= 1;
    passed.push(now);
    if (passed.length > botLimit) passed.shift();
    return undefined;
  }

  /** What a send to `chatId` runs into before it is looked at: an injected failure, a block, an unknown chat. */
  function refused(method: string, chatId: string): FakeReply | undefined {
    const failure = failures.get(chatId)?.shift();
    if (failure !== undefined) {
      switch (failure.kind) {
        case 'network':
          return { status: 0, destroy: true };
        case 'bad_gateway':
          errors.push({ method, chatId, errorCode: 502, description: 'Bad Gateway' });
          return { status: 502, body: '<html><body><h1>502 Bad Gateway</h1></body></html>' };
        case 'not_json':
          errors.push({ method, chatId, errorCode: 200, description: 'not JSON' });
          return { status: 200, body: '<html>maintenance</html>' };
        case 'rate_limit':
          return fail(method, chatId, tooMany(failure.options.retryAfter ?? 3));
        case 'proxy_rate_limit': {
          // A proxy in front of the API: an HTML page and a Retry-After header.
          const seconds = failure.options.retryAfter ?? 3;
          errors.push({ method, chatId, errorCode: 429, description: 'proxy: Too Many Requests' });
          heldUntil = Math.max(heldUntil, Date.now() + seconds * 1000);
          return { status: 429, headers: { 'retry-after': String(seconds) }, body: '<html><body>429 Too Many Requests</body></html>' };
        }
        default:
          return fail(method, chatId, FAILURES[failure.kind]);
      }
    }
    if (blocked.has(chatId)) return fail(method, chatId, FAILURES.blocked);
    if (!known.has(chatId)) return fail(method, chatId, FAILURES.unknown_chat);
    return undefined;
  }

  const sentResult = (message: ZaloSent) => ({ message_id: message.messageId, date: message.at });
  const newId = () => `${(nextMessage++).toString(16).padStart(6, '0')}f3cb2a${Date.now().toString(16)}`;

  function sendMessage(body: unknown): FakeReply {
    const parsed = SendMessageBody.safeParse(body);
    if (!parsed.success) return fail('sendMessage', undefined, { code: 400, description: 'Bad Request: chat_id and text are required' });
    const { chat_id: chatId, text, parse_mode: parseMode } = parsed.data;
    const refusal = refused('sendMessage', chatId);
    if (refusal) return refusal;
    if (text.length < 1 || text.length > MAX_TEXT) return fail('sendMessage', chatId, { code: 400, description: 'Bad Request: text must be 1 to 2000 characters' });
    const now = Date.now();
    const flood = floodCheck(chatId, now);
    if (flood) return fail('sendMessage', chatId, flood);
    const message: ZaloSent = { chatId, messageId: newId(), text, parseMode, at: now };
    sent.push(message);
    return success(sentResult(message));
  }

  async function sendPhoto(body: unknown): Promise<FakeReply> {
    const parsed = SendPhotoBody.safeParse(body);
    if (!parsed.success) return fail('sendPhoto', undefined, { code: 400, description: 'Bad Request: chat_id and photo (a URL) are required' });
    const { chat_id: chatId, photo, caption } = parsed.data;
    const refusal = refused('sendPhoto', chatId);
    if (refusal) return refusal;
    if (caption !== undefined && (caption.length < 1 || caption.length > MAX_TEXT)) {
      return fail('sendPhoto', chatId, { code: 400, description: 'Bad Request: caption must be 1 to 2000 characters' });
    }
    const bytes = await fetchImage(photo);
    if (bytes === null) return fail('sendPhoto', chatId, { code: 400, description: 'Bad Request: cannot get the photo from its URL' });
    const now = Date.now();
    const flood = floodCheck(chatId, now);
    if (flood) return fail('sendPhoto', chatId, flood);
    const message: ZaloSent = { chatId, messageId: newId(), text: caption ?? '', parseMode: undefined, at: now, photo: { url: photo, bytes } };
    sent.push(message);
    return success(sentResult(message));
  }

  function sendChatAction(body: unknown): FakeReply {
    const parsed = ChatActionBody.safeParse(body);
    if (!parsed.success) return fail('sendChatAction', undefined, { code: 400, description: 'Bad Request: chat_id and action are required' });
    const chatId = parsed.data.chat_id;
    const refusal = refused('sendChatAction', chatId);
    if (refusal) return refusal;
    chatActions.push(chatId);
    return success();
  }

  async function getUpdates(body: unknown): Promise<FakeReply> {
    polls += 1;
    const parsed = GetUpdatesBody.safeParse(body);
    if (!parsed.success) return fail('getUpdates', undefined, { code: 400, description: 'Bad Request: timeout must be a number of seconds' });
    if (webhook !== '') return fail('getUpdates', undefined, { code: 400, description: 'Bad Request: getUpdates is not available while a webhook is set' });
    const timeoutMs = Number(parsed.data.timeout ?? 30) * 1000;
    if (updates.length === 0 && timeoutMs > 0) {
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          waiters.delete(done);
          resolve();
        };
        const timer = setTimeout(done, Math.min(timeoutMs, holdMs));
        waiters.add(done);
      });
    }
    const update = updates.shift();
    // No update in time: Zalo answers 408, which is no error.
    if (update === undefined) return { status: 408, body: { ok: false, error_code: 408, description: 'Request timeout' } };
    return success(update);
  }

  const server: FakeServer = await startFakeServer(async (req) => {
    const route = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(req.path);
    if (!route) return fail('', undefined, { code: 404, description: 'Not Found' });
    const [, givenToken, method = ''] = route;
    if (givenToken !== token) return fail(method, undefined, { code: 401, description: 'Unauthorized' });
    const at = Date.now();
    if (method !== 'getUpdates' && at < heldUntil) early.push({ method, at });
    let body: unknown;
    try {
      body = req.body === '' ? {} : JSON.parse(req.body);
    } catch {
      return fail(method, undefined, { code: 400, description: 'Bad Request: invalid JSON' });
    }
    switch (method) {
      case 'getMe':
        return success({ id: botId, account_name: 'bot.bankbell', account_type: 'BASIC', can_join_groups: false, display_name: 'Bot bankbell' });
      case 'getUpdates':
        return getUpdates(body);
      case 'sendMessage':
        return sendMessage(body);
      case 'sendPhoto':
        return sendPhoto(body);
      case 'sendChatAction':
        return sendChatAction(body);
      case 'getWebhookInfo':
        return success({ url: webhook, updated_at: Date.now() });
      case 'deleteWebhook':
        webhook = '';
        return success({ url: '', updated_at: Date.now() });
      default:
        return fail(method, undefined, { code: 404, description: 'Not Found' });
    }
  });

  function queue(update: unknown): void {
    updates.push(update);
    for (const wake of [...waiters]) wake();
  }

  function message(chatId: string, options: ZaloTextOptions, fields: Record<string, unknown>) {
    known.add(chatId);
    return {
      message_id: newId(),
      date: Date.now(),
      chat: { id: chatId, chat_type: options.chatType ?? 'PRIVATE' },
      from: { id: options.fromId ?? chatId, display_name: options.displayName ?? 'Lan', is_bot: false },
      ...fields,
    };
  }

  return {
    url: server.url,
    token,
    botEnv: (chatIds) => ({ ZALO_BOT_TOKEN: token, ZALO_API_ROOT: server.url, ZALO_CHAT_IDS: chatIds }),
    sent,
    sentTo: (chatId) => sent.filter((m) => m.chatId === chatId),
    errors,
    early,
    chatActions,
    get polls() {
      return polls;
    },
    get pendingUpdates() {
      return updates.length;
    },
    sendText(chatId, text, textOptions = {}) {
      queue({ event_name: 'message.text.received', message: message(chatId, textOptions, { text }) });
    },
    sendSticker(chatId, textOptions = {}) {
      queue({ event_name: 'message.sticker.received', message: message(chatId, textOptions, { sticker: 'bfe4d3d9d59c3cc2658d', url: 'https://zalo.example/sticker.webp' }) });
    },
    queueRaw: queue,
    addChat(chatId) {
      known.add(chatId);
    },
    block(chatId) {
      blocked.add(chatId);
    },
    failNext(chatId, kind, failureOptions = {}) {
      const queued = failures.get(chatId) ?? [];
      queued.push({ kind, options: failureOptions });
      failures.set(chatId, queued);
    },
    setWebhook(url) {
      webhook = url;
    },
    async close() {
      for (const wake of [...waiters]) wake();
      await server.close();
    },
  };
}

/** The photo at `url` as Zalo's servers would fetch it: its bytes when it is a PNG or JPEG, else null. */
async function fetchImage(url: string): Promise<Buffer | null> {
  try {
    const response = await request(url, { method: 'GET', headersTimeout: 2_000, bodyTimeout: 2_000 });
    const bytes = Buffer.from(await response.body.arrayBuffer());
    if (response.statusCode !== 200) return null;
    return bytes.subarray(0, PNG.length).equals(PNG) || bytes.subarray(0, JPEG.length).equals(JPEG) ? bytes : null;
  } catch {
    return null;
  }
}
