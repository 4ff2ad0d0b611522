import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { startFakeCasso } from '../../fakes/casso/server.js';
import { startFakeTelegram } from '../../fakes/telegram/server.js';
import { startHarness } from '../helpers/bot-harness.js';
import { closedAfterEach } from '../helpers/closers.js';
import { freePort } from '../../fakes/free-port.js';
import { tempDir } from '../helpers/temp-dir.js';
import { until } from '../helpers/until.js';

const GROUP = -1001234567890;
const OWNER = 777001;
const closers = closedAfterEach();

async function setup(env: Record<string, string> = {}) {
  const casso = await startFakeCasso();
  const telegram = await startFakeTelegram();
  closers.push(casso, telegram);
  const account = casso.addAccount({ accountNumber: '0071000888888', balance: 7_500_000 }).id;
  const h = await startHarness({ dataDir: await tempDir(), casso, env: { ...telegram.botEnv(`${GROUP},${OWNER}`), ...env } });
  await h.bot.pollNow();
  return { casso, telegram, h, account };
}

async function healthz(port: number) {
  const res = await request(`http://127.0.0.1:${port}/healthz`);
  return { status: res.statusCode, body: (await res.body.json()) as { status: string; chats?: Record<string, { receiving: boolean; problem: string | null }> } };
}

describe('Telegram updates through the real bot', () => {
  it('a slow command holds up neither a button press in its chat nor commands in other chats', async () => {
    const { casso, telegram, h, account } = await setup();
    casso.addTransaction(account, { amount: 250_000, description: 'DH-PRESS-1' });
    await h.bot.pollNow();
    await until(() => telegram.sentTo(GROUP).length === 1 && telegram.sentTo(OWNER).length === 1, 5000, 'the alerts');
    const alert = telegram.sentTo(GROUP)[0];

    // Casso answers the account list slowly: /balance takes seconds.
    casso.injectFaults({ status: 503, delayMs: 2500, pathPrefix: '/v2/accounts' });
    const reads = () => casso.requests.filter((r) => r.path.startsWith('/v2/accounts')).length;
    const before = reads();
    telegram.sendText(GROUP, '/balance', { from: { id: 1, first_name: 'Hoa' } });
    await until(() => reads() > before, 5000, 'the slow balance read');
    telegram.pressButton(GROUP, alert?.messageId ?? 0, { from: { id: 2, first_name: 'Lan' } });
    telegram.sendText(OWNER, '/help', { from: { id: OWNER, first_name: 'Chu' } });

    // 7 500 000 and the payment.
    const balanceAnswered = () => telegram.sentTo(GROUP).some((m) => m.visible.includes('7.750.000'));
    const helped = () => telegram.sentTo(OWNER).some((m) => m.visible.includes('/find'));
    await until(() => telegram.callbackAnswers.length === 1 && helped(), 5000, 'the press and /help answered');
    expect(balanceAnswered()).toBe(false);
    await until(balanceAnswered, 15_000, 'the /balance answer');
  });

  it('rides out a second poller (409): logged with the fix, shown in /healthz, and polling goes on once it is gone', async () => {
    const port = await freePort();
    const { telegram, h } = await setup({ HEALTH_PORT: String(port) });
    expect((await healthz(port)).body.chats?.telegram?.receiving).toBe(true);

    telegram.startOtherPoller();
    await until(() => h.logs.some((l) => l.includes('telegram.conflict')), 5000, 'the conflict logged');
    expect(h.logs.find((l) => l.includes('telegram.conflict'))).toContain('stop the other instance');
    const during = await healthz(port);
    expect(during.status).toBe(503);
    expect(during.body.chats?.telegram).toMatchObject({ receiving: false });
    expect(during.body.chats?.telegram?.problem).toContain('409');

    telegram.stopOtherPoller();
    telegram.sendText(OWNER, '/help', { from: { id: OWNER, first_name: 'Chu' } });
    // The bot tries again every 5–10 s at most (sooner while the conflict is young), however long it lasted.
    await until(() => telegram.sentTo(OWNER).length === 1, 30_000, 'the command answered again');
    const after = await healthz(port);
    expect(after.status).toBe(200);
    expect(after.body.chats?.telegram).toMatchObject({ receiving: true, problem: null });
  }, 45_000);
});
