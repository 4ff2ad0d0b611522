import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Transaction } from '../core/model.js';
import { boundedServerOptions, guardServer, listenClosable } from '../http/server-limits.js';
import type { Logger } from '../log/logger.js';
import { header, outcome } from './outcome.js';
import { jsonReader } from './read-json.js';
import type { Outcome, WebhookContext, WebhookRoute } from '../core/webhook-route.js';

export interface WebhookServerOptions {
  port: number;
  host?: string;
  /** The configured providers' routes; a provider without credentials has none (404). */
  routes: readonly WebhookRoute[];
  logger: Logger;
  /** Stores the transactions durably (dedupe, outbox); resolves only once they are on disk. Rejects on failure. */
  accept: (source: string, transactions: Transaction[]) => Promise<void>;
  /** Epoch milliseconds, for replay windows. */
  now?: () => number;
  /** Largest body read; a delivery is one or a few transactions, well under 1 KiB each. */
  maxBodyBytes?: number;
  /** Time a client gets to send a whole request (headers get at most 5 s of it). */
  requestTimeoutMs?: number;
}

export interface WebhookServer {
  port: number;
  close(): Promise<void>;
}

const DEFAULT_MAX_BODY_BYTES = 64 * 1024;
const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;
/** In-flight deliveries get this long to finish storing on close before their sockets are cut. */
const CLOSE_GRACE_MS = 5_000;

/**
 * Receives provider pushes, each provider on its own path (`POST /webhooks/casso`). A
 * delivery is answered 2xx only after `accept` has stored it; anything else is answered so
 * that the provider retries (5xx) or gives up on a request that can never succeed (4xx).
 * A route without configured credentials does not exist (404). Every request is logged once.
 */
export async function startWebhookServer(options: WebhookServerOptions): Promise<WebhookServer> {
  const logger = options.logger.child({ component: 'webhooks' });
  const now = options.now ?? Date.now;
  const readJson = jsonReader(options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES);
  const routes = new Map(options.routes.map((r) => [r.path, r]));

  const route = async (req: IncomingMessage, found: WebhookRoute | undefined): Promise<Outcome> => {
    // Not configured means not there: an unconfigured route must not look like an open door.
    if (found === undefined) return outcome(404, 'no-such-route');
    if (req.method !== 'POST') return outcome(405, 'method-not-allowed', { method: req.method?.slice(0, 10) });
    const ctx: WebhookContext = {
      readJson,
      accept: (transactions) => options.accept(found.source, transactions),
      nowMs: now,
      logger,
    };
    return found.handle(req, ctx);
  };

  let closing = false;
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const started = performance.now();
    const found = routes.get(routePath(req.url));
    const source = found?.source;
    let result: Outcome;
    try {
      result = await route(req, found);
    } catch (error) {
      result = outcome(500, 'handler-error', { error: error instanceof Error ? error.message : String(error) });
    }
    respond(res, result, closing);
    log(logger, req, source, result, Math.round(performance.now() - started));
  };

  const requestTimeout = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  // Slow clients (slow-loris) are cut off instead of holding sockets open.
  const server = createServer(boundedServerOptions(requestTimeout), (req, res) => {
    // handle() settles every outcome itself; this only guards against a failure while answering.
    handle(req, res).catch(() => res.destroy());
  });
  guardServer(server, logger);

  const listening = await listenClosable(server, options.port, options.host, CLOSE_GRACE_MS);
  server.on('error', (error) => logger.error('webhook.server-error', { error: error.message }));
  logger.info('webhook.listening', {
    port: listening.port,
    host: options.host,
    ...Object.fromEntries(options.routes.map((r) => [r.source, r.schemes])),
  });
  return {
    port: listening.port,
    close: () => {
      closing = true;
      return listening.close();
    },
  };
}

/** The path without query, and without one trailing slash (URLs pasted into dashboards vary). */
function routePath(url: string | undefined): string {
  const path = (url ?? '/').split('?', 1)[0] ?? '/';
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
}

function respond(res: ServerResponse, result: Outcome, closing: boolean): void {
  if (res.headersSent || res.destroyed) return;
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
  if (result.status === 405) headers['allow'] = 'POST';
  // A refused request's body may be unread (oversized, or refused on its headers alone):
  // closing beats draining whatever a client keeps sending.
  // While closing, a kept-alive connection would hold close() open until the client drops it.
  if (result.status >= 400 || closing) headers['connection'] = 'close';
  const body = result.status < 300 ? { success: true } : { success: false, error: result.reason };
  res.writeHead(result.status, headers).end(JSON.stringify(body));
}

function log(logger: Logger, req: IncomingMessage, source: string | undefined, result: Outcome, ms: number): void {
  const fields = {
    source: source ?? null,
    status: result.status,
    reason: result.reason,
    ms,
    remote: req.socket.remoteAddress,
    forwardedFor: header(req, 'x-forwarded-for')?.slice(0, 100),
    ...result.fields,
  };
  // Unknown paths and methods are what internet scanners send: kept out of the default log level.
  if (result.status === 404 || result.status === 405) logger.debug('webhook.request', { ...fields, path: routePath(req.url).slice(0, 100) });
  else if (result.status >= 500) logger.error('webhook.request', fields);
  else if (result.status >= 400) logger.warn('webhook.request', fields);
  else logger.info('webhook.request', fields);
}
