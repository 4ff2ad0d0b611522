import { describe, expect, it } from 'vitest';
import { startFakeSepay } from '../../fakes/sepay/v1.js';
import { startFakeTelegram, type FakeTelegram } from '../../fakes/telegram/server.js';
import { startHarness } from '../helpers/bot-harness.js';
import { closedAfterEach } from '../helpers/closers.js';
import { tempDir } from '../helpers/temp-dir.js';
import { until } from '../helpers/until.js';

const OLD = -5555;
const NEW = -1005555;
const ADMIN = { id: 1, first_name: 'Hoa' };
const SHOP = '0071000888888';

const closers = closedAfterEach();

/** Types a command and returns the bot's answer. */
async function ask(telegram: FakeTelegram, chatId: number, text: string): Promise<string> {
  const before = telegram.sentTo(chatId).length;
  telegram.sendText(chatId, text, { from: ADMIN });
  await until(() => telegram.sentTo(chatId).length > before, 5000, `the answer to ${text}`);
  return telegram.sentTo(chatId)[before]?.visible ?? '';
}

describe('a Telegram group that became a supergroup', () => {
  it('gets its alerts at its new id, takes commands from there with the rules it had, and is remembered across a restart', async () => {
    const sepay = await startFakeSepay();
    const telegram = await startFakeTelegram({ perChatBurst: 20, perChatPerSecond: 20 });
    closers.push(sepay, telegram);
    telegram.addChat(OLD, { type: 'group', admins: [ADMIN.id] });
    sepay.addBankAccount({ accountNumber: SHOP, accumulated: 5_000_000, bankShortName: 'MBBank' });
    const dataDir = await tempDir();
    const start = () => startHarness({ dataDir, sepay, env: telegram.botEnv(String(OLD)) });
    const h = await start();
    await h.bot.pollNow();
    expect(await ask(telegram, OLD, '/min 100k')).toContain('100.000 ₫');

    // Telegram answers the next message to the old id with the new one.
    telegram.failNextSend(OLD, 'migrate', { migrateTo: NEW });
    telegram.addChat(NEW, { admins: [ADMIN.id] });
    sepay.addTransaction({ accountNumber: SHOP, amountIn: 50_000, content: 'small DH1' });
    sepay.addTransaction({ accountNumber: SHOP, amountIn: 250_000, content: 'big DH2' });
    await h.bot.pollNow();
    await until(() => h.bot.store.outboxSize === 0, 8000, 'the outbox to drain');
    expect(telegram.sentTo(NEW).map((m) => m.visible)).toEqual([expect.stringContaining('big DH2')]);
    expect(await ask(telegram, NEW, '/settings')).toContain('100.000 ₫');
    await h.stop();

    const again = await start();
    expect(await ask(telegram, NEW, '/min 300k')).toContain('300.000 ₫');
    sepay.addTransaction({ accountNumber: SHOP, amountIn: 250_000, content: 'below DH3' });
    sepay.addTransaction({ accountNumber: SHOP, amountIn: 400_000, content: 'above DH4' });
    await again.bot.pollNow();
    await until(() => again.bot.store.outboxSize === 0, 8000, 'the outbox to drain');
    expect(telegram.sentTo(NEW).map((m) => m.visible).filter((text) => text.includes('DH'))).toEqual([
      expect.stringContaining('big DH2'),
      expect.stringContaining('above DH4'),
    ]);
  });
});
