import { createHmac } from 'node:crypto';
import { z } from 'zod';
import { startFakeServer, type FakeReply, type FakeRequest, type FakeServer } from '../http.js';

/*
 * A fake of the Slack Web API and of `response_url`, served over real HTTP on a loopback port
 * so tests drive the real @slack/web-api and Bolt code (tech-notes §2.2):
 *
 *   const slack = await startFakeSlack({ botToken: 'xoxb-test' });
 *   slack.invite('C1');
 *   createSlackChat({ botToken: 'xoxb-test', apiUrl: slack.apiUrl, ... });
 *
 * - `POST /api/<method>`, form-encoded, token as `Authorization: Bearer` (or a `token` field).
 *   Errors are HTTP 200 `{ok:false, error}` like Slack's; a wrong token is `invalid_auth`.
 * - Every Web API answer carries the token's scopes in `x-oauth-scopes`, as Slack's do.
 * - `conversations.info` (`is_member`; `missing_scope` without channels:read/groups:read;
 *   `channel_not_found` for unknown channels and private ones the bot is not in).
 * - `auth.test`, `chat.postMessage` (records every post; `not_in_channel` unless the channel was
 *   `invite`d; checks the Block Kit limits and answers `invalid_blocks` / `msg_too_long` as Slack
 *   does, and `msg_blocks_too_long` past about 12 000 characters of text in all the blocks
 *   together, which Slack enforces without documenting it), `apps.connections.open` (Socket
 *   Mode; checks the app token).
 * - chat.postMessage's rate limit: about one message per second per channel after a short
 *   burst, answered with HTTP 429 and `Retry-After` as Slack does.
 * - `failNextPost(channel, kind)` makes the next post to that channel fail: 429 with `Retry-After`,
 *   HTTP 500, a dropped connection, or any Slack error code.
 * - `chat.update` (the bot's own posts only: `message_not_found` otherwise; the same limits as a
 *   post; records every update).
 * - `POST /respond/<id>` plays a slash command's `response_url` (JSON; five uses, then 404).
 * - The two-step file upload: `files.getUploadURLExternal` (needs files:write) hands out an
 *   upload URL on this fake, `POST /upload/<file id>` takes the bytes (exactly the length
 *   declared, else HTTP 400), and `files.completeUploadExternal` shares the uploaded file in a
 *   channel the bot is in, with its comment.
 * - `blockAction(...)` presses a button: a signed `block_actions` payload, as Slack sends it.
 */

/** What Slack's auth.test answers for the bot (Bolt keeps `user_id` and `bot_id`). */
export const FAKE_AUTH_TEST = {
  ok: true,
  url: 'https://shop.slack.com/',
  team: 'Shop',
  user: 'bankbell',
  team_id: 'T1',
  user_id: 'U1',
  bot_id: 'B1',
  is_enterprise_install: false,
} as const;

const MAX_TEXT_CHARS = 40_000;
const RESPONSE_URL_USES = 5;

// Block Kit as far as bankbell uses it, with Slack's documented limits.
const TextObject = z.object({ type: z.enum(['plain_text', 'mrkdwn']), text: z.string().min(1), verbatim: z.boolean().optional(), emoji: z.boolean().optional() });
const Block = z.discriminatedUnion('type', [
  z.object({ type: z.literal('header'), text: TextObject.extend({ type: z.literal('plain_text'), text: z.string().min(1).max(150) }) }),
  z.object({ type: z.literal('section'), text: TextObject.extend({ text: z.string().min(1).max(3000) }) }),
  z.object({ type: z.literal('context'), elements: z.array(TextObject.extend({ text: z.string().min(1).max(3000) })).min(1).max(10) }),
  z.object({ type: z.literal('divider') }),
  z.object({
    type: z.literal('actions'),
    block_id: z.string().max(255).optional(),
    elements: z
      .array(
        z.object({
          type: z.literal('button'),
          action_id: z.string().min(1).max(255),
          text: TextObject.extend({ type: z.literal('plain_text'), text: z.string().min(1).max(75) }),
          value: z.string().max(2000).optional(),
        }),
      )
      .min(1)
      .max(25),
  }),
]);
const Blocks = z.array(Block).min(1).max(50);
export type SlackBlock = z.infer<typeof Block>;

