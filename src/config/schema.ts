import { z } from 'zod';
import { LOG_LEVELS } from '../log/logger.js';
import {
  accountNumber,
  commaList,
  credential,
  cronExpression,
  httpRoot,
  oneOf,
  port,
  slackAppToken,
  slackBotToken,
  slackChannelId,
  telegramBotToken,
  telegramChatId,
  timeZone,
  type ValueParser,
} from './value-parsers.js';

/** Operators leave `FOO=` in .env to mean "not set"; surrounding whitespace is never meant. */
function blankToUndefined(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** One variable read by `parse`; a failure becomes an issue carrying the fix for the operator. */
function variable<T>(parse: ValueParser<T>, fix: string) {
  return z.string().transform((value, ctx): T => {
    const parsed = parse(value);
    if (parsed.ok) return parsed.value;
    ctx.addIssue({ code: 'custom', message: parsed.error, params: { fix } });
    return z.NEVER;
  });
}

const optional = <T>(parse: ValueParser<T>, fix: string) =>
  z.preprocess(blankToUndefined, variable(parse, fix).optional());

/** The default is written as an operator would write it and goes through the same parser. */
const withDefault = <T>(parse: ValueParser<T>, fix: string, fallback: string) =>
  z.preprocess((value) => blankToUndefined(value) ?? fallback, variable(parse, fix));

const SEPAY_VERSIONS = ['v1', 'v2'] as const;
type SepayVersion = (typeof SEPAY_VERSIONS)[number];

/** Each SePay API generation lives on its own host (v1 `/userapi/…`, v2 `/v2/…`). */
export const SEPAY_DEFAULT_BASE: Record<SepayVersion, string> = {
  v1: 'https://my.sepay.vn',
  v2: 'https://userapi.sepay.vn',
};

const PORT_FIX = 'use a whole number from 1 to 65535';

/** Every variable bankbell reads, as the operator writes it. */
const envShape = {
  CASSO_API_KEY: optional(
    credential(),
    'paste the API key alone (no "Apikey " prefix, no quotes), from my.casso.vn → API key',
  ),
  CASSO_API_BASE: withDefault(
    httpRoot({ trailingSlash: false, pathsAddedByBot: ['/v2'] }),
    'use an http(s) URL such as https://oauth.casso.vn, or remove it to use that default',
    'https://oauth.casso.vn',
  ),
  SEPAY_API_TOKEN: optional(
    credential(),
    'paste the API token alone (no "Bearer " prefix, no quotes), from my.sepay.vn → API Access',
  ),
  SEPAY_API_BASE: optional(
    httpRoot({ trailingSlash: false, pathsAddedByBot: ['/userapi', '/v2'] }),
    'use an http(s) URL such as https://my.sepay.vn (v1) or https://userapi.sepay.vn (v2), or remove it to use the host matching SEPAY_API_VERSION',
  ),
  SEPAY_API_VERSION: withDefault(oneOf(SEPAY_VERSIONS), 'use v1 or v2, or remove it (default v1)', 'v1'),
  WATCH_ACCOUNTS: optional(
    commaList(accountNumber, { one: 'is not an account number', many: 'are not account numbers' }),
    'list account numbers (letters and digits only, no spaces or dots) separated by commas, e.g. 0123456789,9876543210, or remove it to watch every account',
  ),
  TELEGRAM_BOT_TOKEN: optional(telegramBotToken, 'paste the token @BotFather gave you, e.g. 123456789:AAE…'),
  TELEGRAM_CHAT_IDS: optional(
    commaList(telegramChatId, { one: 'is not a chat id', many: 'are not chat ids' }),
    'list numeric chat ids separated by commas, e.g. -1001234567890,123456789; send /start to the bot in a chat to see its id',
  ),
  TELEGRAM_API_ROOT: withDefault(
    httpRoot({ trailingSlash: false }),
    'use an http(s) URL such as https://api.telegram.org, or remove it to use that default',
    'https://api.telegram.org',
  ),
  SLACK_BOT_TOKEN: optional(
    slackBotToken,
    "paste the Bot User OAuth Token (xoxb-…) from the app's OAuth & Permissions page at api.slack.com/apps",
  ),
  SLACK_SIGNING_SECRET: optional(
    credential(),
    "paste the Signing Secret from the app's Basic Information page at api.slack.com/apps",
  ),
  SLACK_APP_TOKEN: optional(
    slackAppToken,
    "paste an app-level token (xapp-…, scope connections:write) from the app's Basic Information page, or remove it to use the HTTP receiver",
  ),
  SLACK_CHANNEL_IDS: optional(
    commaList(slackChannelId, { one: 'is not a channel id', many: 'are not channel ids' }),
    "list channel ids separated by commas, e.g. C0123ABCD,G0456EFGH; a channel's id is at the bottom of its details, its #name will not do",
  ),
  SLACK_PORT: withDefault(port, PORT_FIX, '3000'),
  SLACK_API_URL: withDefault(
    httpRoot({ trailingSlash: true }),
    'use an http(s) URL such as https://slack.com/api/, or remove it to use that default',
    'https://slack.com/api/',
  ),
  POLL_CRON: withDefault(
    cronExpression,
    'use node-cron syntax, e.g. */20 * * * * * (every 20 seconds) or */5 * * * * (every 5 minutes)',
    '*/20 * * * * *',
  ),
  // Any path will do; whether it is writable is found out (and reported) by the store.
  DATA_DIR: z.preprocess((value) => blankToUndefined(value) ?? './data', z.string()),
  TZ_DISPLAY: withDefault(timeZone, 'use an IANA zone name such as Asia/Ho_Chi_Minh', 'Asia/Ho_Chi_Minh'),
  LOCALE: withDefault(oneOf(['vi', 'en']), 'use vi or en', 'vi'),
  LOG_LEVEL: withDefault(oneOf(LOG_LEVELS), `use ${LOG_LEVELS.join(', ')}`, 'info'),
  HEALTH_PORT: optional(port, `${PORT_FIX}, or remove it to turn the health endpoint off`),
  WEBHOOK_PORT: optional(port, `${PORT_FIX}, or remove it to turn webhooks off`),
  CASSO_WEBHOOK_SECRET: optional(
    credential(),
    'paste the checksum key ("Key bảo mật") of your Casso Webhook V2 integration alone, no quotes',
  ),
  CASSO_WEBHOOK_SECURE_TOKEN: optional(
    credential(),
    'paste the secure-token you gave Casso for the legacy webhook alone, no quotes',
  ),
  SEPAY_WEBHOOK_API_KEY: optional(
    credential(),
    'paste the API key you set on the SePay webhook (my.sepay.vn → WebHooks, authentication "API Key") alone, no quotes',
  ),
};

type VariableName = keyof typeof envShape;

/** Every variable bankbell reads. */
export const ENV_VARIABLES = Object.keys(envShape) as VariableName[];

/** Variables whose values must never be printed. */
export const SECRET_VARIABLES = [
  'CASSO_API_KEY',
  'SEPAY_API_TOKEN',
  'TELEGRAM_BOT_TOKEN',
  'SLACK_BOT_TOKEN',
  'SLACK_SIGNING_SECRET',
  'SLACK_APP_TOKEN',
  'CASSO_WEBHOOK_SECRET',
  'CASSO_WEBHOOK_SECURE_TOKEN',
  'SEPAY_WEBHOOK_API_KEY',
] as const satisfies readonly VariableName[];

const EnvSchema = z.object(envShape);
type Env = z.output<typeof EnvSchema>;
type Ctx = z.core.$RefinementCtx<Env>;

const WEBHOOK_SECRETS = ['CASSO_WEBHOOK_SECRET', 'CASSO_WEBHOOK_SECURE_TOKEN', 'SEPAY_WEBHOOK_API_KEY'] as const;

function problem(ctx: Ctx, variable: string, message: string, fix: string): void {
  ctx.addIssue({ code: 'custom', path: [variable], message, params: { fix } });
}

/**
 * Rules about which variables must be set together. They only look at presence, so they run
 * even when some values are invalid and their problems join the same single message.
 */
function requireCompanions(env: Env, ctx: Ctx): void {
  if (env.CASSO_API_KEY === undefined && env.SEPAY_API_TOKEN === undefined) {
    problem(
      ctx,
      'CASSO_API_KEY or SEPAY_API_TOKEN',
      'no provider is on: neither is set',
      'set CASSO_API_KEY (my.casso.vn → API key), SEPAY_API_TOKEN (my.sepay.vn → API Access), or both',
    );
  }
  if (env.SLACK_BOT_TOKEN !== undefined && env.SLACK_APP_TOKEN === undefined && env.SLACK_SIGNING_SECRET === undefined) {
    problem(
      ctx,
      'SLACK_SIGNING_SECRET',
      'is required with SLACK_BOT_TOKEN when Slack uses the HTTP receiver (no SLACK_APP_TOKEN)',
      "paste the Signing Secret from the app's Basic Information page, or set SLACK_APP_TOKEN to use Socket Mode",
    );
  }
  // An open webhook would turn anyone who finds the port into a source of fake payments.
  if (env.WEBHOOK_PORT !== undefined && WEBHOOK_SECRETS.every((name) => env[name] === undefined)) {
    problem(
      ctx,
      'WEBHOOK_PORT',
      `is set but none of ${WEBHOOK_SECRETS.join(', ')} is, so anyone could post forged payments`,
      `set the secret of each provider that pushes to the bot (${WEBHOOK_SECRETS.join(', ')}), or remove WEBHOOK_PORT`,
    );
  }
}

/** Rules about combinations of values; they need every value valid, so they run last. */
function checkCombinations(env: Env, ctx: Ctx): void {
  const listeners: [string, number | undefined][] = [
    // Slack only listens when it uses the HTTP receiver.
    ['SLACK_PORT', env.SLACK_BOT_TOKEN !== undefined && env.SLACK_APP_TOKEN === undefined ? env.SLACK_PORT : undefined],
    ['HEALTH_PORT', env.HEALTH_PORT],
    ['WEBHOOK_PORT', env.WEBHOOK_PORT],
  ];
  listeners.forEach(([name, value], index) => {
    const earlier = listeners.slice(0, index).find(([, other]) => value !== undefined && other === value);
    if (earlier) {
      problem(ctx, name, `${value} is also ${earlier[0]}, and two listeners cannot share a port`, 'pick a different port');
    }
  });

  if (env.SEPAY_API_TOKEN !== undefined && env.SEPAY_API_BASE !== undefined) {
    const host = new URL(env.SEPAY_API_BASE).host;
    const wrong = SEPAY_VERSIONS.find((v) => v !== env.SEPAY_API_VERSION && new URL(SEPAY_DEFAULT_BASE[v]).host === host);
    if (wrong !== undefined) {
      problem(
        ctx,
        'SEPAY_API_BASE',
        `${env.SEPAY_API_BASE} serves SePay API ${wrong} but SEPAY_API_VERSION is ${env.SEPAY_API_VERSION}`,
        `remove SEPAY_API_BASE to use ${SEPAY_DEFAULT_BASE[env.SEPAY_API_VERSION]}, or set SEPAY_API_VERSION=${wrong}`,
      );
    }
  }
}

/** The configuration the rest of the bot sees: one object per feature, null when it is off. */
function toConfig(env: Env) {
  return {
    casso: env.CASSO_API_KEY === undefined ? null : { apiKey: env.CASSO_API_KEY, apiBase: env.CASSO_API_BASE },
    sepay:
      env.SEPAY_API_TOKEN === undefined
        ? null
        : {
            apiToken: env.SEPAY_API_TOKEN,
            apiBase: env.SEPAY_API_BASE ?? SEPAY_DEFAULT_BASE[env.SEPAY_API_VERSION],
            apiVersion: env.SEPAY_API_VERSION,
          },
    /** null = every account; a list of only commas counts as unset. */
    watchAccounts: env.WATCH_ACCOUNTS !== undefined && env.WATCH_ACCOUNTS.length > 0 ? env.WATCH_ACCOUNTS : null,
    /** chatIds may be empty: the bot still answers /start, which is how an operator learns a chat's id. */
    telegram:
      env.TELEGRAM_BOT_TOKEN === undefined
        ? null
        : { botToken: env.TELEGRAM_BOT_TOKEN, chatIds: env.TELEGRAM_CHAT_IDS ?? [], apiRoot: env.TELEGRAM_API_ROOT },
    slack:
      env.SLACK_BOT_TOKEN === undefined
        ? null
        : {
            botToken: env.SLACK_BOT_TOKEN,
            signingSecret: env.SLACK_SIGNING_SECRET ?? null,
            appToken: env.SLACK_APP_TOKEN ?? null,
            channelIds: env.SLACK_CHANNEL_IDS ?? [],
            port: env.SLACK_PORT,
            apiUrl: env.SLACK_API_URL,
          },
    pollCron: env.POLL_CRON,
    /** As written; loadConfig resolves it against the working directory. */
    dataDir: env.DATA_DIR,
    tzDisplay: env.TZ_DISPLAY,
    locale: env.LOCALE,
    logLevel: env.LOG_LEVEL,
    healthPort: env.HEALTH_PORT ?? null,
    /** Webhook secrets mean nothing without WEBHOOK_PORT; they are then ignored (but still masked). */
    webhooks:
      env.WEBHOOK_PORT === undefined
        ? null
        : {
            port: env.WEBHOOK_PORT,
            casso: { secret: env.CASSO_WEBHOOK_SECRET ?? null, secureToken: env.CASSO_WEBHOOK_SECURE_TOKEN ?? null },
            sepay: { apiKey: env.SEPAY_WEBHOOK_API_KEY ?? null },
          },
    /** Every secret value present, for the logger to mask. */
    secrets: SECRET_VARIABLES.flatMap((name) => env[name] ?? []),
  };
}

/** The whole environment → Config, or issues naming each bad variable (`path[0]`) with `params.fix`. */
export const ConfigSchema = EnvSchema.superRefine(requireCompanions, { when: () => true }).transform((env, ctx) => {
  checkCombinations(env, ctx);
  return toConfig(env);
});

export type Config = z.output<typeof ConfigSchema>;
