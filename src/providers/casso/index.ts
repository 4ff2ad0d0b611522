import { silentLogger } from '../../log/logger.js';
import { attemptTimeout, checkProvider } from '../../checks/check-provider.js';
import type { Provider } from '../provider.js';
import { createCassoClient } from './client.js';
import { createCassoSource } from './poll-source.js';
import { cassoWebhookRoute } from './webhook-route.js';

const HINTS = {
  label: 'Casso',
  variable: 'CASSO_API_KEY',
  baseVariable: 'CASSO_API_BASE',
  site: 'my.casso.vn',
  page: 'my.casso.vn → API key',
};

/** Casso (casso.vn): API v2 with an API key, Webhook V2 and its legacy webhooks. */
export const casso: Provider = {
  name: 'casso',
  label: HINTS.label,
  describe: (config) => (config.casso.api === null ? null : HINTS.label),
  api(config, { logger, historyDays }) {
    const settings = config.casso.api;
    if (settings === null) return null;
    const client = createCassoClient({ apiKey: settings.apiKey, baseUrl: settings.apiBase, logger });
    return {
      source: createCassoSource({ client, watch: config.watchAccounts, historyDays }),
      listAccounts: () => client.listAccounts(),
    };
  },
  webhookRoute: (config) => cassoWebhookRoute(config.casso.webhook),
  doctor(config, options) {
    const settings = config.casso.api;
    if (settings === null) return null;
    const list = () =>
      createCassoClient({
        apiKey: settings.apiKey,
        baseUrl: settings.apiBase,
        logger: silentLogger,
        timeoutMs: attemptTimeout(options),
        retry: options.retry,
      }).listAccounts();
    return checkProvider('casso', HINTS, settings.apiBase, options, list);
  },
};
