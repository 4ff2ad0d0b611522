import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { boundedServerOptions, guardServer, requestPath } from '../http/server-limits.js';
import type { Logger } from '../log/logger.js';

export interface HealthServer {
  port: number;
  close(): Promise<void>;
}

/**
 * `GET /healthz` (JSON; 503 while degraded) and `GET /metrics` (Prometheus) on HEALTH_PORT.
 * Read-only and without account data, so it can face a monitoring network.
 */
export async function startHealthServer(options: {
  port: number;
  host?: string;
  logger: Logger;
  health: () => { status: string };
  metrics: () => string;
}): Promise<HealthServer> {
  // A GET has no body; 5 s is ample for a monitoring probe on any network.
  const server = createServer(boundedServerOptions(5_000), (req, res) => {
    const path = requestPath(req.url);
    if (path === null) {
      res.writeHead(400, { connection: 'close' }).end();
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      // A body is never read here: close rather than drain whatever the client keeps sending.
      res.writeHead(405, { allow: 'GET', connection: 'close' }).end();
      return;
    }
    try {
      if (path === '/healthz') {
        const body = options.health();
        res.writeHead(body.status === 'ok' ? 200 : 503, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      } else if (path === '/metrics') {
        res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' });
        res.end(options.metrics());
      } else {
        res.writeHead(404).end();
      }
    } catch (error) {
      options.logger.error('health.failed', { path, error: String(error) });
      if (!res.headersSent) res.writeHead(500);
      res.end();
    }
  });
  guardServer(server, options.logger);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
