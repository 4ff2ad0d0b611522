import type { Config } from '../config/schema.js';
import type { Logger } from '../log/logger.js';
import { PROVIDERS } from '../providers/index.js';
import type { StateStore } from '../store/state-store.js';
import { acceptPushed } from '../webhooks/accept-pushed.js';
import { startWebhookServer, type WebhookServer } from '../webhooks/webhook-server.js';

/** Pushes from the providers, received on WEBHOOK_PORT; polling goes on as reconciliation. */
export async function startWebhooks(
  config: Config,
  deps: { store: StateStore; destinations: readonly string[]; logger: Logger },
): Promise<WebhookServer | null> {
  const port = config.webhookPort;
  if (port === null) return null;
  try {
    return await startWebhookServer({
      port,
      routes: PROVIDERS.flatMap((provider) => provider.webhookRoute(config.plugins) ?? []),
      logger: deps.logger,
      accept: acceptPushed({ store: deps.store, destinations: deps.destinations, watch: config.watchAccounts, logger: deps.logger }),
    });
  } catch (error) {
    deps.logger.error('webhooks.listen_failed', { port, error: String(error), fix: 'free the port or change WEBHOOK_PORT' });
    return null;
  }
}
