import type { Server } from 'node:http';
import { HTTPReceiver, type Logger as BoltLogger, type ReceiverDispatchErrorHandlerArgs } from '@slack/bolt';
import { boundedServerOptions, guardServer, requestPath } from '../../http/server-limits.js';
import type { Logger } from '../../log/logger.js';

/**
 * Bolt reads a body before it can check the signature over it; its default would read 4 MB
 * and wait 300 s for it. A slash command is about 1 KiB and a button press carries its
 * message's blocks (a few KiB for an alert), so 256 KiB leaves ample room.
 */
const MAX_BODY_BYTES = 256 * 1024;
/** Slack sends a whole request at once; anything slower is not Slack. */
const REQUEST_TIMEOUT_MS = 10_000;

/** Bolt's HTTP receiver for `POST /slack/events`, with bounded bodies, headers and time. */
export function createHttpReceiver(options: { signingSecret: string; logger: Logger; boltLogger: BoltLogger }): {
  receiver: HTTPReceiver;
  /** Opens the port with the bounds; resolves with the listening server. */
  listen(port: number): Promise<Server>;
} {
  const receiver = new HTTPReceiver({
    signingSecret: options.signingSecret,
    logger: options.boltLogger,
    processBeforeResponse: false,
    bodyLimit: MAX_BODY_BYTES,
    dispatchErrorHandler: (args) => answerUnrouted(args, options.logger),
  });
  return {
    receiver,
    async listen(port) {
      const server = await receiver.start(port, boundedServerOptions(REQUEST_TIMEOUT_MS));
      guardServer(server, options.logger);
      return server;
    },
  };
}

/**
 * Anything but `POST /slack/events` lands here: scanners and typos get a quiet 404, and a
 * request target that is not a URL at all (Bolt cannot parse it) a 400, instead of Bolt's
 * "unexpected error" 500.
 */
function answerUnrouted({ request, response }: ReceiverDispatchErrorHandlerArgs, logger: Logger): void {
  const path = requestPath(request.url);
  logger.debug('slack.unrouted', { method: request.method?.slice(0, 10), path: path?.slice(0, 100) ?? null });
  if (response.headersSent) return;
  response.writeHead(path === null ? 400 : 404, { connection: 'close' }).end();
}
