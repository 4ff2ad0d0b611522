import { describe, expect, it } from 'vitest';
import type { ConfigError } from '../../src/config/config-error.js';
import { parseConfig } from '../../src/config/parse-config.js';
import { envVariables } from '../../src/config/schema.js';
import { credential, port } from '../../src/config/value-parsers.js';
import { configPart, optional, PORT_FIX, withDefault } from '../../src/config/variable.js';
import { settingsOf } from '../../src/core/config-part.js';
import { cassoConfig } from '../../src/providers/casso/config.js';
import { byName, PLUGINS } from '../helpers/plugin-config.js';
import { SECRETS, expectNoSecretIn } from './secrets.js';

const CASSO = { CASSO_API_KEY: SECRETS.CASSO_API_KEY };

function valid(env: Record<string, string | undefined>): ReturnType<typeof byName> {
  const result = parseConfig(env, PLUGINS);
  if (!result.ok) throw new Error(`expected a valid configuration, got:\n${result.error.message}`);
  return byName(result.value);
}

function invalid(env: Record<string, string | undefined>): ConfigError {
  const result = parseConfig(env, PLUGINS);
  if (result.ok) throw new Error('expected an invalid configuration');
  return result.error;
}

/** The problems about one variable. */
function problemsOf(error: ConfigError, variable: string): string[] {
  return error.problems.filter((p) => p.variable === variable).map((p) => p.problem);
}

describe('parseConfig defaults', () => {
  it('fills every default when only a provider is set', () => {
    expect(valid(CASSO)).toEqual({
      casso: {
        api: { apiKey: SECRETS.CASSO_API_KEY, apiBase: 'https://oauth.casso.vn' },
        webhook: { secret: null, secureToken: null },
      },
      sepay: { api: null, webhook: { apiKey: null } },
      watchAccounts: null,
      telegram: null,
      slack: null,
      zalo: null,
      pollCron: '*/20 * * * * *',
      dataDir: './data',
      databaseUrl: null,
      tzDisplay: 'Asia/Ho_Chi_Minh',
      locale: 'vi',
      logLevel: 'info',
      healthPort: null,
      webhookPort: null,
      qrExpiryMinutes: 15,
      web: null,
      secrets: [SECRETS.CASSO_API_KEY],
      listeners: [],
    });
  });

  it('turns Telegram and Slack on with their defaults', () => {
    const config = valid({
      ...CASSO,
      TELEGRAM_BOT_TOKEN: SECRETS.TELEGRAM_BOT_TOKEN,
      SLACK_BOT_TOKEN: SECRETS.SLACK_BOT_TOKEN,
      SLACK_SIGNING_SECRET: SECRETS.SLACK_SIGNING_SECRET,
    });
    expect(config.telegram).toEqual({ botToken: SECRETS.TELEGRAM_BOT_TOKEN, chatIds: [], apiRoot: 'https://api.telegram.org' });
    expect(config.slack).toEqual({
      botToken: SECRETS.SLACK_BOT_TOKEN,
      signingSecret: SECRETS.SLACK_SIGNING_SECRET,
      appToken: null,
      channelIds: [],
      adminUserIds: null,
      port: 3000,
      apiUrl: 'https://slack.com/api/',
    });
  });

  it('collects every secret present for the logger, including webhook secrets left unused', () => {
    const config = valid({ ...SECRETS });
    expect(config.webhookPort).toBeNull();
    expect([...config.secrets].sort()).toEqual(Object.values(SECRETS).sort());
  });

  it('ignores unknown variables', () => {
    expect(valid({ ...CASSO, PATH: '/usr/bin', HOME: '/root', casso_api_base: 'nonsense' }).casso.api?.apiBase).toBe(
      'https://oauth.casso.vn',
    );
  });
});

