import { z } from 'zod';
import { slackConfig } from '../chats/slack/config.js';
import { telegramConfig } from '../chats/telegram/config.js';
import { LOG_LEVELS } from '../log/logger.js';
import { cassoConfig } from '../providers/casso/config.js';
import { sepayConfig } from '../providers/sepay/config.js';
import { accountNumber, commaList, cronExpression, minutes, oneOf, port, postgresUrl, timeZone } from './value-parsers.js';
import { blankToUndefined, optional, PORT_FIX, withDefault, type Problem } from './variable.js';

/**
 * The variables of each provider and chat live in its folder (`config.ts`); a new one is
 * listed here too, in the same order as in src/providers/index.ts or src/chats/index.ts.
 */
const PROVIDER_PARTS = { casso: cassoConfig, sepay: sepayConfig };
const CHAT_PARTS = { telegram: telegramConfig, slack: slackConfig };

/** The variables that belong to no provider or chat. */
const coreVariables = {
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
};

/** Any part, seen from here: its variables are some of the whole environment's. */
interface Part {
  variables: z.core.$ZodLooseShape;
  secrets: readonly string[];
  requireCompanions?(env: Record<string, unknown>, problem: Problem): void;
  check?(env: Record<string, unknown>, problem: Problem): void;
  settings(env: Record<string, unknown>): unknown;
  turnsOn?: { variable: string; from: string };
  webhookSecrets?: readonly string[];
  ports?(env: Record<string, unknown>): [variable: string, port: number | undefined][];
}
const PARTS: readonly Part[] = [...Object.values(PROVIDER_PARTS), ...Object.values(CHAT_PARTS)];
const PROVIDERS_ONLY: readonly Part[] = Object.values(PROVIDER_PARTS);

type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;
type Parts = typeof PROVIDER_PARTS & typeof CHAT_PARTS;
type PartVariables = UnionToIntersection<Parts[keyof Parts]['variables']>;
type Settings = { [K in keyof Parts]: ReturnType<Parts[K]['settings']> };

const EnvSchema = z.object({ ...Object.assign({}, ...PARTS.map((part) => part.variables)), ...coreVariables }) as unknown as z.ZodObject<
  PartVariables & typeof coreVariables
>;
type Env = z.output<typeof EnvSchema>;
type Ctx = z.core.$RefinementCtx<Env>;
/** The parts read the same object: each sees its own variables in it. */
const asRecord = (env: Env) => env as Record<string, unknown>;

/** Every variable bankbell reads. */
export const ENV_VARIABLES: readonly string[] = Object.keys(EnvSchema.shape);

/** Variables whose values must never be printed. */
export const SECRET_VARIABLES: readonly string[] = PARTS.flatMap((part) => part.secrets);

const WEBHOOK_SECRETS = PROVIDERS_ONLY.flatMap((part) => part.webhookSecrets ?? []);

const reporter =
  (ctx: Ctx): Problem =>
  (variable, message, fix) =>
    ctx.addIssue({ code: 'custom', path: [variable], message, params: { fix } });

/**
 * Rules about which variables must be set together. They only look at presence, so they run
 * even when some values are invalid and their problems join the same single message.
 */
function requireCompanions(env: Env, ctx: Ctx): void {
  const problem = reporter(ctx);
  const values = asRecord(env);
  const switches = PROVIDERS_ONLY.flatMap((part) => part.turnsOn ?? []);
  if (switches.every((s) => values[s.variable] === undefined)) {
    problem(
      switches.map((s) => s.variable).join(' or '),
      'no provider is on: none of them is set',
      `set ${switches.map((s) => `${s.variable} (${s.from})`).join(', or ')}; several may be on at once`,
    );
  }
  for (const part of PARTS) part.requireCompanions?.(values, problem);
  // An open webhook would turn anyone who finds the port into a source of fake payments.
  if (env.WEBHOOK_PORT !== undefined && WEBHOOK_SECRETS.every((name) => values[name] === undefined)) {
    problem(
      'WEBHOOK_PORT',
      `is set but none of ${WEBHOOK_SECRETS.join(', ')} is, so anyone could post forged payments`,
      `set the secret of each provider that pushes to the bot (${WEBHOOK_SECRETS.join(', ')}), or remove WEBHOOK_PORT`,
    );
  }
}

