import { describe, expect, it } from 'vitest';
import { freePort } from '../../fakes/free-port.js';
import { startFakeSepay } from '../../fakes/sepay/v1.js';
import { startFakeTelegram } from '../../fakes/telegram/server.js';
import { startHarness } from '../helpers/bot-harness.js';
import { closedAfterEach } from '../helpers/closers.js';
import { tempDir } from '../helpers/temp-dir.js';
import { until } from '../helpers/until.js';
import { askQr, pushSepay, SEPAY_WEBHOOK_KEY } from './telegram-qr.js';

const GROUP = -1001234567890;
const SHOP = '0071000888888';
/** Longer than Telegram's one message a second per chat (and the bot's margin on it). */
const A_SECOND_AND_MORE = 1_300;

const closers = closedAfterEach();
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('/qr edits and alerts to one Telegram chat', () => {
  it('a burst of payments answering open requests, and others, meets no 429: the edits spend the chat’s budget with the alerts', async () => {
    const sepay = await startFakeSepay();
    // Telegram's own limits: one message a second per chat, 20 a minute in a group; edits count.
    const telegram = await startFakeTelegram();
    closers.push(sepay, telegram);
    telegram.addChat(GROUP);
    sepay.addBankAccount({ accountNumber: SHOP, bankShortName: 'MBBank' });
    const webhookPort = await freePort();
    const h = await startHarness({
      dataDir: await tempDir(),
      sepay,
      env: { ...telegram.botEnv(String(GROUP)), WEBHOOK_PORT: String(webhookPort), SEPAY_WEBHOOK_API_KEY: SEPAY_WEBHOOK_KEY },
    });
    await h.bot.pollNow();

    // Three requests, asked a second apart: a command's answer goes at once, outside the budget.
    const codes: string[] = [];
    for (const amount of ['120k', '130k', '140k']) {
      await pause(A_SECOND_AND_MORE);
      const { code } = await askQr(telegram, GROUP, `/qr ${amount} acc:8888`);
      if (code === null) throw new Error('no code');
      codes.push(code);
    }
    await until(() => h.bot.store.paymentRequests().every((r) => r.messageRef !== null), 5000, 'the requests placed');
    await pause(A_SECOND_AND_MORE);
    expect(telegram.errors).toEqual([]);

    // Each request paid, with plain payments between: three edits and the alerts, all owed at once.
    for (const [i, code] of codes.entries()) {
      await pushSepay(sepay, webhookPort, { accountNumber: SHOP, amount: 120_000 + i * 10_000, content: `${code} thanh toan` });
      await pushSepay(sepay, webhookPort, { accountNumber: SHOP, amount: 50_000 + i, content: `PLAIN DH${i}` });
    }

    const alerted = () => telegram.sentTo(GROUP).filter((m) => m.photo === undefined).map((m) => m.visible).join('\n');
    await until(
      () => telegram.captionEdits.length === 3 && h.bot.store.outboxSize === 0 && [0, 1, 2].every((i) => alerted().includes(`PLAIN DH${i}`)),
      30_000,
      'every edit made and every payment alerted',
    );
    expect(telegram.captionEdits.map((e) => e.visible)).toEqual(codes.map(() => expect.stringMatching(/^✅ Đã nhận/)));
    expect(telegram.errors.filter((e) => e.errorCode === 429)).toEqual([]);
    expect(telegram.early).toEqual([]);
  }, 60_000);
});
