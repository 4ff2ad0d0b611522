import type { IncomingMessage, Server } from 'node:http';
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
  // A POST that cannot carry a valid signature is refused on its headers, before Bolt reads
  // its body: the signature covers the body, but its absence or a stale timestamp does not.
  const route = receiver.requestListener;
  receiver.requestListener = (req, res) => {
    if (req.method === 'POST' && !signedRecently(req, Date.now())) {
      options.logger.warn('slack.unsigned_request', { remote: req.socket.remoteAddress });
      res.writeHead(401, { connection: 'close' }).end();
      return;
    }
    route(req, res);
  };
  return {
    receiver,
    async listen(port) {
      const server = await receiver.start(port, boundedServerOptions(REQUEST_TIMEOUT_MS));
      guardServer(server, options.logger);
      return server;
    },
  };
}

/** Slack's own replay window: it signs `v0:<timestamp>:<body>` and refuses older timestamps. */
const SIGNATURE_WINDOW_MS = 5 * 60 * 1000;

/** The signature headers are there, once each, and the timestamp is within the window. */
function signedRecently(req: IncomingMessage, nowMs: number): boolean {
  const signature = req.headers['x-slack-signature'];
  const timestamp = Number(req.headers['x-slack-request-timestamp']);
  if (typeof signature !== 'string' || !signature.startsWith('v0=')) return false;
  return Number.isFinite(timestamp) && Math.abs(nowMs - timestamp * 1000) <= SIGNATURE_WINDOW_MS;
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