/** Rules about combinations of values; they need every value valid, so they run last. */
function checkCombinations(env: Env, ctx: Ctx): void {
  const problem = reporter(ctx);
  const listeners: [string, number | undefined][] = [
    ...PARTS.flatMap((part) => part.ports?.(asRecord(env)) ?? []),
    ['HEALTH_PORT', env.HEALTH_PORT],
    ['WEBHOOK_PORT', env.WEBHOOK_PORT],
  ];
  listeners.forEach(([name, value], index) => {
    const earlier = listeners.slice(0, index).find(([, other]) => value !== undefined && other === value);
    if (earlier) problem(name, `${value} is also ${earlier[0]}, and two listeners cannot share a port`, 'pick a different port');
  });
  for (const part of PARTS) part.check?.(asRecord(env), problem);
}

function settingsOf<K extends keyof Parts>(parts: Pick<Parts, K>, env: Env): Pick<Settings, K> {
  return Object.fromEntries(Object.entries(parts).map(([name, part]) => [name, (part as Part).settings(asRecord(env))])) as Pick<
    Settings,
    K
  >;
}

/** The password inside DATABASE_URL, as written and as a driver error may print it (decoded). */
function databasePassword(url: string | undefined): string[] {
  const password = url === undefined ? '' : new URL(url).password;
  if (password === '') return [];
  let decoded = password;
  try {
    decoded = decodeURIComponent(password);
  } catch {
    // Not valid percent-encoding: the driver uses it as written.
  }
  return [...new Set([password, decoded])];
}

/** The configuration the rest of the bot sees: each provider's and chat's settings under its name, null when off. */
function toConfig(env: Env) {
  return {
    ...settingsOf(PROVIDER_PARTS, env),
    ...settingsOf(CHAT_PARTS, env),
    /** null = every account; a list of only commas counts as unset. */
    watchAccounts: env.WATCH_ACCOUNTS !== undefined && env.WATCH_ACCOUNTS.length > 0 ? env.WATCH_ACCOUNTS : null,
    pollCron: env.POLL_CRON,
    /** As written; loadConfig resolves it against the working directory. */
    dataDir: env.DATA_DIR,
    /** Set: the state lives in this PostgreSQL database, shared by every bot pointed at it, and not in DATA_DIR. */
    databaseUrl: env.DATABASE_URL ?? null,
    tzDisplay: env.TZ_DISPLAY,
    locale: env.LOCALE,
    logLevel: env.LOG_LEVEL,
    healthPort: env.HEALTH_PORT ?? null,
    /** Pushes are received only with a port; the providers' webhook secrets mean nothing without it. */
    webhookPort: env.WEBHOOK_PORT ?? null,
    /** How long a /qr payment request waits for its payment. */
    qrExpiryMinutes: env.QR_EXPIRY_MINUTES,
    /** Every secret value present, for the logger to mask. */
    secrets: [
      ...SECRET_VARIABLES.flatMap((name) => {
        const value = asRecord(env)[name];
        return typeof value === 'string' ? [value] : [];
      }),
      ...databasePassword(env.DATABASE_URL),
    ],
  };
}

/** The whole environment → Config, or issues naming each bad variable (`path[0]`) with `params.fix`. */
export const ConfigSchema = EnvSchema.superRefine(requireCompanions, { when: () => true }).transform((env, ctx) => {
  checkCombinations(env, ctx);
  return toConfig(env);
});

export type Config = z.output<typeof ConfigSchema>;
