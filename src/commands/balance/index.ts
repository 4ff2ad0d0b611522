import { followsAccount, type ChatRules } from '../../core/chat-rules.js';
import { textAnswer, type Command, type CommonDeps } from '../command.js';
import { balanceDoc } from './balance-doc.js';
import type { BalanceAnswer, BalanceReader } from './balance-reader.js';

export interface BalanceDeps extends CommonDeps {
  balances: BalanceReader;
}

/** `/balance`: every watched account the chat follows, as the providers read it now. */
export const balance: Command<BalanceDeps> = {
  name: 'balance',
  help: {
    vi: { usage: '/balance', description: 'số dư các tài khoản đang theo dõi' },
    en: { usage: '/balance', description: 'balances of the watched accounts' },
  },
  manifest: { description: 'Balances of the watched bank accounts' },
  answer: async (_request, chat, deps) => textAnswer(balanceDoc(followedOnly(await deps.balances.read(), chat.rules), chat.render)),
};

/** A /balance answer without the accounts this chat does not follow. */
function followedOnly(answer: BalanceAnswer, rules: ChatRules): BalanceAnswer {
  if (rules.accounts === null) return answer;
  return { ...answer, entries: answer.entries.filter((entry) => !('account' in entry) || followsAccount(rules, entry.account.accountNumber)) };
}

export { createBalanceReader } from './balance-reader.js';