describe('parseConfig reading values', () => {
  it('treats empty and blank strings as unset and trims values', () => {
    const config = valid({
      CASSO_API_KEY: `  ${SECRETS.CASSO_API_KEY}\t`,
      SEPAY_API_TOKEN: '',
      TELEGRAM_BOT_TOKEN: '   ',
      HEALTH_PORT: '',
      WEBHOOK_PORT: ' ',
      POLL_CRON: '',
      LOCALE: ' en ',
      WATCH_ACCOUNTS: '',
    });
    expect(config.casso.api?.apiKey).toBe(SECRETS.CASSO_API_KEY);
    expect(config.sepay.api).toBeNull();
    expect(config.telegram).toBeNull();
    expect(config.healthPort).toBeNull();
    expect(config.webhookPort).toBeNull();
    expect(config.pollCron).toBe('*/20 * * * * *');
    expect(config.locale).toBe('en');
    expect(config.watchAccounts).toBeNull();
  });

  it('splits comma lists, trims items, drops empties and duplicates', () => {
    const config = valid({
      ...CASSO,
      TELEGRAM_BOT_TOKEN: SECRETS.TELEGRAM_BOT_TOKEN,
      TELEGRAM_CHAT_IDS: ' -1001234567890 , 123456789,,-42, 123456789,',
      SLACK_BOT_TOKEN: SECRETS.SLACK_BOT_TOKEN,
      SLACK_APP_TOKEN: SECRETS.SLACK_APP_TOKEN,
      SLACK_CHANNEL_IDS: 'C0123ABCD, G0456EFGH ,D0789IJKL,C0123ABCD',
      WATCH_ACCOUNTS: '0123456789, 9876543210 ,VQRQ12345,',
    });
    expect(config.telegram?.chatIds).toEqual(['-1001234567890', '123456789', '-42']);
    expect(config.slack?.channelIds).toEqual(['C0123ABCD', 'G0456EFGH', 'D0789IJKL']);
    expect(config.watchAccounts).toEqual(['0123456789', '9876543210', 'VQRQ12345']);
  });

  it('counts a list of only commas as unset (watch every account)', () => {
    expect(valid({ ...CASSO, WATCH_ACCOUNTS: ' , ,' }).watchAccounts).toBeNull();
  });

  it('refuses a SLACK_ADMIN_USER_IDS of only commas: it would otherwise let everyone change rules', () => {
    const slack = { ...CASSO, SLACK_BOT_TOKEN: SECRETS.SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET: SECRETS.SLACK_SIGNING_SECRET };
    for (const list of [',', ' , ,']) {
      const error = invalid({ ...slack, SLACK_ADMIN_USER_IDS: list });
      expect(problemsOf(error, 'SLACK_ADMIN_USER_IDS')).toEqual(['lists no user id']);
      expect(error.message).toMatch(/SLACK_ADMIN_USER_IDS/);
    }
    expect(valid({ ...slack, SLACK_ADMIN_USER_IDS: ', U0123ABCD,' }).slack?.adminUserIds).toEqual(['U0123ABCD']);
    // Blank is unset, as for every variable: anyone in an allowed channel.
    expect(valid({ ...slack, SLACK_ADMIN_USER_IDS: ' ' }).slack?.adminUserIds).toBeNull();
  });

  it('turns Zalo on with its token, keeps its chat ids as strings, and names the ids it cannot read', () => {
    const config = valid({ ...CASSO, ZALO_BOT_TOKEN: SECRETS.ZALO_BOT_TOKEN, ZALO_CHAT_IDS: ' e4ea2cd5189df1c3a88c, 1234567890123456789,e4ea2cd5189df1c3a88c' });
    expect(config.zalo).toEqual({
      botToken: SECRETS.ZALO_BOT_TOKEN,
      chatIds: ['e4ea2cd5189df1c3a88c', '1234567890123456789'],
      apiRoot: 'https://bot-api.zaloplatforms.com',
    });
    expect(valid({ ...CASSO, ZALO_BOT_TOKEN: SECRETS.ZALO_BOT_TOKEN, ZALO_API_ROOT: 'http://127.0.0.1:4010/' }).zalo?.apiRoot).toBe('http://127.0.0.1:4010');
    const error = invalid({ ...CASSO, ZALO_BOT_TOKEN: 'not a token', ZALO_CHAT_IDS: 'e4ea2cd5189df1c3a88c, chat id, a/b' });
    expect(problemsOf(error, 'ZALO_CHAT_IDS')).toEqual(['"chat id", "a/b" are not Zalo chat ids']);
    expect(problemsOf(error, 'ZALO_BOT_TOKEN')).toEqual(['contains whitespace (value not shown)']);
    expect(problemsOf(invalid({ ...CASSO, ZALO_BOT_TOKEN: 'abc:def' }), 'ZALO_BOT_TOKEN')[0]).toMatch(/^is not a Zalo bot token/);
  });

  it('keeps negative supergroup ids exact and rejects ids beyond safe integers', () => {
    const config = valid({ ...CASSO, TELEGRAM_BOT_TOKEN: SECRETS.TELEGRAM_BOT_TOKEN, TELEGRAM_CHAT_IDS: '-1009876543210' });
    expect(config.telegram?.chatIds).toEqual(['-1009876543210']);
    const error = invalid({ ...CASSO, TELEGRAM_CHAT_IDS: '-10012345678901234567, 12.5, @shop' });
    expect(problemsOf(error, 'TELEGRAM_CHAT_IDS')).toEqual(['"-10012345678901234567", "12.5", "@shop" are not chat ids']);
  });

  it('reads chat_id:topic_id as one topic of a forum group', () => {
    const config = valid({ ...CASSO, TELEGRAM_BOT_TOKEN: SECRETS.TELEGRAM_BOT_TOKEN, TELEGRAM_CHAT_IDS: '-1009876543210:42, -1009876543210:007' });
    expect(config.telegram?.chatIds).toEqual(['-1009876543210:42', '-1009876543210:7']);
    const error = invalid({ ...CASSO, TELEGRAM_CHAT_IDS: '-100987:0, -100987:x, -100987:1:2' });
    expect(problemsOf(error, 'TELEGRAM_CHAT_IDS')).toEqual(['"-100987:0", "-100987:x", "-100987:1:2" are not chat ids']);
  });

  it('normalises URLs: provider roots and Telegram without a trailing slash, Slack with one', () => {
    const config = valid({
      ...CASSO,
      CASSO_API_BASE: 'http://127.0.0.1:4010/',
      SEPAY_API_TOKEN: SECRETS.SEPAY_API_TOKEN,
      SEPAY_API_BASE: 'https://proxy.example/sepay//',
      TELEGRAM_BOT_TOKEN: SECRETS.TELEGRAM_BOT_TOKEN,
      TELEGRAM_API_ROOT: 'http://localhost:8081/',
      SLACK_BOT_TOKEN: SECRETS.SLACK_BOT_TOKEN,
      SLACK_SIGNING_SECRET: SECRETS.SLACK_SIGNING_SECRET,
      SLACK_API_URL: 'http://localhost:9000/api',
    });
    expect(config.casso.api?.apiBase).toBe('http://127.0.0.1:4010');
    expect(config.sepay.api?.apiBase).toBe('https://proxy.example/sepay');
    expect(config.telegram?.apiRoot).toBe('http://localhost:8081');
    expect(config.slack?.apiUrl).toBe('http://localhost:9000/api/');
  });

  it('defaults the SePay root to the host of the chosen API version', () => {
    const sepay = (env: Record<string, string>) => valid({ SEPAY_API_TOKEN: SECRETS.SEPAY_API_TOKEN, ...env }).sepay.api;
    expect(sepay({})).toEqual({ apiToken: SECRETS.SEPAY_API_TOKEN, apiBase: 'https://my.sepay.vn', apiVersion: 'v1' });
    expect(sepay({ SEPAY_API_VERSION: 'v2' })).toMatchObject({ apiBase: 'https://userapi.sepay.vn', apiVersion: 'v2' });
    expect(sepay({ SEPAY_API_VERSION: 'V2' })).toMatchObject({ apiVersion: 'v2' });
    expect(sepay({ SEPAY_API_VERSION: 'v2', SEPAY_API_BASE: 'http://127.0.0.1:5000' })).toMatchObject({
      apiBase: 'http://127.0.0.1:5000',
    });
  });

  it('reads ports, time zone, locale and log level', () => {
    const config = valid({
      ...CASSO,
      HEALTH_PORT: '9464',
      WEBHOOK_PORT: '8080',
      SEPAY_WEBHOOK_API_KEY: SECRETS.SEPAY_WEBHOOK_API_KEY,
      TZ_DISPLAY: 'Europe/Berlin',
      LOCALE: 'EN',
      LOG_LEVEL: 'Debug',
      POLL_CRON: '*/5 * * * *',
      DATA_DIR: '/var/lib/bankbell',
    });
    expect(config).toMatchObject({
      healthPort: 9464,
      webhookPort: 8080,
      casso: { webhook: { secret: null, secureToken: null } },
      sepay: { webhook: { apiKey: SECRETS.SEPAY_WEBHOOK_API_KEY } },
      tzDisplay: 'Europe/Berlin',
      locale: 'en',
      logLevel: 'debug',
      pollCron: '*/5 * * * *',
      dataDir: '/var/lib/bankbell',
    });
  });
});

