import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { WebRoute } from '../core/web-route.js';
import { boundedServerOptions, guardServer, listenClosable, MAX_CONNECTIONS } from '../http/server-limits.js';
import type { Logger } from '../log/logger.js';

export interface WebServerOptions {
  port: number;
  host?: string;
  routes: readonly WebRoute[];
  logger: Logger;
  /** Time a client gets to send a whole request (headers get at most 5 s of it). */
  requestTimeoutMs?: number;
}

export interface WebServer {
  port: number;
  close(): Promise<void>;
}

const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;
/**
 * Live streams a route may hold open on this port in all, beside the usual MAX_CONNECTIONS: each
 * page open at a till holds one (src/counter bounds them per link and in all).
 */
export const MAX_STREAMS = 1_000;
/** Answers in flight (a page's live stream among them) get this long on close before their sockets are cut. */
const CLOSE_GRACE_MS = 2_000;

/**
 * What every answer carries: nothing is cached (a page shows a shop's payments), nothing loads
 * from another origin, no other site may frame it, and no address leaks in a Referer.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

/**
 * The server on WEB_PORT, for what people and Zalo fetch from the bot. Like the other ports it
 * is bounded (src/http/server-limits.ts); a path no route serves, or one a route does not know,
 * is a 404 with no body, so a wrong secret learns nothing.
 */
export async function startWebServer(options: WebServerOptions): Promise<WebServer> {
  const logger = options.logger.child({ component: 'web' });
  const routes = [...options.routes].sort((a, b) => b.prefix.length - a.prefix.length);

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', connection: 'close' }).end();
      return;
    }
    const path = (req.url ?? '/').split('?', 1)[0] ?? '/';
    const route = routes.find((r) => path.startsWith(r.prefix));
    // Requests arrive once the server listens, after `shares` is set.
    const answer = { streaming: () => shares.setAside(req.socket) };
    const served = route === undefined ? false : await route.handle(req, res, path.slice(route.prefix.length), answer);
    if (!served && !res.headersSent) res.writeHead(404, { 'content-length': '0' }).end();
    // Scanners probe every path: unknown ones stay out of the default log level.
    logger.debug('web.request', { owner: route?.owner ?? null, status: res.statusCode, remote: req.socket.remoteAddress });
  };

  const server = createServer(boundedServerOptions(options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS), (req, res) => {
    handle(req, res).catch((error: unknown) => {
      logger.error('web.handler_failed', { error: error instanceof Error ? error.message : String(error) });
      if (!res.headersSent) res.writeHead(500, { 'content-length': '0', connection: 'close' }).end();
      else res.destroy();
    });
  });
  const shares = guardServer(server, logger, { maxConnections: MAX_CONNECTIONS + MAX_STREAMS });

  const listening = await listenClosable(server, options.port, options.host, CLOSE_GRACE_MS);
  server.on('error', (error) => logger.error('web.server_error', { error: error.message }));
  logger.info('web.listening', { port: listening.port, serves: routes.map((r) => r.prefix).join(',') });
  return listening;
}
