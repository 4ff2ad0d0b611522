import { slackConfig } from '../../src/chats/slack/config.js';
import { telegramConfig } from '../../src/chats/telegram/config.js';
import { zaloConfig } from '../../src/chats/zalo/config.js';
import type { Config } from '../../src/config/schema.js';
import { settingsOf } from '../../src/core/config-part.js';
import { cassoConfig } from '../../src/providers/casso/config.js';
import { sepayConfig } from '../../src/providers/sepay/config.js';

export { PLUGINS } from '../../src/app/plugins.js';

/** A configuration as the tests read it: the shared settings, and each plug-in's own under its name. */
export function byName({ plugins, ...shared }: Config) {
  return {
    ...shared,
    casso: settingsOf(plugins, cassoConfig),
    sepay: settingsOf(plugins, sepayConfig),
    telegram: settingsOf(plugins, telegramConfig),
    slack: settingsOf(plugins, slackConfig),
    zalo: settingsOf(plugins, zaloConfig),
  };
}
