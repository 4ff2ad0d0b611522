import type { Config } from '../config/schema.js';
import { okRow, warnRow, type CheckRow } from './check-row.js';

/** What the configuration turns on, in one row; the loader has already refused anything invalid. */
export function checkConfig(config: Config): CheckRow {
  const providers = [
    config.casso ? 'Casso' : null,
    config.sepay ? `SePay (API ${config.sepay.apiVersion})` : null,
  ].filter((p) => p !== null);
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const chats = [
    config.telegram ? `Telegram (${plural(config.telegram.chatIds.length, 'chat')})` : null,
    config.slack
      ? `Slack (${plural(config.slack.channelIds.length, 'channel')}, ${config.slack.appToken === null ? `HTTP receiver on port ${config.slack.port}` : 'Socket Mode'})`
      : null,
  ].filter((c) => c !== null);
  const watch = config.watchAccounts === null ? 'every account' : plural(config.watchAccounts.length, 'account');
  const summary = `valid: ${providers.join(' and ')}, watching ${watch}`;
  if (chats.length === 0) {
    return warnRow('config', `${summary}; no chat is configured, so alerts are only printed. Set TELEGRAM_* or SLACK_* to send them to a chat`);
  }
  return okRow('config', `${summary}; alerts to ${chats.join(' and ')}`);
}
