import { configPart, optional, withDefault } from '../../config/variable.js';
import { credential, httpRoot, oneOf } from '../../config/value-parsers.js';

const SEPAY_VERSIONS = ['v1', 'v2'] as const;
type SepayVersion = (typeof SEPAY_VERSIONS)[number];

/** Each SePay API generation lives on its own host (v1 `/userapi/…`, v2 `/v2/…`). */
export const SEPAY_DEFAULT_BASE: Record<SepayVersion, string> = {
  v1: 'https://my.sepay.vn',
  v2: 'https://userapi.sepay.vn',
};

/** SEPAY_* variables: the API token turns polling on, the webhook key turns pushes on. */
export const sepayConfig = configPart({
  variables: {
    SEPAY_API_TOKEN: optional(credential(), 'paste the API token alone (no "Bearer " prefix, no quotes), from my.sepay.vn → API Access'),
    SEPAY_API_BASE: optional(
      httpRoot({ trailingSlash: false, pathsAddedByBot: ['/userapi', '/v2'] }),
      'use an http(s) URL such as https://my.sepay.vn (v1) or https://userapi.sepay.vn (v2), or remove it to use the host matching SEPAY_API_VERSION',
    ),
    SEPAY_API_VERSION: withDefault(oneOf(SEPAY_VERSIONS), 'use v1 or v2, or remove it (default v1)', 'v1'),
    SEPAY_WEBHOOK_API_KEY: optional(
      credential(),
      'paste the API key you set on the SePay webhook (my.sepay.vn → WebHooks, authentication "API Key") alone, no quotes',
    ),
  },
  secrets: ['SEPAY_API_TOKEN', 'SEPAY_WEBHOOK_API_KEY'],
  turnsOn: { variable: 'SEPAY_API_TOKEN', from: 'my.sepay.vn → API Access' },
  webhookSecrets: ['SEPAY_WEBHOOK_API_KEY'],
  check(env, problem) {
    if (env.SEPAY_API_TOKEN === undefined || env.SEPAY_API_BASE === undefined) return;
    const host = new URL(env.SEPAY_API_BASE).host;
    const wrong = SEPAY_VERSIONS.find((v) => v !== env.SEPAY_API_VERSION && new URL(SEPAY_DEFAULT_BASE[v]).host === host);
    if (wrong === undefined) return;
    problem(
      'SEPAY_API_BASE',
      `${env.SEPAY_API_BASE} serves SePay API ${wrong} but SEPAY_API_VERSION is ${env.SEPAY_API_VERSION}`,
      `remove SEPAY_API_BASE to use ${SEPAY_DEFAULT_BASE[env.SEPAY_API_VERSION]}, or set SEPAY_API_VERSION=${wrong}`,
    );
  },
  settings: (env) => ({
    api:
      env.SEPAY_API_TOKEN === undefined
        ? null
        : {
            apiToken: env.SEPAY_API_TOKEN,
            apiBase: env.SEPAY_API_BASE ?? SEPAY_DEFAULT_BASE[env.SEPAY_API_VERSION],
            apiVersion: env.SEPAY_API_VERSION,
          },
    webhook: { apiKey: env.SEPAY_WEBHOOK_API_KEY ?? null },
  }),
});
