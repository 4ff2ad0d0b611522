import { plural } from '../../checks/check-row.js';
import type { Chat } from '../chat.js';

/** Telegram through grammY: alerts with sendMessage, commands by long polling. */
export const telegram: Chat = {
  name: 'telegram',
  describe: (config) => (config.telegram === null ? null : `Telegram (${plural(config.telegram.chatIds.length, 'chat')})`),
  async connect(config, deps) {
    const settings = config.telegram;
    if (settings === null) return null;
    const targets = settings.chatIds;
    const { createTelegramChat } = await import('./telegram-chat.js');
    const chat = createTelegramChat({
      token: settings.botToken,
      apiRoot: settings.apiRoot,
      logger: deps.logger,
      render: deps.render,
      isAllowed: deps.allowedAmong(targets),
      answer: deps.answer,
      acknowledge: deps.acknowledge,
      leading: deps.leading,
    });
    return { ...chat, targets, pollsPlatform: true };
  },
  async doctor(config, options) {
    if (config.telegram === null) return null;
    const { checkTelegram } = await import('./doctor-check.js');
    return checkTelegram(config.telegram, options);
  },
};