/**
 * Text Slack takes in one message's blocks together: it answers `msg_blocks_too_long` from about
 * 12 000 characters on, far below 50 sections of 3 000 (bolt-js issue 2509; the limit is not
 * documented, and counts headers, sections, context and button labels alike).
 */
const MAX_BLOCK_TEXT = 12_000;

function blockText(blocks: readonly SlackBlock[]): number {
  let chars = 0;
  for (const block of blocks) {
    if (block.type === 'header' || block.type === 'section') chars += block.text.text.length;
    else if (block.type === 'context') for (const element of block.elements) chars += element.text.length;
    else if (block.type === 'actions') for (const element of block.elements) chars += element.text.text.length;
  }
  return chars;
}

/** One chat.postMessage call the fake accepted. */
export interface SlackPost {
  channel: string;
  text: string;
  /** Parsed `blocks`, or null when the message was sent as text only. */
  blocks: SlackBlock[] | null;
  /** Parsed `metadata`, or null. */
  metadata: unknown;
  /** Every form field as sent (`unfurl_links`, `parse`, `link_names`, …). */
  form: URLSearchParams;
  ts: string;
  /** When the fake accepted it (ms since the epoch). */
  at: number;
}

/** One chat.update call the fake accepted: the message as it now reads. */
export interface SlackUpdate {
  channel: string;
  ts: string;
  text: string;
  blocks: SlackBlock[] | null;
}

/** One message posted to a response_url. */
export interface SlackResponse {
  id: string;
  response_type: string | undefined;
  text: string;
  body: Record<string, unknown>;
}

/** One file shared in a channel through the two-step upload. */
export interface SlackFile {
  id: string;
  filename: string;
  title: string | undefined;
  channel: string;
  threadTs: string | undefined;
  comment: string | undefined;
  bytes: Buffer;
}

export type PostFailure =
  | { kind: 'rate_limited'; retryAfterSeconds: number }
  | { kind: 'http_500' }
  | { kind: 'connection_reset' }
  | { kind: 'error'; error: string };

export interface FakeSlack {
  /** Base URL, no trailing slash. */
  url: string;
  /** What to give the WebClient as `slackApiUrl`. */
  apiUrl: string;
  /** The variables that point a bot's HTTP receiver on `port` at this fake, alerting `channels`. */
  botEnv(options: { channels: string; signingSecret: string; port: number }): Record<string, string>;
  server: FakeServer;
  /** Accepted posts, in order. */
  posts: SlackPost[];
  /** chat.postMessage calls that were answered with an error (after validation or injection). */
  refusedPosts: { channel: string; error: string }[];
  responses: SlackResponse[];
  /** Files shared with files.completeUploadExternal, in order. */
  files: SlackFile[];
  /** Accepted chat.update calls, in order. */
  updates: SlackUpdate[];
  /**
   * Web API calls that arrived before the time a 429 of this fake had named in `Retry-After`,
   * whatever method or channel: what a client that honours the wait never sends.
   */
  early: { method: string; at: number }[];
  /** The bot joins a channel: posts there succeed. */
  invite(channelId: string): void;
  /** A channel exists (the bot need not be in it), for conversations.info. Invited channels exist too. */
  addChannel(channelId: string, channel?: { name?: string; isPrivate?: boolean }): void;
  /** The next post to `channel` fails this way (queue several for several posts). */
  failNextPost(channel: string, failure: PostFailure): void;
  /** A fresh response_url on this fake. */
  responseUrl(id: string): string;
  close(): Promise<void>;
}

/** What a default app has: the manifest's scopes plus what conversations.info needs. */
export const FAKE_SLACK_SCOPES = ['chat:write', 'commands', 'files:write', 'channels:read', 'groups:read'] as const;

export interface FakeSlackOptions {
  botToken?: string;
  /** The bot token's scopes; default FAKE_SLACK_SCOPES. */
  scopes?: readonly string[];
  /** The app-level token apps.connections.open accepts (Socket Mode). */
  appToken?: string;
  /** Sustained chat.postMessage calls per second to one channel. Default 1. */
  perChannelPerSecond?: number;
  /** How many posts to one channel may go at once before the per-second limit bites. Default 3. */
  perChannelBurst?: number;
}

