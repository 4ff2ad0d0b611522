import type { Acknowledgement } from '../../core/acknowledgement.js';
import { transactionKey } from '../../core/model.js';
import { parseFindQuery } from '../../search/query.js';
import type { TransactionSearch } from '../../search/history-search.js';
import { followedBy, textAnswer, type Command, type CommonDeps } from '../command.js';
import { findErrorDoc, findResultDoc, findUsageDoc } from './find-doc.js';

/** At most this many transactions are shown in a /find answer, which also gives the total count. */
const FIND_LIMIT = 10;

export interface FindDeps extends CommonDeps {
  search: TransactionSearch;
  /** The acknowledgements made in a destination (`/find` shows them); absent = none shown. */
  acknowledgements?: (dest: string, keys: readonly string[]) => Promise<Acknowledgement[]>;
}

/** `/find <query>`: the newest matching transactions of the accounts the chat follows, and how many matched. */
export const find: Command<FindDeps> = {
  name: 'find',
  help: {
    vi: { usage: '/find <truy vấn>', description: 'tìm giao dịch; gõ /find để xem cách viết truy vấn' },
    en: { usage: '/find <query>', description: 'search transactions; send /find alone for how to write a query' },
  },
  manifest: { description: 'Search recent payments', usageHint: '500k | chuyen tien | 03/11/2025 | from:01/11/2025 to:30/11/2025 | acc:1234' },
  async answer(request, chat, deps) {
    const { render } = chat;
    if (request.args.trim() === '') return textAnswer(findUsageDoc(render));
    const query = parseFindQuery(request.args);
    if (!query.ok) return textAnswer(findErrorDoc(query.error, render));
    const result = await deps.search.find(query.value, { timeZone: render.timeZone, limit: FIND_LIMIT, account: followedBy(chat.rules) });
    return textAnswer(findResultDoc(result, render, await acknowledgementsFor(chat.dest, result.shown.map(transactionKey), deps)));
  },
};

/**
 * The acknowledgements made in the asking chat (each chat sees its own). The payments come
 * from memory; should the acknowledgements not be readable (a database that is down), the
 * answer still lists the payments, and the log says why it shows no acknowledgement.
 */
async function acknowledgementsFor(dest: string | null, keys: readonly string[], deps: FindDeps): Promise<Acknowledgement[]> {
  if (dest === null || deps.acknowledgements === undefined || keys.length === 0) return [];
  try {
    return await deps.acknowledgements(dest, keys);
  } catch (error) {
    deps.logger.warn('find.acknowledgements_unreadable', { dest, error: String(error), effect: 'the answer shows no acknowledgements' });
    return [];
  }
}
