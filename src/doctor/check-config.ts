import { CHAT_SWITCHES, CHATS } from '../chats/index.js';
import type { Config } from '../config/schema.js';
import { PROVIDERS } from '../providers/index.js';
import { okRow, plural, warnRow, type CheckRow } from '../checks/check-row.js';

/** What the configuration turns on, in one row; the loader has already refused anything invalid. */
export function checkConfig(config: Config): CheckRow {
  const providers = PROVIDERS.flatMap((provider) => provider.describe(config.plugins) ?? []);
  const chats = CHATS.flatMap((chat) => chat.describe(config.plugins) ?? []);
  const watch = config.watchAccounts === null ? 'every account' : plural(config.watchAccounts.length, 'account');
  const summary = `valid: ${providers.join(' and ')}, watching ${watch}`;
  if (chats.length === 0) {
    return warnRow('config', `${summary}; no chat is configured, so alerts are only printed. Set ${CHAT_SWITCHES} to send them to a chat`);
  }
  return okRow('config', `${summary}; alerts to ${chats.join(' and ')}`);
}