function platformError(error: string, extra: Record<string, unknown> = {}): FakeReply {
  return { status: 200, body: { ok: false, error, ...extra } };
}

function failureReply(failure: PostFailure): FakeReply {
  switch (failure.kind) {
    case 'rate_limited':
      return { status: 429, headers: { 'retry-after': String(failure.retryAfterSeconds) }, body: { ok: false, error: 'ratelimited' } };
    case 'http_500':
      return { status: 500, body: '<html><body>Internal Server Error</body></html>' };
    case 'connection_reset':
      return { status: 200, destroy: true };
    case 'error':
      return platformError(failure.error);
  }
}

function tokenOf(req: FakeRequest, form: URLSearchParams): string | null {
  const header = req.headers.authorization;
  if (typeof header === 'string' && header.startsWith('Bearer ')) return header.slice('Bearer '.length);
  return form.get('token');
}

function parseJson(value: string | null): unknown {
  if (value === null) return null;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return undefined;
  }
}

export async function startFakeSlack(options: FakeSlackOptions = {}): Promise<FakeSlack> {
  const botToken = options.botToken ?? 'xoxb-test-token';
  const scopes = options.scopes ?? FAKE_SLACK_SCOPES;
  const members = new Set<string>();
  const channels = new Map<string, { name: string; isPrivate: boolean }>();
  const failures = new Map<string, PostFailure[]>();
  const posts: SlackPost[] = [];
  const refusedPosts: { channel: string; error: string }[] = [];
  const responses: SlackResponse[] = [];
  const updates: SlackUpdate[] = [];
  const responseUses = new Map<string, number>();
  let tsCounter = 100;
  const perSecond = options.perChannelPerSecond ?? 1;
  const burst = options.perChannelBurst ?? 3;
  const buckets = new Map<string, { tokens: number; at: number }>();

  /** Per-channel token bucket: `burst` at once, then `perSecond`; the seconds to wait when empty. */
  function floodWait(channel: string, now: number): number | undefined {
    const bucket = buckets.get(channel) ?? { tokens: burst, at: now };
    bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * perSecond);
    bucket.at = now;
    buckets.set(channel, bucket);
    if (bucket.tokens < 1) return Math.max(1, Math.ceil((1 - bucket.tokens) / perSecond));
    bucket.tokens -= 1;
    return undefined;
  }

  function postMessage(form: URLSearchParams): FakeReply {
    const channel = form.get('channel') ?? '';
    const refuse = (error: string, extra: Record<string, unknown> = {}): FakeReply => {
      refusedPosts.push({ channel, error });
      return platformError(error, extra);
    };
    const injected = failures.get(channel)?.shift();
    if (injected) {
      refusedPosts.push({ channel, error: injected.kind === 'error' ? injected.error : injected.kind });
      return failureReply(injected);
    }
    if (channel === '') return refuse('channel_not_found');
    if (!members.has(channel)) return refuse('not_in_channel');
    const text = form.get('text') ?? '';
    const rawBlocks = form.get('blocks');
    let blocks: SlackBlock[] | null = null;
    if (rawBlocks !== null) {
      const parsed = Blocks.safeParse(parseJson(rawBlocks));
      if (!parsed.success) return refuse('invalid_blocks', { errors: parsed.error.issues.map((i) => `${i.path.join('/')}: ${i.message}`) });
      if (blockText(parsed.data) > MAX_BLOCK_TEXT) return refuse('msg_blocks_too_long');
      blocks = parsed.data;
    }
    if (text === '' && blocks === null) return refuse('no_text');
    if (text.length > MAX_TEXT_CHARS) return refuse('msg_too_long');
    const now = Date.now();
    const wait = floodWait(channel, now);
    if (wait !== undefined) {
      refusedPosts.push({ channel, error: 'rate_limited' });
      return failureReply({ kind: 'rate_limited', retryAfterSeconds: wait });
    }
    const ts = `1700000000.${String(tsCounter++).padStart(6, '0')}`;
    posts.push({ channel, text, blocks, metadata: parseJson(form.get('metadata')), form, ts, at: now });
    return { status: 200, body: { ok: true, channel, ts, message: { type: 'message', text, bot_id: FAKE_AUTH_TEST.bot_id, ts } } };
  }

  function updateMessage(form: URLSearchParams): FakeReply {
    const channel = form.get('channel') ?? '';
    const ts = form.get('ts') ?? '';
    const post = posts.find((p) => p.channel === channel && p.ts === ts);
    if (post === undefined) return platformError(members.has(channel) ? 'message_not_found' : 'channel_not_found');
    const rawBlocks = form.get('blocks');
    let blocks: SlackBlock[] | null = null;
    if (rawBlocks !== null) {
      const parsed = Blocks.safeParse(parseJson(rawBlocks));
      if (!parsed.success) return platformError('invalid_blocks');
      if (blockText(parsed.data) > MAX_BLOCK_TEXT) return platformError('msg_blocks_too_long');
      blocks = parsed.data;
    }
    const text = form.get('text') ?? '';
    if (text === '' && blocks === null) return platformError('no_text');
    post.text = text;
    post.blocks = blocks;
    updates.push({ channel, ts, text, blocks });
    return { status: 200, body: { ok: true, channel, ts, text } };
  }

  function conversationInfo(form: URLSearchParams): FakeReply {
    const readScopes = ['channels:read', 'groups:read', 'im:read', 'mpim:read'];
    if (!readScopes.some((scope) => scopes.includes(scope))) {
      return platformError('missing_scope', { needed: readScopes.join(','), provided: scopes.join(',') });
    }
    const id = form.get('channel') ?? '';
    const channel = channels.get(id);
    const member = members.has(id);
    // A private channel is invisible to a bot that is not in it, or lacks groups:read.
    if (!channel || (channel.isPrivate && (!member || !scopes.includes('groups:read')))) return platformError('channel_not_found');
    if (!channel.isPrivate && !scopes.includes('channels:read')) {
      return platformError('missing_scope', { needed: 'channels:read', provided: scopes.join(',') });
    }
    return {
      status: 200,
      body: {
        ok: true,
        channel: {
          id,
          name: channel.name,
          is_channel: !channel.isPrivate,
          is_group: false,
          is_im: false,
          is_private: channel.isPrivate,
          is_archived: false,
          is_member: member,
        },
      },
    };
  }

  function respond(id: string, req: FakeRequest): FakeReply {
    const uses = (responseUses.get(id) ?? 0) + 1;
    responseUses.set(id, uses);
    if (uses > RESPONSE_URL_USES) return { status: 404, body: 'used_url' };
    const body = z.record(z.string(), z.unknown()).parse(JSON.parse(req.body));
    if (body.blocks !== undefined && !Blocks.safeParse(body.blocks).success) return { status: 400, body: 'invalid_blocks' };
    const text = typeof body.text === 'string' ? body.text : '';
    const type = typeof body.response_type === 'string' ? body.response_type : undefined;
    responses.push({ id, response_type: type, text, body });
    return { status: 200, body: 'ok' };
  }

  const uploads = new Map<string, { filename: string; length: number; bytes: Buffer | null }>();
  const files: SlackFile[] = [];
  let fileCounter = 1;

  function getUploadUrl(form: URLSearchParams): FakeReply {
    if (!scopes.includes('files:write')) return platformError('missing_scope', { needed: 'files:write', provided: scopes.join(',') });
    const filename = form.get('filename') ?? '';
    const length = Number(form.get('length'));
    if (filename === '') return platformError('invalid_arguments');
    if (!Number.isInteger(length) || length <= 0) return platformError('invalid_arguments');
    const id = `F0FAKE${fileCounter++}`;
    uploads.set(id, { filename, length, bytes: null });
    return { status: 200, body: { ok: true, upload_url: `${server.url}/upload/${id}`, file_id: id } };
  }

  function receiveUpload(id: string, req: FakeRequest): FakeReply {
    const upload = uploads.get(id);
    if (!upload) return { status: 404, body: 'unknown upload' };
    // The raw bytes: an image is not UTF-8 text.
    const bytes = req.raw;
    if (bytes.length !== upload.length) return { status: 400, body: `length mismatch: declared ${upload.length}, received ${bytes.length}` };
    upload.bytes = bytes;
    return { status: 200, body: `OK - ${bytes.length}` };
  }

  function completeUpload(form: URLSearchParams): FakeReply {
    const listed = z.array(z.object({ id: z.string(), title: z.string().optional() })).min(1).safeParse(parseJson(form.get('files')));
    if (!listed.success) return platformError('invalid_arguments');
    const channel = form.get('channel_id');
    if (channel !== null && !members.has(channel)) return platformError('not_in_channel');
    const done: SlackFile[] = [];
    for (const { id, title } of listed.data) {
      const upload = uploads.get(id);
      if (!upload?.bytes) return platformError('file_not_found');
      done.push({
        id,
        filename: upload.filename,
        title,
        channel: channel ?? '',
        threadTs: form.get('thread_ts') ?? undefined,
        comment: form.get('initial_comment') ?? undefined,
        bytes: upload.bytes,
      });
    }
    for (const file of done) uploads.delete(file.id);
    files.push(...done);
    return { status: 200, body: { ok: true, files: done.map((f) => ({ id: f.id, name: f.filename, title: f.title ?? f.filename })) } };
  }

  const withScopes = (reply: FakeReply): FakeReply => ({ ...reply, headers: { ...reply.headers, 'x-oauth-scopes': scopes.join(',') } });

  const early: { method: string; at: number }[] = [];
  /** Until when the last 429 asked the bot to wait. */
  let heldUntil = Number.NEGATIVE_INFINITY;

  const server = await startFakeServer((req) => {
    const reply = answer(req);
    const retryAfter = reply.status === 429 ? Number(reply.headers?.['retry-after']) : NaN;
    if (Number.isFinite(retryAfter)) heldUntil = Math.max(heldUntil, Date.now() + retryAfter * 1000);
    return reply;
  });

  function answer(req: FakeRequest): FakeReply {
    const respondMatch = /^\/respond\/([\w-]+)$/.exec(req.path);
    if (req.method === 'POST' && respondMatch?.[1] !== undefined) return respond(respondMatch[1], req);
    const uploadMatch = /^\/upload\/(\w+)$/.exec(req.path);
    if (req.method === 'POST' && uploadMatch?.[1] !== undefined) return receiveUpload(uploadMatch[1], req);
    const apiMatch = /^\/api\/([\w.]+)$/.exec(req.path);
    if (req.method !== 'POST' || apiMatch?.[1] === undefined) return { status: 404, body: 'not found' };
    const method = apiMatch[1];
    const at = Date.now();
    if (at < heldUntil) early.push({ method, at });
    const form = new URLSearchParams(req.body);
    const token = tokenOf(req, form);
    if (method === 'apps.connections.open') {
      if (token === null) return platformError('not_authed');
      return token === options.appToken ? { status: 200, body: { ok: true, url: 'ws://127.0.0.1:9/link' } } : platformError('invalid_auth');
    }
    if (token === null) return platformError('not_authed');
    if (token !== botToken) return platformError('invalid_auth');
    switch (method) {
      case 'auth.test':
        return withScopes({ status: 200, body: FAKE_AUTH_TEST });
      case 'chat.postMessage':
        return withScopes(postMessage(form));
      case 'conversations.info':
        return withScopes(conversationInfo(form));
      case 'files.getUploadURLExternal':
        return withScopes(getUploadUrl(form));
      case 'files.completeUploadExternal':
        return withScopes(completeUpload(form));
      case 'chat.update':
        return withScopes(updateMessage(form));
      default:
        return platformError('unknown_method');
    }
  }

  return {
    url: server.url,
    apiUrl: `${server.url}/api/`,
    botEnv: ({ channels, signingSecret, port }) => ({
      SLACK_BOT_TOKEN: botToken,
      SLACK_SIGNING_SECRET: signingSecret,
      SLACK_CHANNEL_IDS: channels,
      SLACK_API_URL: `${server.url}/api/`,
      SLACK_PORT: String(port),
    }),
    server,
    posts,
    refusedPosts,
    responses,
    files,
    updates,
    early,
    invite(channelId) {
      members.add(channelId);
      if (!channels.has(channelId)) channels.set(channelId, { name: 'alerts', isPrivate: channelId.startsWith('G') });
    },
    addChannel(channelId, channel = {}) {
      channels.set(channelId, { name: channel.name ?? 'alerts', isPrivate: channel.isPrivate ?? channelId.startsWith('G') });
    },
    failNextPost(channel, failure) {
      const queue = failures.get(channel) ?? [];
      queue.push(failure);
      failures.set(channel, queue);
    },
    responseUrl: (id) => `${server.url}/respond/${id}`,
    close: () => server.close(),
  };
}

