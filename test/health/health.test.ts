import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { startFakeCasso } from '../../fakes/casso/server.js';
import { startFakeTelegram } from '../../fakes/telegram/server.js';
import { startHarness } from '../helpers/bot-harness.js';
import { freePort } from '../../fakes/free-port.js';
import { tempDir } from '../helpers/temp-dir.js';
import { until } from '../helpers/until.js';
import { closedAfterEach } from '../helpers/closers.js';

const closers = closedAfterEach();
const GROUP = -1001234567890;
const OWNER = 777001;

async function get(url: string) {
  const res = await request(url);
  return { status: res.statusCode, type: String(res.headers['content-type']), body: await res.body.text() };
}

describe('health endpoint', () => {
  it('reports polls, alerts sent, backlog, latency and the last error', async () => {
    const casso = await startFakeCasso();
    closers.push(casso);
    const account = casso.addAccount({ accountNumber: '1111111111' }).id;
    const port = await freePort();
    const h = await startHarness({ dataDir: await tempDir(), casso, env: { HEALTH_PORT: String(port) } });
    await h.bot.pollNow();
    casso.addTransaction(account, { amount: 1_000, description: 'HEALTH-1' });
    casso.addTransaction(account, { amount: 2_000, description: 'HEALTH-2' });
    await h.bot.pollNow();
    await until(() => h.bot.store.outboxSize === 0);
    casso.injectFaults({ status: 401, body: { error: 401, message: 'Unauthorized Access', data: null } });
    await h.bot.pollNow();

    const health = await get(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    const report = JSON.parse(health.body) as {
      status: string;
      providers: { casso: { lastSuccessfulPoll: string | null; lastError: { code: string } | null } };
      outbox: { backlog: number };
      lastError: { code: string } | null;
    };
    expect(report.status).toBe('ok');
    expect(report.providers.casso.lastSuccessfulPoll).not.toBeNull();
    expect(report.providers.casso.lastError).toMatchObject({ code: 'auth', status: 401, endpoint: expect.stringMatching(/^GET \//) });
    expect(report.outbox.backlog).toBe(0);
    expect(health.body).not.toContain(casso.apiKey);

    const metrics = await get(`http://127.0.0.1:${port}/metrics`);
    expect(metrics.status).toBe(200);
    expect(metrics.type).toContain('text/plain');
    expect(metrics.body).toContain('bankbell_polls_total{provider="casso",result="ok"} 3'); // the start-up cycle and two more
    expect(metrics.body).toContain('bankbell_polls_total{provider="casso",result="error"} 1');
    expect(metrics.body).toContain('bankbell_alerts_sent_total{destination="console"} 2');
    expect(metrics.body).toContain('bankbell_outbox_backlog 0');
    expect(metrics.body).toMatch(/bankbell_alert_latency_seconds_count 2\n/);
    expect((await get(`http://127.0.0.1:${port}/nope`)).status).toBe(404);
  });

  it('names chats by platform and place, never by id, and errors by kind, never by their text', async () => {
    const casso = await startFakeCasso();
    const telegram = await startFakeTelegram({ perChatBurst: 20, perChatPerSecond: 20 });
    closers.push(casso, telegram);
    const account = casso.addAccount({ accountNumber: '1111111111' }).id;
    const port = await freePort();
    const h = await startHarness({ dataDir: await tempDir(), casso, env: { HEALTH_PORT: String(port), ...telegram.botEnv(`${GROUP},${OWNER}`) } });
    await h.bot.pollNow();
    telegram.failNextSend(GROUP, 'kicked');
    casso.addTransaction(account, { amount: 5_000, description: 'PRIVATE-1' });
    await h.bot.pollNow();
    await until(() => telegram.sentTo(OWNER).length === 1, 5000, 'the owner’s alert');
    await until(() => h.logs.some((line) => line.includes('kicked')), 5000, 'the refused send');
    casso.injectFaults({ status: 404, body: { error: 404, message: 'merchant 4455 has no bank account 1111111111', data: null } });
    await h.bot.pollNow();

    const health = await get(`http://127.0.0.1:${port}/healthz`);
    const metrics = await get(`http://127.0.0.1:${port}/metrics`);
    for (const body of [health.body, metrics.body]) {
      expect(body).not.toContain(String(GROUP));
      expect(body).not.toContain(String(OWNER));
      expect(body).not.toContain('merchant 4455');
      expect(body).not.toContain('kicked from');
    }
    const report = JSON.parse(health.body) as { providers: { casso: { lastError: unknown } }; lastError: unknown };
    expect(report.providers.casso.lastError).toMatchObject({ code: 'api', status: 404 });
    expect(report.lastError).toMatchObject({ source: 'casso', code: 'api' });
    expect(metrics.body).toContain('bankbell_alerts_sent_total{destination="telegram-2"} 1\n');
    expect(metrics.body).toContain('bankbell_send_failures_total{destination="telegram-1",kind="blocked"} 1\n');
  });
});
