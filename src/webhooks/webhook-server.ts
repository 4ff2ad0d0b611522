import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { boundedServerOptions, guardServer } from '../http/server-limits.js';
import type { Logger } from '../log/logger.js';
import type { Transaction } from '../providers/model.js';
import { handleCasso, type CassoCredentials } from './casso-route.js';
import { outcome, header, type Outcome } from './outcome.js';
import { jsonReader } from './read-json.js';
import { handleSepay } from './sepay-route.js';

export type WebhookSource = 'casso' | 'sepay';

export interface WebhookServerOptions {
  port: number;
  host?: string;
  casso: CassoCredentials;
  sepay: { apiKey: string | null };
  logger: Logger;
  /** Stores the transactions durably (dedupe, outbox); resolves only once they are on disk. Rejects on failure. */
  accept: (source: WebhookSource, transactions: Transaction[]) => Promise<void>;
  /** Epoch milliseconds, for the Casso V2 replay window. */
  now?: () => number;
  /** Largest body read; a delivery is one or a few transactions, well under 1 KiB each. */
  maxBodyBytes?: number;
  /** How far a Casso V2 `t` may lie from now, either way. */
  toleranceMs?: number;
  /** Time a client gets to send a whole request (headers get at most 5 s of it). */
  requestTimeoutMs?: number;
}

export interface WebhookServer {
  port: number;
  close(): Promise<void>;
}

const DEFAULT_MAX_BODY_BYTES = 64 * 1024;
const DEFAULT_TOLERANCE_MS = 5 * 60 * 1000;
const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;
/** In-flight deliveries get this long to finish storing on close before their sockets are cut. */
const CLOSE_GRACE_MS = 5_000;

const ROUTES = new Map<string, WebhookSource>([
  ['/webhooks/casso', 'casso'],
  ['/webhooks/sepay', 'sepay'],
]);

/**
 * Receives Casso and SePay pushes on `POST /webhooks/casso` and `POST /webhooks/sepay`. A
 * delivery is answered 2xx only after `accept` has stored it; anything else is answered so
 * that the provider retries (5xx) or gives up on a request that can never succeed (4xx).
 * A route without configured credentials does not exist (404). Every request is logged once.
 */
export async function startWebhookServer(options: WebhookServerOptions): Promise<WebhookServer> {
  const logger = options.logger.child({ component: 'webhooks' });
  const now = options.now ?? Date.now;
  const readJson = jsonReader(options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES);
  const toleranceMs = options.toleranceMs ?? DEFAULT_TOLERANCE_MS;
  const { secret, secureToken } = options.casso;
  const sepayKey = options.sepay.apiKey;
  const cassoOn = secret !== null || secureToken !== null;

  const handlers: Record<WebhookSource, ((req: IncomingMessage) => Promise<Outcome>) | null> = {
    casso: cassoOn
      ? (req) =>
          handleCasso(req, {
            credentials: options.casso,
            readJson,
            accept: (transactions) => options.accept('casso', transactions),
            nowMs: now,
            toleranceMs,
            logger,
          })
      : null,
    sepay:
      sepayKey === null
        ? null
        : (req) => handleSepay(req, { apiKey: sepayKey, readJson, accept: (transactions) => options.accept('sepay', transactions) }),
  };

  const route = async (req: IncomingMessage, source: WebhookSource | undefined): Promise<Outcome> => {
    if (source === undefined) return outcome(404, 'no-such-route');
    const handler = handlers[source];
    // Not configured means not there: an unconfigured route must not look like an open door.
    if (handler === null) return outcome(404, 'route-not-configured');
    if (req.method !== 'POST') return outcome(405, 'method-not-allowed', { method: req.method?.slice(0, 10) });
    return handler(req);
  };

  let closing: Promise<void> | undefined;
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const started = performance.now();
    const source = ROUTES.get(routePath(req.url));
    let result: Outcome;
    try {
      result = await route(req, source);
    } catch (error) {
      result = outcome(500, 'handler-error', { error: error instanceof Error ? error.message : String(error) });
    }
    respond(res, result, closing !== undefined);
    log(logger, req, source, result, Math.round(performance.now() - started));
  };

  const requestTimeout = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  // Slow clients (slow-loris) are cut off instead of holding sockets open.
  const server = createServer(boundedServerOptions(requestTimeout), (req, res) => {
    // handle() settles every outcome itself; this only guards against a failure while answering.
    handle(req, res).catch(() => res.destroy());
  });
  guardServer(server, logger);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (error) => logger.error('webhook.server-error', { error: error.message }));
  const { port } = server.address() as AddressInfo;
  logger.info('webhook.listening', {
    port,
    host: options.host,
    casso: cassoOn ? [secret !== null ? 'v2' : null, secureToken !== null ? 'legacy' : null].filter(Boolean).join('+') : 'off',
    sepay: sepayKey !== null ? 'on' : 'off',
  });

  const close = () =>
    new Promise<void>((resolve, reject) => {
      const force = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS);
      force.unref();
      server.close((error) => {
        clearTimeout(force);
        if (error) reject(error);
        else resolve();
      });
      server.closeIdleConnections();
    });
  // Idempotent: a shutdown path may close twice.
  return { port, close: () => (closing ??= close()) };
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

function log(logger: Logger, req: IncomingMessage, source: WebhookSource | undefined, result: Outcome, ms: number): void {
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
