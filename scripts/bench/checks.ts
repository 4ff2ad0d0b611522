import { freePort } from '../../fakes/free-port.js';
import { wireDate } from '../../fakes/sepay/common.js';
import { startFakeSepay } from '../../fakes/sepay/v1.js';
import { startFakeTelegram, type FakeTelegram } from '../../fakes/telegram/server.js';
import { startBot, type RunningBot } from '../../src/app/start-bot.js';
import { silentLogger } from '../../src/log/logger.js';
import { config, sleep, withTempDir } from './environment.js';
import { percentile, report } from './figures.js';
import { deliverSepayWebhook, WEBHOOK_KEY } from './sepay-webhook.js';

/*
 * `npm run bench checks`: how soon a `/check` answered ⏳ turns ✅ once its payment is in: from a
 * SePay webhook delivery the bot stored (its 200), and from a payment appearing at SePay with a
 * 1-second poll schedule, until the fake Telegram (its limits on) accepted the edit.
 */

/** The cashier's private chat with the bot: no group's 20 a minute, so what is measured is the bot, not that limit. */
const CHAT = '777001';
const SHOP = '0071000888888';

/** Asks `/check <amount>` in the group and waits until the waiting answer is placed; its message id. */
async function askWaiting(telegram: FakeTelegram, bot: RunningBot, amount: number): Promise<number> {
  const before = telegram.sentTo(CHAT).length;
  telegram.sendText(CHAT, `/check ${amount}`);
  for (;;) {
    const answer = telegram.sentTo(CHAT).slice(before).find((m) => m.visible.startsWith('⏳'));
    if (answer !== undefined && bot.store.paymentChecks().some((c) => c.messageRef === String(answer.messageId))) return answer.messageId;
    await sleep(5);
  }
}

/** Waits until the message was edited to ✅; when that was seen (performance.now), or NaN after 30 s. */
async function edited(telegram: FakeTelegram, messageId: number): Promise<number> {
  const deadline = performance.now() + 30_000;
  while (performance.now() < deadline) {
    if (telegram.edits.some((e) => e.messageId === messageId && e.visible.startsWith('✅'))) return performance.now();
    await sleep(2);
  }
  return NaN;
}

export async function checks(): Promise<void> {
  const samples = Number(process.env.BENCH_LATENCY_SAMPLES ?? 12);
  const sepay = await startFakeSepay();
  const telegram = await startFakeTelegram();
  sepay.addBankAccount({ accountNumber: SHOP, bankShortName: 'MBBank' });
  const port = await freePort();
  try {
    await withTempDir(async (dataDir) => {
      const env = {
        SEPAY_API_TOKEN: 'test-sepay-token',
        SEPAY_API_BASE: sepay.url,
        DATA_DIR: dataDir,
        POLL_CRON: '* * * * * *',
        TELEGRAM_BOT_TOKEN: telegram.token,
        TELEGRAM_API_ROOT: telegram.url,
        TELEGRAM_CHAT_IDS: CHAT,
        WEBHOOK_PORT: String(port),
        SEPAY_WEBHOOK_API_KEY: WEBHOOK_KEY,
      };
      const bot = await startBot(config(env), { logger: silentLogger });
      try {
        await bot.pollNow(); // first start: what exists is history
        const pushed: number[] = [];
        const polled: number[] = [];
        for (let i = 0; i < samples; i++) {
          // Each check its own amount, so that each payment answers the one it was made for.
          const amount = 100_000 + i * 1_000;
          const messageId = await askWaiting(telegram, bot, amount);
          // Paid a few seconds after asking, as at a till (the case: 3 s).
          await sleep(3_000 + Math.random() * 500);
          const status = await deliverSepayWebhook(port, { id: 700_000 + i, accountNumber: SHOP, content: `CK ${i}`, referenceCode: `FTC${i}`, amount, transactionDate: wireDate(new Date(), () => new Date()) });
          if (status !== 200) throw new Error(`webhook answered ${status}`);
          const stored = performance.now();
          pushed.push((await edited(telegram, messageId)) - stored);

          const polledAmount = 500_000 + i * 1_000;
          const polledId = await askWaiting(telegram, bot, polledAmount);
          await sleep(3_000 + Math.random() * 500);
          sepay.addTransaction({ accountNumber: SHOP, amountIn: polledAmount, content: `CK POLL ${i}` });
          const appeared = performance.now();
          polled.push((await edited(telegram, polledId)) - appeared);
        }
        report(`/check ⏳ to ✅ after its payment reached the bot by webhook, p95 (${samples})`, percentile(pushed, 95) / 1000, 's', 2);
        // The poll that finds it comes within 1 s: then as fast as a pushed payment.
        report(`/check ⏳ to ✅ after its payment appeared, 1 s poll schedule, p95 (${samples})`, percentile(polled, 95) / 1000, 's', 3);
      } finally {
        await bot.stop();
      }
    });
  } finally {
    await telegram.close();
    await sepay.close();
  }
}
