import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStream } from '../../fakes/counter-page.js';
import { freePort } from '../../fakes/free-port.js';
import { POSTGRES_MISSING, startPostgres, type PostgresServer } from '../../fakes/postgres-server.js';
import { startFakeSepay } from '../../fakes/sepay/v1.js';
import { startFakeTelegram } from '../../fakes/telegram/server.js';
import { startHarness } from '../helpers/bot-harness.js';
import { closedAfterEach } from '../helpers/closers.js';
import { tempDir } from '../helpers/temp-dir.js';
import { until } from '../helpers/until.js';
import { pushSepay, SEPAY_WEBHOOK_KEY } from '../qr/telegram-qr.js';

const GROUP = -1001234567890;
const SHOP = '0071000888888';
let server: PostgresServer;
const closers = closedAfterEach();

describe.skipIf(POSTGRES_MISSING !== null)(`the counter screen on a standby bot${POSTGRES_MISSING === null ? '' : ` (skipped: ${POSTGRES_MISSING})`}`, () => {
  beforeAll(async () => {
    server = await startPostgres();
  });
  afterAll(() => server?.stop());

  it("serves the link the leader made, shows what the leader stores, and goes on when the leader is gone", async () => {
    const sepay = await startFakeSepay();
    const telegram = await startFakeTelegram({ perChatBurst: 20, perChatPerSecond: 20 });
    closers.push(sepay, telegram);
    telegram.addChat(GROUP);
    sepay.addBankAccount({ accountNumber: SHOP, bankShortName: 'MBBank' });
    const databaseUrl = await server.createDatabase();
    const bot = async () => {
      const [webhookPort, webPort] = [await freePort(), await freePort()];
      const env = {
        ...telegram.botEnv(String(GROUP)),
        DATABASE_URL: databaseUrl,
        WEBHOOK_PORT: String(webhookPort),
        SEPAY_WEBHOOK_API_KEY: SEPAY_WEBHOOK_KEY,
        WEB_PORT: String(webPort),
      };
      return { h: await startHarness({ dataDir: await tempDir(), sepay, env }), webhookPort, webPort };
    };
    const leader = await bot();
    await leader.h.bot.pollNow();
    const standby = await bot();

    const before = telegram.sentTo(GROUP).length;
    telegram.sendText(GROUP, '/counter');
    await until(() => telegram.sentTo(GROUP).length > before, 5000, 'the link');
    const secret = /\/counter\/([A-Za-z0-9_-]{32})/.exec(telegram.sentTo(GROUP)[before]?.visible ?? '')?.[1];
    const link = `http://127.0.0.1:${standby.webPort}/counter/${secret}`;
    await until(() => standby.h.bot.store.counterLink(`telegram:${GROUP}`) !== undefined, 5000, 'the standby reading the link');
    const page = await openStream(link);
    closers.push({ close: async () => page.close() });
    expect(page.status).toBe(200);

    await pushSepay(sepay, leader.webhookPort, { accountNumber: SHOP, amount: 250_000, content: 'TO THE LEADER' });
    await until(() => page.events.some((e) => e.event === 'payment' && e.data.includes('TO THE LEADER')), 5000, 'the payment on the standby page');

    await leader.h.stop();
    await pushSepay(sepay, standby.webhookPort, { accountNumber: SHOP, amount: 25_000, content: 'TO THE STANDBY' });
    await until(() => page.events.some((e) => e.event === 'payment' && e.data.includes('TO THE STANDBY')), 5000, 'the payment after the leader went');
    expect(page.events.filter((e) => e.event === 'payment')).toHaveLength(2);
    const wrong = await request(`http://127.0.0.1:${standby.webPort}/counter/${'x'.repeat(32)}`);
    expect(wrong.statusCode).toBe(404);
    await wrong.body.dump();
  });
});
