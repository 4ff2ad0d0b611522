import { App, LogLevel, type webApi } from '@slack/bolt';
import type { CommandAnswer, CommandListing, CommandRequest } from '../../core/command.js';
import type { PressAnswer, PressRequest } from '../../core/press.js';
import { backoffDelay, type RetryPolicy } from '../../http/backoff.js';
import type { Logger } from '../../log/logger.js';
import type { RenderContext } from '../../render/messages.js';
import type { ConnectedChat } from '../../core/chat.js';
import { boltLogger } from './bolt-logger.js';
import { createHttpReceiver } from './http-receiver.js';
import { handleSlackPress } from './slack-ack.js';
import { ACK_ACTION_ID } from './slack-ack-blocks.js';
import { answerSlashCommand, slackCommands } from './slack-commands.js';
import { postLiveAnswer } from './slack-live.js';
import type { ChatDeps } from '../chat-deps.js';
import { postQrRequest } from './slack-qr.js';
import { describeSlackError, isAuthFailure } from './slack-errors.js';
import { holdOnRetryAfter } from './retry-after-hold.js';
import { within } from '../within.js';
import { uploadSlackFile } from './slack-file-upload.js';
import { createSlackSender } from './slack-sender.js';

export interface SlackChatOptions {
  botToken: string;
  /** Verifies slash-command requests on the HTTP receiver; unused in Socket Mode. */
  signingSecret: string | null;
  /** An app-level token (`xapp-…`): set → Socket Mode instead of the HTTP receiver. */
  appToken: string | null;
  /** Port of the HTTP receiver (`POST /slack/events`); 0 picks a free one (tests). */
  port: number;
  /** Web API root, ending with `/`. */
  apiUrl: string;
  logger: Logger;
  render: RenderContext;
  isAllowed: (channelId: string) => boolean;
  /** SLACK_ADMIN_USER_IDS: who may change chat rules; null = anyone in an allowed channel. */
  adminUserIds?: readonly string[] | null;
  /** Every command (the registry's listings); Slack routes those every chat has. */
  commands: readonly CommandListing[];
  answer: (request: CommandRequest) => Promise<CommandAnswer>;
  /** Records a press on an alert's acknowledge button; absent, presses are acked and left alone. */
  acknowledge?: (request: PressRequest) => Promise<PressAnswer>;
  /** Waits between start-up attempts while Slack cannot be reached. */
  startRetry?: RetryPolicy;
  /** Sends a message in its turn in its channel's send budget (`ChatDeps.inTurn`): what an answer posts as the bot's own message takes it. */
  inTurn: ChatDeps['inTurn'];
}

/** `start()` checks the token first; `port` is null in Socket Mode or when not listening (yet). */
export type SlackChat = Omit<ConnectedChat, 'targets'>;

/** Web API calls and response_url posts give up after this; the outbox retries alerts. */
const REQUEST_TIMEOUT_MS = 10_000;
/** How long stop() waits for the receiver to close and answers in progress to be sent. */
const STOP_GRACE_MS = 5_000;
const DEFAULT_START_RETRY: RetryPolicy = { attempts: Infinity, baseDelayMs: 2_000, maxDelayMs: 5 * 60_000 };

const BOT_TOKEN_FIX =
  "SLACK_BOT_TOKEN is not accepted: copy the Bot User OAuth Token (xoxb-…) from the app's OAuth & Permissions page (reinstall the app if it was revoked) and restart; alerts wait until then";
const APP_TOKEN_FIX =
  'check SLACK_APP_TOKEN: an app-level token (xapp-…) with the connections:write scope from Basic Information → App-Level Tokens, with Socket Mode turned on; or unset it to use the HTTP receiver';

/** response_url posts go through plain fetch with no timeout of their own; give them one. */
const fetchWithTimeout: webApi.FetchFunction = (url, init) =>
  fetch(url, { ...init, signal: init?.signal ?? AbortSignal.timeout(REQUEST_TIMEOUT_MS) });

/**
 * Slack through Bolt: a sender for the outbox (chat.postMessage) and the slash commands
 * `/balance`, `/find`, `/help`, over the HTTP receiver or Socket Mode.
 */
