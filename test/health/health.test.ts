import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { startFakeCasso } from '../../src/demo/simulated/casso-server.js';
import { startHarness } from '../helpers/bot-harness.js';
import { freePort } from '../helpers/free-port.js';
import { tempDir } from '../helpers/temp-dir.js';
import { until } from '../helpers/until.js';
import { closedAfterEach } from '../helpers/closers.js';

const closers = closedAfterEach();

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
      providers: { casso: { lastSuccessfulPoll: string | null; lastError: { message: string } | null } };
      outbox: { backlog: number };
      lastError: { message: string } | null;
    };
    expect(report.status).toBe('ok');
    expect(report.providers.casso.lastSuccessfulPoll).not.toBeNull();
    expect(report.providers.casso.lastError?.message).toContain('CASSO_API_KEY');
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
});
