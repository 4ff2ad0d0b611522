import { afterEach, describe, expect, it } from 'vitest';
import { refusalDoc } from '../../src/commands/answer-command.js';
import { createTelegramChat } from '../../src/chats/telegram/telegram-chat.js';
import { Dispatcher } from '../../src/delivery/dispatcher.js';
import { SendBudgets } from '../../src/delivery/send-budgets.js';
import { silentLogger } from '../../src/log/logger.js';
import { openFileStore } from '../../src/store/files/file-store.js';
import { startFakeTelegram } from '../../fakes/telegram/server.js';
import { tempDir } from '../helpers/temp-dir.js';
import { makeTransaction } from '../../fakes/transactions.js';
import { textAnswer } from '../../src/commands/command.js';
import { renderContext } from '../helpers/render-context.js';
import { COMMANDS } from '../../src/commands/index.js';
import { unpaced } from '../helpers/unpaced.js';

const GROUP = '-1001234567890';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function until(check: () => boolean, timeoutMs: number): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('Telegram delivery through the outbox', () => {
  it('gets 300 payments at once into a group in few digests, each exactly once, without a 429', async () => {
    // The fake's own limits: a burst of 3, then 1/s per chat, 20 a minute per group.
    const telegram = await startFakeTelegram();
    cleanup.push(() => telegram.close());
    const chat = createTelegramChat({
      inTurn: unpaced,
      token: telegram.token,
      apiRoot: telegram.url,
      logger: silentLogger,
      render: renderContext('vi'),
      isAllowed: () => true,
      commands: COMMANDS,
      answer: async () => textAnswer(refusalDoc('vi')),
    });
    const store = await openFileStore({ dataDir: await tempDir() });
    const destination = { id: `telegram:${GROUP}`, sender: chat.sender, target: GROUP };
    const dispatcher = new Dispatcher({ budgets: new SendBudgets(), store, destinations: [destination], logger: silentLogger });
    dispatcher.start();
    cleanup.push(() => dispatcher.stop().then(() => store.close()));

    const txs = Array.from({ length: 300 }, (_, i) => makeTransaction({ amount: 100_000 + i * 1_000, content: `Thanh toan DH${5000 + i} cho cua hang` }));
    // Three providers' worth, committed one after another as poll cycles do.
    for (let part = 0; part < 3; part++) {
      const slice = txs.slice(part * 100, part * 100 + 100);
      await store.commit({ transactions: slice.map((tx) => ({ tx, alert: true })), destinations: [destination.id] });
    }
    await until(() => store.outboxSize === 0, 10_000);

    expect(telegram.errors).toEqual([]);
    const messages = telegram.sentTo(GROUP);
    expect(messages.length).toBeLessThanOrEqual(6);
    const visible = messages.map((m) => m.visible).join('\n');
    for (let i = 0; i < 300; i++) expect(visible.match(new RegExp(`\\bDH${5000 + i}\\b`, 'g'))).toHaveLength(1);
  });
});
