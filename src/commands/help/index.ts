import { textAnswer, type Command } from '../command.js';
import { helpDoc, startDoc } from './help-doc.js';

/** `/help`: what the bot does and the commands of the asking chat. */
export const help: Command = {
  name: 'help',
  help: {
    vi: { usage: '/help', description: 'hướng dẫn này' },
    en: { usage: '/help', description: 'this help' },
  },
  manifest: { description: 'What bankbell does and its commands' },
  answer: async (_request, chat) => textAnswer(helpDoc(chat.commands, chat.render.locale)),
};

/**
 * `/start`, where people open a chat with the bot by sending it (Telegram): the help and the
 * chat's own id, in the form the allow list takes, even in a chat not allowed yet.
 */
export const start: Command = {
  name: 'start',
  needs: 'start',
  everyChat: true,
  help: {
    vi: { usage: '/start', description: 'hướng dẫn này và ID của cuộc trò chuyện' },
    en: { usage: '/start', description: 'this help and the id of this chat' },
  },
  answer: async (request, chat) => textAnswer(startDoc(request.chatId, chat.commands, chat.render.locale)),
};