export function createSlackChat(options: SlackChatOptions): SlackChat {
  const logger = options.logger.child({ chat: 'slack' });
  const socketMode = options.appToken !== null;
  const bolt = boltLogger(logger);
  // The config requires a signing secret unless Socket Mode is on.
  const http =
    !socketMode && options.signingSecret !== null
      ? createHttpReceiver({ signingSecret: options.signingSecret, logger, boltLogger: bolt })
      : null;
  const app = new App({
    token: options.botToken,
    ...(socketMode ? { socketMode: true, appToken: options.appToken ?? undefined } : {}),
    ...(http ? { receiver: http.receiver } : {}),
    processBeforeResponse: false,
    // auth.test runs in init(), where a bad token is a catchable rejection, not an unhandled one.
    deferInitialization: true,
    convoStore: false,
    logger: bolt,
    logLevel: LogLevel.INFO,
    clientOptions: {
      slackApiUrl: options.apiUrl,
      // The persistent outbox owns retries: no duplicate posts from in-library retries, and a 429
      // must not pause the whole client.
      retryConfig: { retries: 0 },
      timeout: REQUEST_TIMEOUT_MS,
      rejectRateLimitedCalls: true,
      fetch: holdOnRetryAfter(options.apiUrl, fetchWithTimeout),
    },
  });

  const inFlight = new Set<Promise<void>>();
  const commands = slackCommands(options.commands);
  app.command(/.*/, async ({ command, ack, respond, client }) => {
    // Ack first (Slack gives up after 3 s); the answer follows through response_url.
    try {
      await ack();
    } catch (error) {
      logger.warn('slack.ack_failed', { command: command.command, error: describeSlackError(error) });
      return;
    }
    const job = answerSlashCommand(command, respond, {
      commands,
      isAllowed: options.isAllowed,
      adminUserIds: options.adminUserIds ?? null,
      answer: options.answer,
      uploadFile: (file, target) => uploadSlackFile(app.client, file, target, REQUEST_TIMEOUT_MS),
      // What goes by response_url Slack does not count; what the bot posts in the channel itself does.
      postQr: (answer) =>
        options.inTurn(command.channel_id, () =>
          postQrRequest(client, (file, target) => uploadSlackFile(app.client, file, target, REQUEST_TIMEOUT_MS), command.channel_id, answer),
        ),
      postLive: (answer) => options.inTurn(command.channel_id, () => postLiveAnswer(client, command.channel_id, answer)),
      locale: options.render.locale,
      logger,
    });
    inFlight.add(job);
    await job.finally(() => inFlight.delete(job));
  });

  const { acknowledge } = options;
  app.action({ type: 'block_actions', action_id: ACK_ACTION_ID }, async ({ ack, body, client }) => {
    // Verified like a slash command (same endpoint, same signature); acked at once, recorded after.
    try {
      await ack();
    } catch (error) {
      logger.warn('slack.ack_failed', { action: ACK_ACTION_ID, error: describeSlackError(error) });
      return;
    }
    if (acknowledge === undefined) return;
    const job = handleSlackPress(body, { isAllowed: options.isAllowed, acknowledge, client, render: options.render, logger });
    inFlight.add(job);
    await job.finally(() => inFlight.delete(job));
  });

  const retryPolicy = options.startRetry ?? DEFAULT_START_RETRY;
  let stopped = false;
  let receiving = false;
  let retryTimer: NodeJS.Timeout | undefined;

  async function connect(attempt: number): Promise<{ port: number | null }> {
    try {
      await app.init();
    } catch (error) {
      if (isAuthFailure(error)) {
        logger.error('slack.auth_failed', { error: describeSlackError(error), fix: BOT_TOKEN_FIX });
        return { port: null };
      }
      const wait = backoffDelay(retryPolicy, Math.min(attempt, 20));
      logger.warn('slack.start_retry', { error: describeSlackError(error), retry_in_ms: wait });
      if (!stopped) retryTimer = setTimeout(() => void connect(attempt + 1), wait);
      return { port: null };
    }
    if (stopped) return { port: null };
    return socketMode ? connectSocket() : listen();
  }

  function connectSocket(): { port: null } {
    receiving = true;
    // The Socket Mode client reconnects by itself; the bot does not wait for the WebSocket.
    app.start().then(
      () => logger.info('slack.connected', { mode: 'socket' }),
      (error: unknown) => {
        if (!stopped) logger.error('slack.socket_failed', { error: describeSlackError(error), fix: APP_TOKEN_FIX });
      },
    );
    return { port: null };
  }

  async function listen(): Promise<{ port: number | null }> {
    try {
      if (http === null) throw new Error('SLACK_SIGNING_SECRET is required for the HTTP receiver');
      const server = await http.listen(options.port);
      if (stopped) {
        // stop() ran while the port was opening: close it again.
        await app.stop();
        return { port: null };
      }
      receiving = true;
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : options.port;
      logger.info('slack.listening', { port, path: '/slack/events' });
      return { port };
    } catch (error) {
      logger.error('slack.listen_failed', {
        port: options.port,
        error: describeSlackError(error),
        fix: 'SLACK_PORT is taken or not allowed: free it or choose another port, and point the Slack app (Slash Commands) at it',
      });
      return { port: null };
    }
  }

  return {
    sender: createSlackSender(app.client, options.render),
    start: () => connect(0),
    async stop() {
      stopped = true;
      clearTimeout(retryTimer);
      const closing = receiving
        ? app.stop().catch((error: unknown) => logger.warn('slack.stop_failed', { error: describeSlackError(error) }))
        : Promise.resolve();
      await within(STOP_GRACE_MS, Promise.all([closing, ...inFlight]));
    },
  };
}
