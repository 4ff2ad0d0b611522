import { plural } from '../../checks/check-row.js';
import { defineChat } from '../../core/chat.js';
import { CAPABILITIES } from './capabilities.js';
import type { ChatDeps } from '../chat-deps.js';
import { telegramConfig } from './config.js';

/** Telegram through grammY: alerts with sendMessage, commands by long polling. */
export const telegram = defineChat({
  name: 'telegram',
  capabilities: CAPABILITIES,
  config: telegramConfig,
  describe: (settings) => (settings === null ? null : `Telegram (${plural(settings.chatIds.length, 'chat')})`),
  async connect(settings, deps: ChatDeps) {
    if (settings === null) return null;
    const targets = settings.chatIds;
    const { createTelegramChat } = await import('./telegram-chat.js');
    const chat = createTelegramChat({
      token: settings.botToken,
      apiRoot: settings.apiRoot,
      logger: deps.logger,
      render: deps.render,
      isAllowed: deps.allowedAmong(targets),
      chats: targets,
      commands: deps.commands,
      answer: deps.answer,
      acknowledge: deps.acknowledge,
      leading: deps.leading,
      inTurn: deps.inTurn,
    });
    return { ...chat, targets, pollsPlatform: true };
  },
  async doctor(settings, options) {
    if (settings === null) return null;
    const { checkTelegram } = await import('./doctor-check.js');
    return checkTelegram(settings, options);
  },
});
