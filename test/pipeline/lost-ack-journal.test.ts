import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startFakeSepay } from '../../fakes/sepay/v1.js';
import { startFakeTelegram, type FakeTelegram } from '../../fakes/telegram/server.js';
import { startHarness, type Harness } from '../helpers/bot-harness.js';
import { closedAfterEach } from '../helpers/closers.js';
import { tempDir } from '../helpers/temp-dir.js';
import { until } from '../helpers/until.js';

const GROUP = -1001234567890;
const SHOP = '0071000888888';
const LAN = { id: 4242, first_name: 'Lan' };
const closers = closedAfterEach();

async function press(telegram: FakeTelegram, messageId: number): Promise<string | undefined> {
  const id = telegram.pressButton(GROUP, messageId, { from: LAN });
  await until(() => telegram.callbackAnswers.some((a) => a.callbackQueryId === id), 5000, 'the answer to the press');
  return telegram.callbackAnswers.find((a) => a.callbackQueryId === id)?.text;
}

/** Mentions of `content` in the group: the alert is sent once, never again. */
const sentWith = (telegram: FakeTelegram, content: string) => telegram.sentTo(GROUP).filter((m) => m.visible.includes(content));

/** How the journal is lost, and whether the bot can write it again afterwards. */
const LOSSES: [string, (file: string) => Promise<void>, boolean][] = [
  ['removed', (file) => rm(file), true],
  // As root a mode bit stops nothing; a directory where the file was cannot be written by anyone.
  [
    'replaced by a directory (unwritable)',
    async (file) => {
      await rm(file);
      await mkdir(file);
    },
    false,
  ],
];

describe('a lost acknowledgement journal (DATA_DIR)', () => {
  it.each(LOSSES)('%s: costs at most the button, never a repeated alert', async (_name, lose, writableAgain) => {
    const sepay = await startFakeSepay();
    const telegram = await startFakeTelegram({ perChatBurst: 20, perChatPerSecond: 20 });
    closers.push(sepay, telegram);
    telegram.addChat(GROUP);
    sepay.addBankAccount({ accountNumber: SHOP, accumulated: 5_000_000 });
    const dataDir = await tempDir();
    const h: Harness = await startHarness({ dataDir, sepay, env: telegram.botEnv(String(GROUP)) });
    await h.bot.pollNow();

    const alertOf = async (content: string) => {
      sepay.addTransaction({ accountNumber: SHOP, amountIn: 150_000, content });
      await h.bot.pollNow();
      await until(() => h.bot.store.outboxSize === 0 && sentWith(telegram, content).length > 0, 8000, `the alert ${content}`);
      return sentWith(telegram, content)[0]!;
    };
    const before = await alertOf('DH-BEFORE');
    await lose(path.join(dataDir, 'acknowledgements.jsonl'));

    const lost = await alertOf('DH-LOST');
    const after = await alertOf('DH-AFTER');
    expect(sentWith(telegram, 'DH-LOST')).toHaveLength(1);
    expect(sentWith(telegram, 'DH-AFTER')).toHaveLength(1);
    expect(h.bot.store.writable).toBe(true);
    expect(h.logs.some((line) => line.includes('ack.message_unrecorded'))).toBe(true);
    expect(h.logs.some((line) => line.includes('state.unwritable'))).toBe(false);

    // The button of the alert whose record was lost answers that it is no longer known.
    expect(await press(telegram, lost.messageId)).toBe('Không còn tìm thấy thông báo này.');
    if (writableAgain) {
      // The journal is written again from what the bot holds: the buttons before and after work.
      expect(await press(telegram, before.messageId)).toBe('Đã ghi nhận.');
      expect(await press(telegram, after.messageId)).toBe('Đã ghi nhận.');
    } else {
      // A press that cannot be recorded is answered so; the state itself is not taken for unwritable.
      expect(await press(telegram, before.messageId)).toMatch(/Không trả lời được/);
      expect(h.bot.store.writable).toBe(true);
    }
    expect(h.logs.some((line) => line.includes('state.unwritable'))).toBe(false);
    expect(sentWith(telegram, 'DH-LOST')).toHaveLength(1);
  });
});
