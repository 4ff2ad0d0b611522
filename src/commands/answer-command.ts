import { balanceDoc } from '../render/balance.js';
import type { Doc } from '../render/doc.js';
import { findErrorDoc, findResultDoc, findUsageDoc } from '../render/find-result.js';
import { helpDoc, refusalDoc, startDoc } from '../render/help.js';
import type { RenderContext } from '../render/messages.js';
import type { BalanceReader } from './balance-reader.js';
import { parseFindQuery } from './find/query.js';
import type { TransactionSearch } from './find/search-index.js';

export const COMMANDS = ['balance', 'find', 'help', 'start'] as const;
export type CommandName = (typeof COMMANDS)[number];

export interface CommandRequest {
  command: CommandName;
  /** Everything after the command word. */
  args: string;
  /** The chat or channel asking, as the platform names it. */
  chatId: string;
  /** Whether that chat is in the allow list (TELEGRAM_CHAT_IDS / SLACK_CHANNEL_IDS). */
  allowed: boolean;
  /** `/start` exists on Telegram only. */
  platform: 'telegram' | 'slack' | 'console';
}

export interface CommandDeps {
  balances: BalanceReader;
  search: TransactionSearch;
  render: RenderContext;
}

/** At most this many transactions are shown in a /find answer, which also gives the total count. */
export const FIND_LIMIT = 10;

/**
 * The chat-agnostic half of every command: who may ask, what the answer says. Adapters
 * parse the platform's update into a CommandRequest and render the returned Doc.
 */
export async function answerCommand(request: CommandRequest, deps: CommandDeps): Promise<Doc> {
  const { render } = deps;
  if (request.command === 'start' && request.platform === 'telegram') {
    // Even a chat not yet allowed learns its own id: that is how an operator sets the bot up.
    return startDoc(request.chatId, render.locale);
  }
  if (!request.allowed) return refusalDoc(render.locale);
  switch (request.command) {
    case 'balance':
      return balanceDoc(await deps.balances.read(), render);
    case 'find': {
      if (request.args.trim() === '') return findUsageDoc(render);
      const query = parseFindQuery(request.args);
      if (!query.ok) return findErrorDoc(query.error, render);
      const result = deps.search.find(query.value, { timeZone: render.timeZone, limit: FIND_LIMIT });
      return findResultDoc(result, render);
    }
    case 'help':
    case 'start':
      return helpDoc(render.locale, { withStart: request.platform === 'telegram' });
  }
}
