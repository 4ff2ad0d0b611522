import { configPart, optional, withDefault } from '../../config/variable.js';
import { credential, httpRoot } from '../../config/value-parsers.js';

/** CASSO_* variables: the API key turns polling on, the webhook secrets turn pushes on. */
export const cassoConfig = configPart({
  variables: {
    CASSO_API_KEY: optional(credential(), 'paste the API key alone (no "Apikey " prefix, no quotes), from my.casso.vn → API key'),
    CASSO_API_BASE: withDefault(
      httpRoot({ trailingSlash: false, pathsAddedByBot: ['/v2'] }),
      'use an http(s) URL such as https://oauth.casso.vn, or remove it to use that default',
      'https://oauth.casso.vn',
    ),
    CASSO_WEBHOOK_SECRET: optional(
      credential(),
      'paste the checksum key ("Key bảo mật") of your Casso Webhook V2 integration alone, no quotes',
    ),
    CASSO_WEBHOOK_SECURE_TOKEN: optional(credential(), 'paste the secure-token you gave Casso for the legacy webhook alone, no quotes'),
  },
  secrets: ['CASSO_API_KEY', 'CASSO_WEBHOOK_SECRET', 'CASSO_WEBHOOK_SECURE_TOKEN'],
  turnsOn: { variable: 'CASSO_API_KEY', from: 'my.casso.vn → API key' },
  webhookSecrets: ['CASSO_WEBHOOK_SECRET', 'CASSO_WEBHOOK_SECURE_TOKEN'],
  settings: (env) => ({
    api: env.CASSO_API_KEY === undefined ? null : { apiKey: env.CASSO_API_KEY, apiBase: env.CASSO_API_BASE },
    webhook: { secret: env.CASSO_WEBHOOK_SECRET ?? null, secureToken: env.CASSO_WEBHOOK_SECURE_TOKEN ?? null },
  }),
});
