import type { ChatDeps } from '../chat-deps.js';
import type { ZaloApi } from './zalo-api.js';

/** What puts a message in a chat: what Zalo's limits count. */
const POSTING = new Set(['sendMessage', 'sendPhoto']);

/**
 * The API command answers use: a message waits for its turn in the chat's send budget, the one
 * the chat's alerts spend (`ChatDeps.inTurn`), so an answer right after an alert meets no limit.
 */
export function pacedApi(api: ZaloApi, inTurn: ChatDeps['inTurn']): ZaloApi {
  return {
    call(method, body, schema, options) {
      const chat = 'chat_id' in body ? body.chat_id : undefined;
      if (!POSTING.has(method) || typeof chat !== 'string') return api.call(method, body, schema, options);
      return inTurn(chat, () => api.call(method, body, schema, options));
    },
  };
}
