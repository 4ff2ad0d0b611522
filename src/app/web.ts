import type { Config } from '../config/schema.js';
import type { WebRoute } from '../core/web-route.js';
import type { Logger } from '../log/logger.js';
import { startWebServer, type WebServer } from '../web/web-server.js';

/** The pages and files on WEB_PORT; like the health port, a port in use is logged, never fatal. */
export async function startWeb(config: Config, deps: { routes: readonly WebRoute[]; logger: Logger }): Promise<WebServer | null> {
  if (config.web === null) return null;
  try {
    return await startWebServer({ port: config.web.port, routes: deps.routes, logger: deps.logger });
  } catch (error) {
    deps.logger.error('web.listen_failed', { port: config.web.port, error: String(error), fix: 'free the port or change WEB_PORT' });
    return null;
  }
}