export interface SlashCommandFields {
  command: string;
  text: string;
  channel_id: string;
  user_id?: string;
  user_name?: string;
  response_url: string;
}

/**
 * Sends a slash command to Bolt's HTTP receiver (`<receiverUrl>/slack/events`) the way Slack
 * does: the bare form content type and a v0 signature (HMAC-SHA256 of `v0:<ts>:<body>`).
 * `badSignature` signs with the wrong secret. Returns the HTTP answer, i.e. the ack.
 */
export async function slashCommand(
  receiverUrl: string,
  signingSecret: string,
  fields: SlashCommandFields,
  options: { badSignature?: boolean } = {},
): Promise<{ status: number; body: string; elapsedMs: number }> {
  const body = new URLSearchParams({
    token: 'deprecated-verification-token',
    team_id: FAKE_AUTH_TEST.team_id,
    team_domain: 'shop',
    channel_id: fields.channel_id,
    channel_name: 'alerts',
    user_id: fields.user_id ?? 'U42',
    user_name: fields.user_name ?? 'cashier',
    command: fields.command,
    text: fields.text,
    api_app_id: 'A1',
    is_enterprise_install: 'false',
    response_url: fields.response_url,
    trigger_id: '1.2.3',
  }).toString();
  return signedPost(receiverUrl, options.badSignature ? `${signingSecret}-wrong` : signingSecret, body);
}

