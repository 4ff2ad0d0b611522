import { err } from '../../core/result.js';
import { commaList, credential, httpRoot, port, type ValueParser } from '../../config/value-parsers.js';
import { configPart, optional, PORT_FIX, withDefault } from '../../config/variable.js';

/** Slack conversation ids: public `C…`, private/legacy group `G…`, direct message `D…`. */
function slackChannelId(text: string): string | null {
  return /^[CGD][A-Z0-9]{2,}$/.test(text) ? text : null;
}

/** Slack user ids: `U…`, or `W…` on Enterprise Grid. */
function slackUserId(text: string): string | null {
  return /^[UW][A-Z0-9]{2,}$/.test(text) ? text : null;
}

const slackUserIds = commaList(slackUserId, { one: 'is not a user id', many: 'are not user ids' });

/**
 * Who may change chat rules. A list that names nobody (`,`) is refused rather than read as
 * unset, which would let everyone in an allowed channel change the rules.
 */
const slackAdminIds: ValueParser<string[]> = (value) => {
  const ids = slackUserIds(value);
  return ids.ok && ids.value.length === 0 ? err('lists no user id') : ids;
};

const slackBotToken = credential({
  test: (value) => value.startsWith('xoxb-'),
  // The xapp-/xoxp- prefixes are public, so naming them gives nothing away and pinpoints the mix-up.
  problem: (value) =>
    value.startsWith('xapp-')
      ? 'is an app-level token (xapp-…), not the bot token (xoxb-…); value not shown'
      : value.startsWith('xoxp-')
        ? 'is a user token (xoxp-…), not the bot token (xoxb-…); value not shown'
        : 'does not start with xoxb- (value not shown)',
});

const slackAppToken = credential({
  test: (value) => value.startsWith('xapp-'),
  problem: (value) =>
    value.startsWith('xoxb-')
      ? 'is the bot token (xoxb-…), not an app-level token (xapp-…); value not shown'
      : 'does not start with xapp- (value not shown)',
});

/** SLACK_* variables: the bot token turns Slack on; the app token picks Socket Mode over HTTP. */
export const slackConfig = configPart({
  variables: {
    SLACK_BOT_TOKEN: optional(
      slackBotToken,
      "paste the Bot User OAuth Token (xoxb-…) from the app's OAuth & Permissions page at api.slack.com/apps",
    ),
    SLACK_SIGNING_SECRET: optional(credential(), "paste the Signing Secret from the app's Basic Information page at api.slack.com/apps"),
    SLACK_APP_TOKEN: optional(
      slackAppToken,
      "paste an app-level token (xapp-…, scope connections:write) from the app's Basic Information page, or remove it to use the HTTP receiver",
    ),
    SLACK_CHANNEL_IDS: optional(
      commaList(slackChannelId, { one: 'is not a channel id', many: 'are not channel ids' }),
      "list channel ids separated by commas, e.g. C0123ABCD,G0456EFGH; a channel's id is at the bottom of its details, its #name will not do",
    ),
    SLACK_ADMIN_USER_IDS: optional(
      slackAdminIds,
      "list user ids separated by commas, e.g. U0123ABCD,U0456EFGH (a member's profile → ⋮ → Copy member ID), or remove it to let anyone in an allowed channel change its rules",
    ),
    SLACK_PORT: withDefault(port, PORT_FIX, '3000'),
    SLACK_API_URL: withDefault(
      httpRoot({ trailingSlash: true }),
      'use an http(s) URL such as https://slack.com/api/, or remove it to use that default',
      'https://slack.com/api/',
    ),
  },
  secrets: ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'SLACK_APP_TOKEN'],
  turnsOn: { variable: 'SLACK_BOT_TOKEN', from: 'api.slack.com/apps → OAuth & Permissions' },
  requireCompanions(env, problem) {
    if (env.SLACK_BOT_TOKEN !== undefined && env.SLACK_APP_TOKEN === undefined && env.SLACK_SIGNING_SECRET === undefined) {
      problem(
        'SLACK_SIGNING_SECRET',
        'is required with SLACK_BOT_TOKEN when Slack uses the HTTP receiver (no SLACK_APP_TOKEN)',
        "paste the Signing Secret from the app's Basic Information page, or set SLACK_APP_TOKEN to use Socket Mode",
      );
    }
  },
  // Slack only listens when it uses the HTTP receiver.
  ports: (env) => [['SLACK_PORT', env.SLACK_BOT_TOKEN !== undefined && env.SLACK_APP_TOKEN === undefined ? env.SLACK_PORT : undefined]],
  settings: (env) =>
    env.SLACK_BOT_TOKEN === undefined
      ? null
      : {
          botToken: env.SLACK_BOT_TOKEN,
          signingSecret: env.SLACK_SIGNING_SECRET ?? null,
          appToken: env.SLACK_APP_TOKEN ?? null,
          channelIds: env.SLACK_CHANNEL_IDS ?? [],
          /** Who may change chat rules; null (unset or blank) = anyone in an allowed channel. */
          adminUserIds: env.SLACK_ADMIN_USER_IDS ?? null,
          port: env.SLACK_PORT,
          apiUrl: env.SLACK_API_URL,
        },
});

/** Slack's settings when it is on. */
export type SlackSettings = NonNullable<ReturnType<typeof slackConfig.settings>>;