describe('parseConfig cross-variable rules', () => {
  it('keeps the state in PostgreSQL when DATABASE_URL is set, masking its password in logs', () => {
    const url = 'postgres://bankbell:p%40ss-W0rd@db.example:5432/bankbell';
    const config = valid({ ...CASSO, DATABASE_URL: url });
    expect(config.databaseUrl).toBe(url);
    expect(config.secrets).toEqual(expect.arrayContaining(['p%40ss-W0rd', 'p@ss-W0rd']));
    const error = invalid({ ...CASSO, DATABASE_URL: 'mysql://bankbell:Zq8vR2kLm4Tx9Wp@db.example/bankbell' });
    expect(problemsOf(error, 'DATABASE_URL')).toEqual(['starts with mysql:// instead of postgres://']);
    expectNoSecretIn(error.message, ['Zq8vR2kLm4Tx9Wp']);
  });

  it('serves pages on WEB_PORT at WEB_PUBLIC_URL, by default this host and port; an address without a port is a problem', () => {
    expect(valid(CASSO).web).toBeNull();
    expect(valid({ ...CASSO, WEB_PORT: '8080' }).web?.publicUrl).toMatch(/^http:\/\/[^/]+:8080$/);
    expect(valid({ ...CASSO, WEB_PORT: '8080', WEB_PUBLIC_URL: 'https://pay.example.vn/' }).web).toEqual({ port: 8080, publicUrl: 'https://pay.example.vn' });
    expect(problemsOf(invalid({ ...CASSO, WEB_PUBLIC_URL: 'https://pay.example.vn' }), 'WEB_PUBLIC_URL')).toEqual([expect.stringContaining('WEB_PORT is not')]);
    expect(problemsOf(invalid({ ...CASSO, WEB_PORT: '8080', WEB_PUBLIC_URL: 'ftp://pay.example.vn' }), 'WEB_PUBLIC_URL')).toHaveLength(1);
    expect(problemsOf(invalid({ ...CASSO, WEB_PORT: '8080', HEALTH_PORT: '8080' }), 'WEB_PORT')).toEqual([expect.stringContaining('two listeners')]);
  });

  it('needs at least one provider, in one problem naming both variables', () => {
    const error = invalid({ TELEGRAM_BOT_TOKEN: SECRETS.TELEGRAM_BOT_TOKEN });
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0]?.variable).toBe('CASSO_API_KEY or SEPAY_API_TOKEN');
    expect(error.message).toContain('my.casso.vn');
    expect(error.message).toContain('my.sepay.vn');
    expect(invalid({ CASSO_API_KEY: '', SEPAY_API_TOKEN: ' ' }).problems).toHaveLength(1);
  });

  it('requires the Slack signing secret for the HTTP receiver, not for Socket Mode', () => {
    const slack = { ...CASSO, SLACK_BOT_TOKEN: SECRETS.SLACK_BOT_TOKEN };
    expect(problemsOf(invalid(slack), 'SLACK_SIGNING_SECRET')).toHaveLength(1);
    const socket = valid({ ...slack, SLACK_APP_TOKEN: SECRETS.SLACK_APP_TOKEN });
    expect(socket.slack).toMatchObject({ appToken: SECRETS.SLACK_APP_TOKEN, signingSecret: null });
    expect(valid({ ...slack, SLACK_SIGNING_SECRET: SECRETS.SLACK_SIGNING_SECRET }).slack?.appToken).toBeNull();
  });

  it('refuses an open webhook port and accepts any one webhook secret', () => {
    expect(problemsOf(invalid({ ...CASSO, WEBHOOK_PORT: '8080' }), 'WEBHOOK_PORT')).toEqual([
      expect.stringContaining('forged payments'),
    ]);
    for (const name of ['CASSO_WEBHOOK_SECRET', 'CASSO_WEBHOOK_SECURE_TOKEN', 'SEPAY_WEBHOOK_API_KEY'] as const) {
      expect(valid({ ...CASSO, WEBHOOK_PORT: '8080', [name]: SECRETS[name] }).webhookPort).toBe(8080);
    }
  });

  it('refuses two listeners on one port, counting Slack only when it listens over HTTP', () => {
    const error = invalid({
      ...CASSO,
      SLACK_BOT_TOKEN: SECRETS.SLACK_BOT_TOKEN,
      SLACK_SIGNING_SECRET: SECRETS.SLACK_SIGNING_SECRET,
      HEALTH_PORT: '3000',
      WEBHOOK_PORT: '3000',
      CASSO_WEBHOOK_SECRET: SECRETS.CASSO_WEBHOOK_SECRET,
    });
    expect(problemsOf(error, 'HEALTH_PORT')).toEqual(['3000 is also SLACK_PORT, and two listeners cannot share a port']);
    expect(problemsOf(error, 'WEBHOOK_PORT')).toEqual(['3000 is also SLACK_PORT, and two listeners cannot share a port']);
    expect(valid({ ...CASSO, SLACK_BOT_TOKEN: SECRETS.SLACK_BOT_TOKEN, SLACK_APP_TOKEN: SECRETS.SLACK_APP_TOKEN, HEALTH_PORT: '3000' }).healthPort).toBe(
      3000,
    );
  });

  it('refuses a SePay root that belongs to the other API version', () => {
    const error = invalid({ SEPAY_API_TOKEN: SECRETS.SEPAY_API_TOKEN, SEPAY_API_VERSION: 'v2', SEPAY_API_BASE: 'https://my.sepay.vn/' });
    expect(problemsOf(error, 'SEPAY_API_BASE')).toEqual(['https://my.sepay.vn serves SePay API v1 but SEPAY_API_VERSION is v2']);
    expect(invalid({ SEPAY_API_TOKEN: SECRETS.SEPAY_API_TOKEN, SEPAY_API_BASE: 'https://userapi.sepay.vn' }).message).toContain(
      'SEPAY_API_VERSION=v2',
    );
  });
});

