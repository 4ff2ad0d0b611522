import { afterEach, describe, expect, it } from 'vitest';
import { refusalDoc } from '../../src/render/help.js';
import { createTelegramChat } from '../../src/chats/telegram/telegram-chat.js';
import { Dispatcher } from '../../src/delivery/dispatcher.js';
import { silentLogger } from '../../src/log/logger.js';
import { Store } from '../../src/store/store.js';
import { startFakeTelegram } from '../fakes/telegram-server.js';
import { tempDir } from '../helpers/temp-dir.js';
import { makeTransaction } from '../helpers/transactions.js';

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
  it('gets 60 payments at once into a group within 10 s, each exactly once, without a 429', async () => {
    const telegram = await startFakeTelegram({ groupLimitPerMinute: 20, perChatBurst: 1 });
    cleanup.push(() => telegram.close());
    const chat = createTelegramChat({
      token: telegram.token,
      apiRoot: telegram.url,
      logger: silentLogger,
      render: { timeZone: 'Asia/Ho_Chi_Minh', locale: 'vi' },
      isAllowed: () => true,
      answer: async () => refusalDoc('vi'),
    });
    const store = await Store.open({ dataDir: await tempDir() });
    const destination = { id: `telegram:${GROUP}`, sender: chat.sender, target: GROUP };
    const dispatcher = new Dispatcher({ store, destinations: [destination], logger: silentLogger });
    dispatcher.start();
    cleanup.push(() => dispatcher.stop().then(() => store.close()));

    const txs = Array.from({ length: 60 }, (_, i) => makeTransaction({ amount: 100_000 + i * 1_000, content: `Thanh toan DH${5000 + i}` }));
    const started = Date.now();
    await store.commit({ transactions: txs.map((tx) => ({ tx, alert: true })), destinations: [destination.id] });
    await until(() => store.outboxSize === 0, 10_000);

    expect(Date.now() - started).toBeLessThan(10_000);
    expect(telegram.errors).toEqual([]);
    const visible = telegram.sentTo(GROUP).map((m) => m.visible).join('\n');
    for (let i = 0; i < 60; i++) expect(visible.match(new RegExp(`\\bDH${5000 + i}\\b`, 'g'))).toHaveLength(1);
    expect(telegram.sentTo(GROUP).length).toBeLessThanOrEqual(3);
  });
});
