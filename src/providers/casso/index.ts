import { attemptTimeout, checkProvider } from '../../checks/check-provider.js';
import { defineProvider } from '../../core/provider.js';
import { silentLogger } from '../../log/logger.js';
import { createCassoClient } from './client.js';
import { cassoConfig } from './config.js';
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
export const casso = defineProvider({
  name: 'casso',
  label: HINTS.label,
  config: cassoConfig,
  describe: ({ api }) => (api === null ? null : HINTS.label),
  api({ api: settings }, { logger, historyDays, watch }) {
    if (settings === null) return null;
    const client = createCassoClient({ apiKey: settings.apiKey, baseUrl: settings.apiBase, logger });
    return {
      source: createCassoSource({ client, watch, historyDays }),
      listAccounts: () => client.listAccounts(),
    };
  },
  webhookRoute: ({ webhook }) => cassoWebhookRoute(webhook),
  doctor({ api: settings }, options) {
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
});