describe('parseConfig problems', () => {
  const badValues: [variable: string, value: string, expected: string][] = [
    ['CASSO_API_BASE', 'oauth.casso.vn', '"oauth.casso.vn" is not a URL'],
    ['CASSO_API_BASE', 'ftp://oauth.casso.vn', '"ftp://oauth.casso.vn" is not an http(s) URL'],
    ['CASSO_API_BASE', 'https://oauth.casso.vn/v2', '"https://oauth.casso.vn/v2" ends with /v2, which the bot adds itself'],
    ['SEPAY_API_BASE', 'https://my.sepay.vn/userapi/', 'ends with /userapi'],
    ['SEPAY_API_BASE', 'https://my.sepay.vn/?x=1', 'has a ?query or #fragment'],
    ['SEPAY_API_VERSION', 'v3', '"v3" is not one of v1, v2'],
    ['WATCH_ACCOUNTS', '0123456789,0123 456,01.23', '"0123 456", "01.23" are not account numbers'],
    ['TELEGRAM_BOT_TOKEN', 'AAF3kQ9zXw-YbVt_5RmLpN2cHdJgE8sUoIq', 'is not a bot token'],
    ['TELEGRAM_CHAT_IDS', 'my-group', '"my-group" is not a chat id'],
    ['TELEGRAM_API_ROOT', 'api.telegram.org', 'is not a URL'],
    ['SLACK_BOT_TOKEN', SECRETS.SLACK_APP_TOKEN, 'is an app-level token'],
    ['SLACK_BOT_TOKEN', 'xoxp-5830274619302-7742918305617', 'is a user token'],
    ['SLACK_BOT_TOKEN', 'Rk2LwQ9vZc8NbT3yHf6JpXsA', 'does not start with xoxb-'],
    ['SLACK_APP_TOKEN', SECRETS.SLACK_BOT_TOKEN, 'is the bot token'],
    ['SLACK_APP_TOKEN', 'A07QX3K9L2M', 'does not start with xapp-'],
    ['SLACK_CHANNEL_IDS', '#general', '"#general" is not a channel id'],
    ['SLACK_CHANNEL_IDS', 'c0123abcd', 'is not a channel id'],
    ['SLACK_PORT', '70000', '"70000" is not a port number (1-65535)'],
    ['SLACK_API_URL', 'slack.com/api', 'is not a URL'],
    ['POLL_CRON', 'every minute', '"every minute" is not a cron expression'],
    ['POLL_CRON', '61 * * * *', 'is not a cron expression'],
    ['TZ_DISPLAY', 'Asia/Hanoi', '"Asia/Hanoi" is not an IANA time zone'],
    ['LOCALE', 'fr', '"fr" is not one of vi, en'],
    ['LOG_LEVEL', 'verbose', '"verbose" is not one of debug, info, warn, error'],
    ['HEALTH_PORT', '0', 'is not a port number'],
    ['HEALTH_PORT', '80.5', 'is not a port number'],
    ['WEBHOOK_PORT', 'http', 'is not a port number'],
    ['CASSO_API_KEY', `Apikey ${SECRETS.CASSO_API_KEY}`, 'contains whitespace'],
    ['SEPAY_API_TOKEN', `Bearer ${SECRETS.SEPAY_API_TOKEN}`, 'contains whitespace'],
    ['SLACK_SIGNING_SECRET', `${SECRETS.SLACK_SIGNING_SECRET}é`, 'cannot be sent in an HTTP header'],
  ];

  it.each(badValues)('names %s when it is %j', (variable, value, expected) => {
    // A webhook secret is harmless here (ignored without WEBHOOK_PORT) and keeps WEBHOOK_PORT rows to one problem.
    const error = invalid({ ...CASSO, CASSO_WEBHOOK_SECRET: SECRETS.CASSO_WEBHOOK_SECRET, [variable]: value });
    const problems = problemsOf(error, variable);
    expect(problems).toEqual([expect.stringContaining(expected)]);
    expect(error.message).toContain(`  - ${variable}: ${problems[0]}. Fix: `);
  });

  it('lists every problem in one message, with a fix for each', () => {
    const error = invalid({
      POLL_CRON: 'every minute',
      HEALTH_PORT: 'ninety',
      LOCALE: 'fr',
      TZ_DISPLAY: 'Mars/Olympus',
      TELEGRAM_CHAT_IDS: 'abc',
      SLACK_BOT_TOKEN: SECRETS.SLACK_BOT_TOKEN,
      WEBHOOK_PORT: '8080',
    });
    const variables = error.problems.map((p) => p.variable);
    expect(variables).toEqual([
      'TELEGRAM_CHAT_IDS',
      'POLL_CRON',
      'TZ_DISPLAY',
      'LOCALE',
      'HEALTH_PORT',
      'CASSO_API_KEY or SEPAY_API_TOKEN',
      'SLACK_SIGNING_SECRET',
      'WEBHOOK_PORT',
    ]);
    const lines = error.message.split('\n');
    expect(lines[0]).toBe('Invalid configuration (8 problems):');
    expect(lines.at(-1)).toBe('Set them in .env (see .env.example) or in the environment.');
    expect(lines.slice(1, -1)).toHaveLength(8);
    for (const line of lines.slice(1, -1)) expect(line).toMatch(/^ {2}- [A-Za-z_ ]+: .+\. Fix: .+/);
    expect(error.message).toContain(
      '  - POLL_CRON: "every minute" is not a cron expression. Fix: use node-cron syntax, e.g. */20 * * * * *',
    );
  });

  it('says "1 problem" for one', () => {
    expect(invalid({ ...CASSO, LOCALE: 'fr' }).message.split('\n')[0]).toBe('Invalid configuration (1 problem):');
  });
});

