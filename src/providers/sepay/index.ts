import { attemptTimeout, checkProvider } from '../../checks/check-provider.js';
import { defineProvider } from '../../core/provider.js';
import { silentLogger } from '../../log/logger.js';
import { createSepayClient } from './client.js';
import { sepayConfig } from './config.js';
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
export const sepay = defineProvider({
  name: 'sepay',
  label: HINTS.label,
  paymentAliases: sepayPaymentAliases,
  config: sepayConfig,
  describe: ({ api }) => (api === null ? null : `${HINTS.label} (API ${api.apiVersion})`),
  api({ api: settings }, { logger, historyDays, watch }) {
    if (settings === null) return null;
    const clientOptions = { apiToken: settings.apiToken, baseUrl: settings.apiBase, logger };
    if (settings.apiVersion === 'v2') {
      const client = createSepayV2Client(clientOptions);
      return { source: createSepayV2Source({ client, watch, historyDays }), listAccounts: () => client.listBankAccounts() };
    }
    const client = createSepayClient(clientOptions);
    return { source: createSepaySource({ client, watch, historyDays }), listAccounts: () => client.listBankAccounts() };
  },
  webhookRoute: ({ webhook }) => sepayWebhookRoute(webhook.apiKey),
  doctor({ api: settings }, options) {
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
});
