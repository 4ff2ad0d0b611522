import { describe, expect, it } from 'vitest';
import { answerCommand } from '../../src/commands/index.js';
import { createBalanceReader } from '../../src/commands/balance/balance-reader.js';
import { searchOver } from '../helpers/search-over.js';
import type { Account, ProviderName } from '../../src/core/model.js';
import { ok } from '../../src/core/result.js';
import { toPlainText } from '../../src/render/plain-text.js';
import { silentLogger } from '../../src/log/logger.js';
import { memoryRuleBook } from '../helpers/memory-rules.js';
import { renderContext } from '../helpers/render-context.js';

async function sampleFrom(providers: ProviderName[]): Promise<string> {
  const balances = createBalanceReader({
    sources: providers.map((provider) => ({ provider, listAccounts: () => Promise.resolve(ok<Account[]>([])) })),
    watch: null, logger: silentLogger,
  });
  const answer = await answerCommand(
    { command: 'test', args: '', chatId: '-1001', allowed: true, platform: 'telegram' },
    {
      balances,
      search: searchOver([]),
      render: renderContext('en'),
      rules: memoryRuleBook('telegram', ['-1001']),
      logger: silentLogger,
    },
  );
  if (answer.kind !== 'text') throw new Error('/test answers with a message');
  return toPlainText(answer.doc);
}

describe('/test', () => {
  it('names a provider this bot reads, so the sample looks like the alerts the chat will get', async () => {
    const casso = await sampleFrom(['casso']);
    expect(casso).toContain('Casso');
    expect(casso).not.toContain('SePay');
    expect(await sampleFrom(['sepay', 'casso'])).toContain('SePay');
  });
});