describe('parseConfig never prints a secret', () => {
  it('when every secret variable is malformed', () => {
    const error = invalid({
      CASSO_API_KEY: `Apikey ${SECRETS.CASSO_API_KEY}`,
      SEPAY_API_TOKEN: `"${SECRETS.SEPAY_API_TOKEN}" x`,
      TELEGRAM_BOT_TOKEN: `bot${SECRETS.TELEGRAM_BOT_TOKEN}`,
      SLACK_BOT_TOKEN: `token=${SECRETS.SLACK_BOT_TOKEN}`,
      SLACK_SIGNING_SECRET: `${SECRETS.SLACK_SIGNING_SECRET} ${SECRETS.SLACK_SIGNING_SECRET}`,
      SLACK_APP_TOKEN: SECRETS.SLACK_APP_TOKEN.slice(1),
      CASSO_WEBHOOK_SECRET: `${SECRETS.CASSO_WEBHOOK_SECRET}\u0007`,
      CASSO_WEBHOOK_SECURE_TOKEN: `secure-token: ${SECRETS.CASSO_WEBHOOK_SECURE_TOKEN}`,
      SEPAY_WEBHOOK_API_KEY: `Apikey ${SECRETS.SEPAY_WEBHOOK_API_KEY}`,
      ZALO_BOT_TOKEN: `bot${SECRETS.ZALO_BOT_TOKEN}`,
    });
    const named = new Set(error.problems.map((p) => p.variable));
    for (const name of Object.keys(SECRETS)) expect(named).toContain(name);
    expectNoSecretIn(error.message);
    expectNoSecretIn(JSON.stringify(error.problems));
  });

  it('when a secret is also pasted into a variable whose value is otherwise quoted', () => {
    const error = invalid({
      ...SECRETS,
      CASSO_API_BASE: SECRETS.CASSO_API_KEY,
      TZ_DISPLAY: SECRETS.CASSO_WEBHOOK_SECURE_TOKEN,
      LOCALE: SECRETS.SEPAY_WEBHOOK_API_KEY,
      LOG_LEVEL: SECRETS.SLACK_SIGNING_SECRET,
    });
    expect(error.problems.map((p) => p.variable)).toEqual(['CASSO_API_BASE', 'TZ_DISPLAY', 'LOCALE', 'LOG_LEVEL']);
    expectNoSecretIn(error.message);
  });

  it('when a credential-shaped value lands in the wrong variable only', () => {
    const error = invalid({
      CASSO_API_BASE: SECRETS.CASSO_API_KEY,
      SEPAY_API_BASE: SECRETS.SEPAY_API_TOKEN,
      TELEGRAM_CHAT_IDS: SECRETS.TELEGRAM_BOT_TOKEN,
      SLACK_CHANNEL_IDS: SECRETS.SLACK_BOT_TOKEN,
      WATCH_ACCOUNTS: SECRETS.SLACK_APP_TOKEN,
      POLL_CRON: SECRETS.SLACK_SIGNING_SECRET,
      TZ_DISPLAY: SECRETS.CASSO_WEBHOOK_SECRET,
      LOCALE: SECRETS.SEPAY_WEBHOOK_API_KEY,
    });
    expect(error.problems).toHaveLength(9);
    expect(error.message).toContain('not shown: it looks like a credential');
    // Not the short secure token: nothing tells a 19-character token from a mistyped zone name.
    expectNoSecretIn(error.message, Object.values(SECRETS).filter((s) => s !== SECRETS.CASSO_WEBHOOK_SECURE_TOKEN));
  });

  it('when a URL carries credentials', () => {
    const error = invalid({ ...CASSO, SLACK_API_URL: 'https://bankbell:Zq8vR2kLm4Tx9Wp@proxy.example/api/' });
    expect(problemsOf(error, 'SLACK_API_URL')).toEqual([expect.stringContaining('user name or password')]);
    expectNoSecretIn(error.message, ['Zq8vR2kLm4Tx9Wp']);
  });
});

