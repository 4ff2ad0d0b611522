import type { Server, ServerOptions } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Socket } from 'node:net';
import type { Logger } from '../log/logger.js';

/**
 * Every port the bot listens on faces whatever reaches it: scanners, broken proxies, slow
 * clients. These bounds keep one client from holding memory or sockets: headers must arrive
 * within `headersTimeout` and fit in `maxHeaderSize`, a whole request within `requestTimeout`.
 * Node checks the timeouts every `connectionsCheckingInterval`, so that is kept a fraction of them.
 */
export function boundedServerOptions(requestTimeoutMs: number): ServerOptions {
  return {
    requestTimeout: requestTimeoutMs,
    headersTimeout: Math.min(5_000, requestTimeoutMs),
    connectionsCheckingInterval: Math.max(10, Math.min(1_000, Math.floor(requestTimeoutMs / 4))),
    keepAliveTimeout: 5_000,
    // Real clients (Slack, Casso, SePay, Prometheus) send well under 2 KiB of headers.
    maxHeaderSize: 16 * 1024,
  };
}

/** More open sockets than any real caller needs; beyond it new connections are dropped. */
export const MAX_CONNECTIONS = 256;

/**
 * Open sockets one client address may hold on one port: Slack, Casso, SePay and Prometheus each
 * use a few at a time; a reverse proxy in front (all callers from its address) a few dozen at
 * most. Beyond it that client's new connections are closed at once, so one client cannot take
 * all MAX_CONNECTIONS and starve the others.
 */
const MAX_CONNECTIONS_PER_CLIENT = 32;

/** How a guarded server counts its clients' sockets. */
export interface ClientShares {
  /**
   * Stops counting this socket against its client's share: it carries a long-lived answer
   * (a page's live stream) that whoever serves it bounds by other means.
   */
  setAside(socket: Socket): void;
}

/**
 * Answers a request node could not parse (bad request line, oversized headers, a timeout)
 * with the matching 4xx and closes the socket, logged at debug: it is what scanners send.
 * Without a listener node does much the same, but silently and without a status for timeouts.
 * `maxConnections` is the port's limit on open sockets in all (MAX_CONNECTIONS by default).
 */
export function guardServer(server: Server, logger: Logger, options: { maxConnections?: number } = {}): ClientShares {
  server.maxConnections = options.maxConnections ?? MAX_CONNECTIONS;
  const shares = limitPerClient(server, logger);
  // maxHeaderSize is not enforced across many short headers; past this count node drops them.
  server.maxHeadersCount = 64;
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    logger.debug('http.client_error', { code: error.code ?? null, remote: socket.remoteAddress });
    if (!socket.writable || error.code === 'ECONNRESET') {
      socket.destroy();
      return;
    }
    // Written, then destroyed at once as node itself does: a peer that never reads keeps nothing.
    socket.write(`HTTP/1.1 ${clientErrorStatus(error.code)}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
    socket.destroy();
  });
  return shares;
}

/** Counts each client address's open sockets and closes those past its share. */
function limitPerClient(server: Server, logger: Logger): ClientShares {
  const open = new Map<string, number>();
  const apart = new WeakSet<Socket>();
  const release = (client: string) => {
    const left = (open.get(client) ?? 1) - 1;
    if (left > 0) open.set(client, left);
    else open.delete(client);
  };
  server.on('connection', (socket: Socket) => {
    const client = socket.remoteAddress ?? 'unknown';
    const count = (open.get(client) ?? 0) + 1;
    if (count > MAX_CONNECTIONS_PER_CLIENT) {
      // Debug like other refused traffic: a flood must not flood the log too.
      logger.debug('http.client_over_share', { remote: client, open: count - 1 });
      socket.destroy();
      return;
    }
    open.set(client, count);
    socket.once('close', () => {
      if (!apart.has(socket)) release(client);
    });
  });
  return {
    setAside(socket) {
      if (apart.has(socket) || socket.destroyed) return;
      apart.add(socket);
      release(socket.remoteAddress ?? 'unknown');
    },
  };
}

function clientErrorStatus(code: string | undefined): string {
  if (code === 'HPE_HEADER_OVERFLOW') return '431 Request Header Fields Too Large';
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return '408 Request Timeout';
  return '400 Bad Request';
}

/** The path of a request target, or null when it is not one (`//[`, `http://%zz/`, `*`). */
export function requestPath(url: string | undefined): string | null {
  try {
    return new URL(url ?? '/', 'http://localhost').pathname;
  } catch {
    return null;
  }
}

/**
 * Listens on `port` (0: any free one) and resolves with the port taken, or rejects (in use).
 * The close it hands back lets answers in flight finish for `graceMs`, then cuts what is left
 * (a kept-alive or streaming connection would hold close() open for ever); it is idempotent,
 * since a shutdown path may close twice.
 */
export async function listenClosable(server: Server, port: number, host: string | undefined, graceMs: number): Promise<{ port: number; close(): Promise<void> }> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const close = () =>
    new Promise<void>((resolve, reject) => {
      const force = setTimeout(() => server.closeAllConnections(), graceMs);
      force.unref();
      server.close((error) => {
        clearTimeout(force);
        if (error) reject(error);
        else resolve();
      });
      server.closeIdleConnections();
    });
  let closing: Promise<void> | undefined;
  return { port: (server.address() as AddressInfo).port, close: () => (closing ??= close()) };
}
