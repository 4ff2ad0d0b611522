import type { ConnectedChat } from '../../core/chat.js';
import type { CommandAnswer, CommandRequest } from '../../core/command.js';
import type { PaymentRequest } from '../../core/payment-request.js';
import type { Logger } from '../../log/logger.js';
import type { RenderContext } from '../../render/messages.js';
import { within } from '../within.js';
import { createZaloApi } from './zalo-api.js';
import { createMessageHandler } from './zalo-messages.js';
import { pacedApi } from './paced-api.js';
import type { ChatDeps } from '../chat-deps.js';
import { createZaloPolling } from './zalo-polling.js';
import { createQrImages } from './zalo-qr.js';
import { createZaloSender } from './zalo-sender.js';

export interface ZaloChatOptions {
  token: string;
  /** ZALO_API_ROOT. */
  apiRoot: string;
  logger: Logger;
  render: RenderContext;
  isAllowed: (chatId: string) => boolean;
  answer: (request: CommandRequest) => Promise<CommandAnswer>;
  /** Whether this bot leads: only then does it take Zalo's updates. */
  leading: () => boolean;
  /** Where WEB_PORT is reached; null without it (a /qr request then goes as text). */
  web: { publicUrl: string } | null;
  openRequest: (code: string) => PaymentRequest | undefined;
  /** Sends a message in its turn in its chat's send budget (`ChatDeps.inTurn`): command answers take it. */
  inTurn: ChatDeps['inTurn'];
  /** Long-poll wait in seconds; Zalo's default, 30, unless a test waits less. */
  pollSeconds?: number;
}

/** How long stop() waits for the answers in progress. */
const STOP_GRACE_MS = 5_000;

/**
 * The Zalo side of the bot: a ChatSender for the outbox, the getUpdates loop that takes what
 * people write to the bot (the leader's job), and the /qr images Zalo fetches from WEB_PORT
 * (any bot's). All of it over one Bot API client, so a wait Zalo names holds for every call.
 */
export function createZaloChat(options: ZaloChatOptions): Omit<ConnectedChat, 'targets'> {
  const logger = options.logger.child({ platform: 'zalo' });
  const api = createZaloApi({ token: options.token, apiRoot: options.apiRoot, logger });
  const images =
    options.web === null ? null : createQrImages({ token: options.token, publicUrl: options.web.publicUrl, openRequest: options.openRequest, logger });
  // Answers wait for their turn in each chat's send budget; the alerts' sender spends it by the workers.
  const messages = createMessageHandler({ api: pacedApi(api, options.inTurn), logger, render: options.render, isAllowed: options.isAllowed, answer: options.answer, images });
  const polling = createZaloPolling({ api, logger, leading: options.leading, pollSeconds: options.pollSeconds ?? 30, onUpdate: messages.handle });
  return {
    sender: createZaloSender(api, options.render),
    pollsPlatform: true,
    webRoutes: images === null ? [] : [images.route],
    async start() {
      polling.start();
      return { port: null };
    },
    receiving: () => polling.status(),
    async stop() {
      await polling.stop();
      // Answers in progress are sent, within reason: a stuck one must not hold the shutdown.
      await within(STOP_GRACE_MS, messages.settled());
    },
  };
}