export interface BlockActionFields {
  channel_id: string;
  /** The pressed message's `ts`. */
  message_ts: string;
  action_id: string;
  user_id?: string;
  user_name?: string;
  /** The message's blocks as Slack sends them back with the press. */
  blocks?: unknown[];
}

/**
 * Presses a button the way Slack does: a `block_actions` payload, JSON in the form field
 * `payload`, posted to `<receiverUrl>/slack/events` and signed like a slash command.
 */
export async function blockAction(
  receiverUrl: string,
  signingSecret: string,
  fields: BlockActionFields,
  options: { badSignature?: boolean } = {},
): Promise<{ status: number; body: string; elapsedMs: number }> {
  const userId = fields.user_id ?? 'U42';
  const payload = {
    type: 'block_actions',
    user: { id: userId, username: fields.user_name ?? 'cashier', name: fields.user_name ?? 'cashier', team_id: FAKE_AUTH_TEST.team_id },
    api_app_id: 'A1',
    token: 'deprecated-verification-token',
    container: { type: 'message', message_ts: fields.message_ts, channel_id: fields.channel_id, is_ephemeral: false },
    trigger_id: '1.2.3',
    team: { id: FAKE_AUTH_TEST.team_id, domain: 'shop' },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: fields.channel_id, name: 'alerts' },
    message: { type: 'message', user: FAKE_AUTH_TEST.user_id, ts: fields.message_ts, bot_id: FAKE_AUTH_TEST.bot_id, text: 'alert', blocks: fields.blocks ?? [] },
    state: { values: {} },
    response_url: `${receiverUrl}/unused-response-url`,
    actions: [
      { action_id: fields.action_id, block_id: fields.action_id, text: { type: 'plain_text', text: 'button', emoji: true }, value: 'ack', type: 'button', action_ts: String(Date.now() / 1000) },
    ],
  };
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  return signedPost(receiverUrl, options.badSignature ? `${signingSecret}-wrong` : signingSecret, body);
}

/** Posts a form body to Bolt's receiver with Slack's v0 signature (HMAC-SHA256 of `v0:<ts>:<body>`). */
async function signedPost(receiverUrl: string, secret: string, body: string): Promise<{ status: number; body: string; elapsedMs: number }> {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  const started = Date.now();
  const response = await fetch(`${receiverUrl}/slack/events`, {
    method: 'POST',
    // Exactly this: Bolt compares the content type with ===.
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': timestamp,
      'x-slack-signature': signature,
    },
    body,
  });
  const text = await response.text();
  return { status: response.status, body: text, elapsedMs: Date.now() - started };
}
