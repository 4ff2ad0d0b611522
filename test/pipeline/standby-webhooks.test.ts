import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeSepay } from '../../fakes/sepay/v1.js';
import { startHarness } from '../helpers/bot-harness.js';
import { freePort } from '../../fakes/free-port.js';
import { POSTGRES_MISSING, startPostgres, type PostgresServer } from '../../fakes/postgres-server.js';
import { tempDir } from '../helpers/temp-dir.js';
import { until } from '../helpers/until.js';
import { sepayDelivery } from '../webhooks/sepay-delivery.js';
import { closedAfterEach } from '../helpers/closers.js';

/** Now as SePay writes it: Vietnam wall-clock time, no offset. */
const vietnamNow = () => new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');

const SEPAY_KEY = 'sepay-webhook-key-for-tests';
let server: PostgresServer;
const closers = closedAfterEach();

describe.skipIf(POSTGRES_MISSING !== null)(`a standby bot${POSTGRES_MISSING === null ? '' : ` (skipped: ${POSTGRES_MISSING})`}`, () => {
  beforeAll(async () => {
    server = await startPostgres();
  });
  afterAll(() => server?.stop());

  it('takes a webhook into the shared state, the leader alerts it once, and /healthz says who leads', async () => {
    const sepay = await startFakeSepay();
    closers.push(sepay);
    sepay.addBankAccount({ accountNumber: '0123456789' });
    const databaseUrl = await server.createDatabase();
    const bot = async () => {
      const [webhookPort, healthPort] = [await freePort(), await freePort()];
      const env = {
        DATABASE_URL: databaseUrl,
        WEBHOOK_PORT: String(webhookPort),
        HEALTH_PORT: String(healthPort),
        SEPAY_WEBHOOK_API_KEY: SEPAY_KEY,
      };
      return { h: await startHarness({ dataDir: await tempDir(), sepay, env }), webhookPort, healthPort };
    };
    const leader = await bot();
    await leader.h.bot.pollNow();
    const standby = await bot();
    await standby.h.bot.pollNow(); // a standby does not poll: no-op

    const res = await request(`http://127.0.0.1:${standby.webhookPort}/webhooks/sepay`, {
      method: 'POST',
      body: JSON.stringify(sepayDelivery({ id: 77001, content: 'VIA-STANDBY DH7', transactionDate: vietnamNow() })),
      headers: { 'content-type': 'application/json', authorization: `Apikey ${SEPAY_KEY}` },
    });
    expect(res.statusCode).toBe(200);
    await res.body.dump();
    await until(() => leader.h.alertsMentioning('VIA-STANDBY') === 1, 5_000, 'the leader alerting the pushed payment');
    expect(standby.h.alertsMentioning('VIA-STANDBY')).toBe(0);
    expect(standby.h.bot.store.has('sepay:77001')).toBe(true);

    const health = async (port: number) => {
      const answer = await request(`http://127.0.0.1:${port}/healthz`);
      return (await answer.body.json()) as { leader: { leading: boolean } };
    };
    expect((await health(leader.healthPort)).leader.leading).toBe(true);
    expect((await health(standby.healthPort)).leader.leading).toBe(false);
  });
});
