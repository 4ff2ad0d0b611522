import { silentLogger } from '../../log/logger.js';
import { attemptTimeout, checkProvider } from '../../checks/check-provider.js';
import type { Provider } from '../provider.js';
import { createSepayClient } from './client.js';
import { sepayPaymentAliases } from './payment-aliases.js';
import { createSepaySource } from './poll-source.js';
import { createSepayV2Client } from './v2-client.js';
import { createSepayV2Source } from './v2-poll-source.js';
import { sepayWebhookRoute } from './webhook-route.js';

const HINTS = {
  label: 'SePay',
  variable: 'SEPAY_API_TOKEN',
  baseVariable: 'SEPAY_API_BASE',
  site: 'my.sepay.vn',
  page: 'my.sepay.vn → API Access',
};

/** SePay (sepay.vn): the user API v1 or v2 (SEPAY_API_VERSION) with a token, and its webhooks. */
export const sepay: Provider = {
  name: 'sepay',
  label: HINTS.label,
  paymentAliases: sepayPaymentAliases,
  describe: (config) => (config.sepay.api === null ? null : `${HINTS.label} (API ${config.sepay.api.apiVersion})`),
  api(config, { logger, historyDays }) {
    const settings = config.sepay.api;
    if (settings === null) return null;
    const clientOptions = { apiToken: settings.apiToken, baseUrl: settings.apiBase, logger };
    const watch = config.watchAccounts;
    if (settings.apiVersion === 'v2') {
      const client = createSepayV2Client(clientOptions);
      return { source: createSepayV2Source({ client, watch, historyDays }), listAccounts: () => client.listBankAccounts() };
    }
    const client = createSepayClient(clientOptions);
    return { source: createSepaySource({ client, watch, historyDays }), listAccounts: () => client.listBankAccounts() };
  },
  webhookRoute: (config) => sepayWebhookRoute(config.sepay.webhook.apiKey),
  doctor(config, options) {
    const settings = config.sepay.api;
    if (settings === null) return null;
    const clientOptions = {
      apiToken: settings.apiToken,
      baseUrl: settings.apiBase,
      logger: silentLogger,
      timeoutMs: attemptTimeout(options),
      retry: options.retry,
    };
    // Inside the check: a client throws at creation on a bad URL, and a check never throws.
    const list = () =>
      (settings.apiVersion === 'v2' ? createSepayV2Client(clientOptions) : createSepayClient(clientOptions)).listBankAccounts();
    return checkProvider('sepay', HINTS, settings.apiBase, options, list);
  },
};
