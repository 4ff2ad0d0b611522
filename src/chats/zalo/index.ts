import { plural } from '../../checks/check-row.js';
import { defineChat } from '../../core/chat.js';
import { CAPABILITIES } from './capabilities.js';
import type { ChatDeps } from '../chat-deps.js';
import { zaloConfig } from './config.js';

/** Zalo through its Bot Platform's Bot API: alerts with sendMessage, what people write by long polling getUpdates. */
export const zalo = defineChat({
  name: 'zalo',
  capabilities: CAPABILITIES,
  config: zaloConfig,
  describe: (settings) => (settings === null ? null : `Zalo (${plural(settings.chatIds.length, 'chat')})`),
  async connect(settings, deps: ChatDeps) {
    if (settings === null) return null;
    const targets = settings.chatIds;
    const { createZaloChat } = await import('./zalo-chat.js');
    const chat = createZaloChat({
      token: settings.botToken,
      apiRoot: settings.apiRoot,
      logger: deps.logger,
      render: deps.render,
      isAllowed: deps.allowedAmong(targets),
      answer: deps.answer,
      leading: deps.leading,
      inTurn: deps.inTurn,
      web: deps.web,
      openRequest: deps.openRequest,
    });
    return { ...chat, targets };
  },
  async doctor(settings, options) {
    if (settings === null) return null;
    const { checkZalo } = await import('./doctor-check.js');
    return checkZalo(settings, options);
  },
});
