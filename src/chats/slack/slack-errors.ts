import { webApi } from '@slack/bolt';
import {
  ChatBlockedError,
  ChatRateLimitError,
  ChatRejectedError,
  ChatTransientError,
  type ChatError,
} from '../../core/chat-errors.js';

const REINSTALL =
  'SLACK_BOT_TOKEN is not accepted: reinstall the app (api.slack.com/apps → your app → Install App) and paste the new Bot User OAuth Token (xoxb-…)';

/** Slack error codes for tokens that will not work until the operator fixes them. */
const AUTH_ERRORS = new Set(['invalid_auth', 'not_authed', 'account_inactive', 'token_revoked', 'token_expired', 'no_permission']);

/** Errors that mean "the bot cannot post in this channel"; alerts wait until the operator acts. */
function blockedHint(code: string, channel: string): string | undefined {
  if (AUTH_ERRORS.has(code)) return REINSTALL;
  switch (code) {
    case 'not_in_channel':
      return `invite the bot to channel ${channel}: type /invite @bankbell in that channel`;
    case 'channel_not_found':
      return `check SLACK_CHANNEL_IDS: channel ${channel} does not exist or the bot cannot see it (a private channel needs /invite @bankbell first)`;
    case 'is_archived':
      return `channel ${channel} is archived: unarchive it, or remove it from SLACK_CHANNEL_IDS`;
    case 'missing_scope':
      return 'the app lacks the chat:write scope: add it under OAuth & Permissions (or recreate the app from slack-manifest.yml) and reinstall the app';
    default:
      return undefined;
  }
}

/** Errors about the blocks or the size: the same payment may still go out as plain text. */
const LAYOUT_ERRORS = new Set(['msg_too_long', 'invalid_blocks', 'invalid_blocks_format', 'msg_blocks_too_long']);

/** Slack's own trouble, worth sending again later. */
const SERVER_ERRORS = new Set(['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout', 'ratelimited']);

export interface SlackSendFailure {
  error: ChatError;
  /** Slack refused the layout; sending the text alone may work. */
  retryAsText: boolean;
}

/**
 * Turns what @slack/web-api threw for chat.postMessage into the outbox's vocabulary
 * (`dest` is the outbox destination, `channel` the Slack channel id).
 */
export function slackSendFailure(error: unknown, dest: string, channel: string): SlackSendFailure {
  const failure = (e: ChatError, retryAsText = false): SlackSendFailure => ({ error: e, retryAsText });
  if (error instanceof webApi.WebAPIRateLimitedError) {
    return failure(new ChatRateLimitError(dest, error.retryAfter * 1000));
  }
  if (error instanceof webApi.WebAPIPlatformError) {
    const code = error.data.error;
    const hint = blockedHint(code, channel);
    if (hint !== undefined) return failure(new ChatBlockedError(dest, `slack refused the message: ${code}`, hint));
    if (LAYOUT_ERRORS.has(code)) return failure(new ChatRejectedError(dest, `slack refused the message: ${code}`), true);
    if (SERVER_ERRORS.has(code)) return failure(new ChatTransientError(dest, `slack failed: ${code}`, { cause: error }));
    return failure(new ChatRejectedError(dest, `slack refused the message: ${code}`, { cause: error }));
  }
  if (error instanceof webApi.WebAPIHTTPError) {
    return failure(new ChatTransientError(dest, `slack answered HTTP ${error.statusCode}`, { cause: error }));
  }
  if (error instanceof webApi.WebAPIRequestError) {
    return failure(new ChatTransientError(dest, `slack unreachable: ${error.original.message}`, { cause: error }));
  }
  // Anything else (a 429 without a usable Retry-After, a bug in a dependency): try again later.
  const message = error instanceof Error ? error.message : String(error);
  return failure(new ChatTransientError(dest, `slack call failed: ${message}`, { cause: error }));
}

/** A start-up failure the bot cannot get past by waiting: the token itself is wrong. */
export function isAuthFailure(error: unknown): boolean {
  return error instanceof webApi.WebAPIPlatformError && AUTH_ERRORS.has(error.data.error);
}

/** A short description of any Slack failure for the log (never includes the token). */
export function describeSlackError(error: unknown): string {
  if (error instanceof webApi.WebAPIPlatformError) return error.data.error;
  if (error instanceof webApi.WebAPIHTTPError) return `HTTP ${error.statusCode}`;
  if (error instanceof webApi.WebAPIRequestError) return `unreachable: ${error.original.message}`;
  if (error instanceof webApi.WebAPIRateLimitedError) return `rate limited for ${error.retryAfter} s`;
  return error instanceof Error ? error.message : String(error);
}
