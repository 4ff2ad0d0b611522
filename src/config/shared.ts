import { hostname } from 'node:os';
import { z } from 'zod';
import { LOG_LEVELS } from '../log/logger.js';
import { accountNumber, commaList, cronExpression, httpRoot, minutes, oneOf, port, postgresUrl, timeZone } from './value-parsers.js';
import { blankToUndefined, configPart, optional, PORT_FIX, withDefault } from './variable.js';

/** The variables that belong to no provider or chat, and the settings the programs read from them. */
export const sharedConfig = configPart({
  variables: {
    WATCH_ACCOUNTS: optional(
      commaList(accountNumber, { one: 'is not an account number', many: 'are not account numbers' }),
      'list account numbers (letters and digits only, no spaces or dots) separated by commas, e.g. 0123456789,9876543210, or remove it to watch every account',
    ),
    POLL_CRON: withDefault(
      cronExpression,
      'use node-cron syntax, e.g. */20 * * * * * (every 20 seconds) or */5 * * * * (every 5 minutes)',
      '*/20 * * * * *',
    ),
    // Any path will do; whether it is writable is found out (and reported) by the store.
    DATA_DIR: z.preprocess((value) => blankToUndefined(value) ?? './data', z.string()),
    DATABASE_URL: optional(
      postgresUrl,
      'write it as postgres://user:password@host:5432/database, or remove it to keep the state in DATA_DIR',
    ),
    TZ_DISPLAY: withDefault(timeZone, 'use an IANA zone name such as Asia/Ho_Chi_Minh', 'Asia/Ho_Chi_Minh'),
    LOCALE: withDefault(oneOf(['vi', 'en']), 'use vi or en', 'vi'),
    LOG_LEVEL: withDefault(oneOf(LOG_LEVELS), `use ${LOG_LEVELS.join(', ')}`, 'info'),
    HEALTH_PORT: optional(port, `${PORT_FIX}, or remove it to turn the health endpoint off`),
    WEBHOOK_PORT: optional(port, `${PORT_FIX}, or remove it to turn webhooks off`),
    QR_EXPIRY_MINUTES: withDefault(minutes, 'use a number of minutes such as 15 (at most 1440)', '15'),
    WEB_PORT: optional(port, `${PORT_FIX}, or remove it to serve no pages`),
    WEB_PUBLIC_URL: optional(
      httpRoot({ trailingSlash: false }),
      'write the address people and Zalo reach WEB_PORT at, e.g. https://pay.example.vn (no ?query), or remove it to use http://<this host>:<WEB_PORT>',
    ),
  },
  requireCompanions(values, problem) {
    if (values.WEB_PUBLIC_URL !== undefined && values.WEB_PORT === undefined) {
      problem('WEB_PUBLIC_URL', 'is set but WEB_PORT is not, so nothing answers at that address', 'set WEB_PORT to the port the bot serves pages on, or remove WEB_PUBLIC_URL');
    }
  },
  // DATABASE_URL is never quoted back; the password inside it is masked (see databasePassword).
  secrets: [],
  ports: (values) => [
    ['HEALTH_PORT', values.HEALTH_PORT],
    ['WEBHOOK_PORT', values.WEBHOOK_PORT],
    ['WEB_PORT', values.WEB_PORT],
  ],
  settings: (values) => ({
    /** null = every account; a list of only commas counts as unset. */
    watchAccounts: values.WATCH_ACCOUNTS !== undefined && values.WATCH_ACCOUNTS.length > 0 ? values.WATCH_ACCOUNTS : null,
    pollCron: values.POLL_CRON,
    /** As written; loadConfig resolves it against the working directory. */
    dataDir: values.DATA_DIR,
    /** Set: the state lives in this PostgreSQL database, shared by every bot pointed at it, and not in DATA_DIR. */
    databaseUrl: values.DATABASE_URL ?? null,
    tzDisplay: values.TZ_DISPLAY,
    locale: values.LOCALE,
    logLevel: values.LOG_LEVEL,
    healthPort: values.HEALTH_PORT ?? null,
    /** Pushes are received only with a port; the providers' webhook secrets mean nothing without it. */
    webhookPort: values.WEBHOOK_PORT ?? null,
    /** How long a /qr payment request waits for its payment. */
    qrExpiryMinutes: values.QR_EXPIRY_MINUTES,
    /** Pages and the images Zalo fetches are served only with a port; links the bot hands out start with `publicUrl`. */
    web:
      values.WEB_PORT === undefined
        ? null
        : { port: values.WEB_PORT, publicUrl: values.WEB_PUBLIC_URL ?? `http://${hostname()}:${values.WEB_PORT}` },
  }),
});

export type SharedSettings = ReturnType<typeof sharedConfig.settings>;

/** The password inside DATABASE_URL, as written and as a driver error may print it (decoded). */
export function databasePassword(url: string | null): string[] {
  const password = url === null ? '' : new URL(url).password;
  if (password === '') return [];
  let decoded = password;
  try {
    decoded = decodeURIComponent(password);
  } catch {
    // Not valid percent-encoding: the driver uses it as written.
  }
  return [...new Set([password, decoded])];
}