describe("a new plug-in's config part", () => {
  // What a third provider's config.ts would hold; composing it is all the configuration needs.
  const acme = configPart({
    variables: {
      ACME_API_KEY: optional(credential(), 'paste the key from acme.example → keys'),
      ACME_PORT: withDefault(port, PORT_FIX, '4000'),
    },
    secrets: ['ACME_API_KEY'],
    turnsOn: { variable: 'ACME_API_KEY', from: 'acme.example → keys' },
    ports: (values) => [['ACME_PORT', values.ACME_API_KEY === undefined ? undefined : values.ACME_PORT]],
    settings: (values) => (values.ACME_API_KEY === undefined ? null : { key: values.ACME_API_KEY, port: values.ACME_PORT }),
  });
  const withAcme = { providers: [...PLUGINS.providers, { config: acme }], chats: PLUGINS.chats };
  const ACME_KEY = 'acme_live_7Hq2Vd9LmX4pR8sT1wZ6';

  it('has its variables read and its settings found by its part', () => {
    const parsed = parseConfig({ ACME_API_KEY: ACME_KEY }, withAcme);
    if (!parsed.ok) throw parsed.error;
    expect(settingsOf(parsed.value.plugins, acme)).toEqual({ key: ACME_KEY, port: 4000 });
    expect(settingsOf(parsed.value.plugins, cassoConfig).api).toBeNull();
    expect(parsed.value.listeners).toEqual([{ variable: 'ACME_PORT', port: 4000 }]);
    expect(parsed.value.secrets).toEqual([ACME_KEY]);
    expect(envVariables(withAcme)).toEqual(expect.arrayContaining(['ACME_API_KEY', 'ACME_PORT']));
  });

  it('joins the rules between parts: a provider to turn on, one port per listener, secrets never printed', () => {
    const none = parseConfig({}, withAcme);
    expect(none.ok ? [] : none.error.problems.map((p) => p.variable)).toEqual(['CASSO_API_KEY or SEPAY_API_TOKEN or ACME_API_KEY']);
    const clash = parseConfig({ ACME_API_KEY: ACME_KEY, HEALTH_PORT: '4000', ACME_PORT: '' }, withAcme);
    expect(clash.ok ? [] : clash.error.problems.map((p) => `${p.variable}: ${p.problem}`)).toEqual([
      'HEALTH_PORT: 4000 is also ACME_PORT, and two listeners cannot share a port',
    ]);
    const pasted = parseConfig({ ACME_API_KEY: `Bearer ${ACME_KEY}`, LOCALE: ACME_KEY }, withAcme);
    expect(pasted.ok ? [] : pasted.error.problems.map((p) => p.variable)).toEqual(['ACME_API_KEY', 'LOCALE']);
    expectNoSecretIn(pasted.ok ? '' : pasted.error.message, [ACME_KEY]);
  });

  it('is refused by name when the configuration was composed without it', () => {
    const parsed = parseConfig(CASSO, PLUGINS);
    if (!parsed.ok) throw parsed.error;
    expect(() => settingsOf(parsed.value.plugins, acme)).toThrow(/ACME_API_KEY, ACME_PORT/);
  });
});
