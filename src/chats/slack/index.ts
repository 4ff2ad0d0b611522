import { plural } from '../../checks/check-row.js';
import { defineChat } from '../../core/chat.js';
import { CAPABILITIES } from './capabilities.js';
import type { ChatDeps } from '../chat-deps.js';
import { slackConfig } from './config.js';

/** Slack through Bolt: alerts with chat.postMessage, slash commands over HTTP or Socket Mode. */
export const slack = defineChat({
  name: 'slack',
  capabilities: CAPABILITIES,
  config: slackConfig,
  describe(settings) {
    if (settings === null) return null;
    const receiver = settings.appToken === null ? `HTTP receiver on port ${settings.port}` : 'Socket Mode';
    return `Slack (${plural(settings.channelIds.length, 'channel')}, ${receiver})`;
  },
  async connect(settings, deps: ChatDeps) {
    if (settings === null) return null;
    const targets = settings.channelIds;
    const { createSlackChat } = await import('./slack-chat.js');
    const chat = createSlackChat({
      botToken: settings.botToken,
      signingSecret: settings.signingSecret,
      appToken: settings.appToken,
      port: settings.port,
      apiUrl: settings.apiUrl,
      logger: deps.logger,
      render: deps.render,
      isAllowed: deps.allowedAmong(targets),
      adminUserIds: settings.adminUserIds,
      commands: deps.commands,
      answer: deps.answer,
      inTurn: deps.inTurn,
      acknowledge: deps.acknowledge,
    });
    return { ...chat, targets };
  },
  async doctor(settings, options) {
    if (settings === null) return null;
    const { checkSlack } = await import('./doctor-check.js');
    return checkSlack(settings, options);
  },
});
