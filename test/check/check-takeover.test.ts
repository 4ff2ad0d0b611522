import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../fakes/free-port.js';
import { POSTGRES_MISSING, startPostgres, type PostgresServer } from '../../fakes/postgres-server.js';
import { startFakeSepay } from '../../fakes/sepay/v1.js';
import { startFakeTelegram } from '../../fakes/telegram/server.js';
import { startHarness } from '../helpers/bot-harness.js';
import { closedAfterEach } from '../helpers/closers.js';
import { tempDir } from '../helpers/temp-dir.js';
import { until } from '../helpers/until.js';
import { askQr as ask, pushSepay, SEPAY_WEBHOOK_KEY } from '../qr/telegram-qr.js';

const GROUP = -1001234567890;
const SHOP = '0071000888888';

let server: PostgresServer;
const closers = closedAfterEach();

describe.skipIf(POSTGRES_MISSING !== null)(`/check across a takeover${POSTGRES_MISSING === null ? '' : ` (skipped: ${POSTGRES_MISSING})`}`, () => {
  beforeAll(async () => {
    server = await startPostgres();
  });
  afterAll(() => server?.stop());

  it('the bot that takes over edits the answer the old leader posted, when the payment reaches it', async () => {
    const sepay = await startFakeSepay();
    const telegram = await startFakeTelegram({ perChatBurst: 20, perChatPerSecond: 20 });
    closers.push(sepay, telegram);
    telegram.addChat(GROUP);
    sepay.addBankAccount({ accountNumber: SHOP, bankShortName: 'MBBank' });
    const databaseUrl = await server.createDatabase();
    const start = async () => {
      const webhookPort = await freePort();
      const h = await startHarness({
        dataDir: await tempDir(),
        sepay,
        env: { DATABASE_URL: databaseUrl, ...telegram.botEnv(String(GROUP)), WEBHOOK_PORT: String(webhookPort), SEPAY_WEBHOOK_API_KEY: SEPAY_WEBHOOK_KEY },
      });
      return { h, webhookPort };
    };
    const leader = await start();
    await leader.h.bot.pollNow();
    const standby = await start();
    expect(standby.h.logs.some((l) => l.includes('bot.started') && l.includes('leading=false'))).toBe(true);

    const { answer } = await ask(telegram, GROUP, '/check 600k');
    expect(answer.visible).toMatch(/^⏳/);
    await until(() => standby.h.bot.store.paymentChecks().some((c) => c.messageRef === String(answer.messageId)), 5000, 'the standby seeing the check placed');
    await leader.h.stop();
    await until(() => standby.h.logs.some((l) => l.includes('leader.elected')), 15_000, 'the standby taking over');

    await pushSepay(sepay, standby.webhookPort, { accountNumber: SHOP, amount: 600_000, content: 'sau khi doi leader' });
    await until(() => telegram.edits.some((e) => e.messageId === answer.messageId), 5000, 'the ✅ edit by the new leader');
    expect(telegram.edits.filter((e) => e.messageId === answer.messageId).map((e) => e.visible.split('\n')[0])).toEqual(['✅ Đã nhận 600.000 ₫']);
  }, 60_000);
});
