import type { ProviderName } from '../../core/model.js';
import { textAnswer, type Command, type CommonDeps } from '../command.js';
import { sampleTransaction } from './sample-transaction.js';
import { testAlertDoc } from './test-doc.js';
import { WORDING } from './wording.js';

export interface TestDeps extends CommonDeps {
  /** The providers this bot reads, in configuration order (the sample names the first). */
  balances: { readonly providers: readonly ProviderName[] };
}

/**
 * `/test`: a sample alert as this chat would get it. Answered, never stored or queued: a sample
 * must not count in /find, /report or the outbox.
 */
export const test: Command<TestDeps> = {
  name: 'test',
  help: {
    vi: { usage: '/test', description: 'gửi một thông báo mẫu (THỬ) để xem thông báo trông thế nào' },
    en: { usage: '/test', description: 'post a sample alert (TEST) to see what alerts look like' },
  },
  manifest: { description: 'Post a sample alert marked TEST' },
  answer: async (_request, chat, deps) =>
    // The configuration turns at least one provider on; the sample names the first.
    textAnswer(testAlertDoc(sampleTransaction((deps.now ?? Date.now)(), WORDING[chat.render.locale], deps.balances.providers[0] ?? 'sepay'), chat.render)),
};
