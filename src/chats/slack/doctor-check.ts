import { LogLevel, webApi } from '@slack/bolt';
import { describeSlackError, isAuthFailure } from './slack-errors.js';
import { shapeProblem } from '../../checks/answer-shape.js';
import { failRow, okRow, warnRow, type CheckRow } from '../../checks/check-row.js';
import { caught, withDeadline } from '../../checks/deadline.js';
import type { SlackSettings } from './config.js';
import { AuthTest, ConversationInfo } from './doctor-answers.js';

const BOT_TOKEN_FIX =
  "copy the Bot User OAuth Token (xoxb-…) from the app's OAuth & Permissions page into SLACK_BOT_TOKEN (reinstall the app if the token was revoked)";
const APP_TOKEN_FIX =
  'create an app-level token with the connections:write scope (Basic Information → App-Level Tokens) and put it in SLACK_APP_TOKEN, or unset it to use the HTTP receiver';
const READ_SCOPE_FIX =
  'add the channels:read scope (groups:read for private channels) under OAuth & Permissions and reinstall the app, or make sure by hand that the bot was invited (/invite @bankbell)';

/**
 * The bot token (`auth.test`, and the chat:write scope when Slack reports scopes), the app
 * token in Socket Mode, and for each SLACK_CHANNEL_IDS entry whether the bot is in it
 * (`conversations.info`). Nothing is posted.
 */
export async function checkSlack(slack: SlackSettings, options: { timeoutMs: number }): Promise<CheckRow[]> {
  const client = (token: string) =>
    new webApi.WebClient(token, {
      slackApiUrl: slack.apiUrl,
      timeout: options.timeoutMs,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      logLevel: LogLevel.ERROR,
    });
  const bot = client(slack.botToken);
  const auth = await withDeadline(options.timeoutMs, () => caught(() => bot.auth.test()));
  if (!auth.ok) return [failRow('slack token', `${auth.error} (${slack.apiUrl}): check SLACK_API_URL and the network`)];
  if (auth.value instanceof Error) return [failRow('slack token', tokenProblem(auth.value, slack.apiUrl, BOT_TOKEN_FIX))];
  const identity = AuthTest.safeParse(auth.value);
  if (!identity.success) {
    return [failRow('slack token', `auth.test answered in a shape doctor does not know (${shapeProblem(identity.error)}): check SLACK_API_URL`)];
  }
  const scopes = identity.data.response_metadata?.scopes;
  const rows: CheckRow[] = [
    scopes !== undefined && !scopes.includes('chat:write')
      ? failRow(
          'slack token',
          'accepted, but the app lacks the chat:write scope: add it under OAuth & Permissions (or recreate the app from slack-manifest.yml) and reinstall the app',
        )
      : okRow('slack token', `accepted: the bot is @${identity.data.user ?? '?'} in workspace ${identity.data.team ?? '?'}`),
  ];

  if (slack.appToken !== null) {
    const app = client(slack.appToken);
    const opened = await withDeadline(options.timeoutMs, () => caught(() => app.apps.connections.open()));
    rows.push(
      !opened.ok
        ? failRow('slack app token', `${opened.error}: try again`)
        : opened.value instanceof Error
          ? failRow('slack app token', tokenProblem(opened.value, slack.apiUrl, APP_TOKEN_FIX))
          : okRow('slack app token', 'accepted: Socket Mode can connect'),
    );
  }

  if (slack.channelIds.length === 0) {
    rows.push(
      warnRow('slack channels', "SLACK_CHANNEL_IDS is empty: alerts go to no Slack channel. Put the channel's id (bottom of its details) there"),
    );
  }
  const channels = await Promise.all(
    slack.channelIds.map(async (channel) => {
      const check = `slack channel ${channel}`;
      const info = await withDeadline(options.timeoutMs, () => caught(() => bot.conversations.info({ channel })));
      if (!info.ok) return failRow(check, `${info.error}: try again`);
      if (info.value instanceof Error) return channelProblem(check, info.value, channel);
      const parsed = ConversationInfo.safeParse(info.value);
      if (!parsed.success) {
        return warnRow(
          check,
          `conversations.info answered in a shape doctor does not know (${shapeProblem(parsed.error)}): make sure by hand that the bot was invited (/invite @bankbell)`,
        );
      }
      const found = parsed.data.channel;
      const name = found.name === undefined ? channel : `#${found.name}`;
      if (found.is_archived === true) {
        return failRow(check, `${name} is archived: unarchive it, or remove ${channel} from SLACK_CHANNEL_IDS`);
      }
      return found.is_member === true
        ? okRow(check, `${name}: the bot is a member`)
        : failRow(check, `${name}: the bot is not in the channel: invite the bot with /invite @bankbell in ${name}`);
    }),
  );
  return [...rows, ...channels];
}

function tokenProblem(error: Error, apiUrl: string, fix: string): string {
  if (isAuthFailure(error)) return `not accepted (${describeSlackError(error)}): ${fix}`;
  return `cannot check the token at ${apiUrl} (${describeSlackError(error)}): check SLACK_API_URL and the network`;
}

function channelProblem(check: string, error: Error, channel: string): CheckRow {
  const code = error instanceof webApi.WebAPIPlatformError ? error.data.error : null;
  switch (code) {
    case 'missing_scope':
      return warnRow(check, `cannot see whether the bot is in ${channel} (missing_scope): ${READ_SCOPE_FIX}`);
    case 'channel_not_found':
      return failRow(
        check,
        `the bot sees no channel ${channel}: check SLACK_CHANNEL_IDS (the id at the bottom of the channel's details); a private channel needs /invite @bankbell first`,
      );
    default:
      return failRow(check, `cannot check (${describeSlackError(error)}): try again`);
  }
}
