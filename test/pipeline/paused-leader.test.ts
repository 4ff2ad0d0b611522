import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeSepay } from '../../fakes/sepay/v1.js';
import { startFakeTelegram } from '../../fakes/telegram/server.js';
import { startHarness } from '../helpers/bot-harness.js';
import { spawnBot, waitForOutput, type ChildBot } from '../helpers/child-bot.js';
import { closedAfterEach } from '../helpers/closers.js';
import { holdStill } from '../helpers/hold-still.js';
import { POSTGRES_MISSING, startPostgres, type PostgresServer } from '../../fakes/postgres-server.js';
import { tempDir } from '../helpers/temp-dir.js';
import { until } from '../helpers/until.js';

const GROUP = -1001234567890;
const DEST = `telegram:${GROUP}`;
const SHOP = '0071000888888';
/** 10:00 in Vietnam: the clock of notices and summaries. */
const T0 = Date.parse('2026-03-02T03:00:00Z');
/** What the bot may not do once another leads: post, edit, or poll Telegram. */
const LEADER_ONLY = /\/(sendMessage|sendPhoto|sendDocument|editMessageCaption|editMessageText|getUpdates)$/;

let server: PostgresServer;
const closers = closedAfterEach();
const children: ChildBot[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.process.kill('SIGKILL');
});

describe.skipIf(POSTGRES_MISSING !== null)(`a paused leader${POSTGRES_MISSING === null ? '' : ` (skipped: ${POSTGRES_MISSING})`}`, () => {
  beforeAll(async () => {
    server = await startPostgres();
  });
  afterAll(() => server?.stop());

  it('resumed after another bot took over, posts nothing though a notice, a summary and a /qr edit were due, and polls Telegram no more', async () => {
    const sepay = await startFakeSepay();
    // Long polls held until an update comes: the one in flight when the bot is held still stays in
    // flight; connections stay open through the pause, as Telegram's would.
    const telegram = await startFakeTelegram({ perChatBurst: 20, perChatPerSecond: 20, holdMs: 60_000, keepAliveMs: 120_000 });
    closers.push(sepay, telegram);
    telegram.addChat(GROUP);
    sepay.addBankAccount({ accountNumber: SHOP, bankShortName: 'MBBank' });
    const databaseUrl = await server.createDatabase();
    let clock = T0;
    const h = await startHarness({
      dataDir: await tempDir(),
      sepay,
      env: { DATABASE_URL: databaseUrl, ...telegram.botEnv(String(GROUP)) },
      notices: { now: () => clock, checkMs: 50 },
    });
    await h.bot.pollNow();
    await h.bot.store.setChatRules(DEST, { ...h.bot.store.chatRules(DEST), summary: 10 * 60 + 3 });
    const logFile = path.join(await tempDir(), 'standby.log');
    const standby = spawnBot(
      { DATABASE_URL: databaseUrl, SEPAY_API_TOKEN: 'test-sepay-token', SEPAY_API_BASE: sepay.url, POLL_CRON: '* * * * * *', LOG_LEVEL: 'info' },
      { logFile },
    );
    children.push(standby);
    await waitForOutput(standby, 'bot.started', 30_000);
    expect(standby.output()).toContain('leading=false');

    // SePay refuses the token: told at once. Its end, once it works again, may be told 10 minutes after that.
    sepay.injectFaults({ status: 401, body: { status: 401, error: 'Unauthorized', messages: { error: 'Unauthorized' } } });
    await h.bot.pollNow();
    await until(() => h.logs.some((l) => l.includes('notice.sent')), 10_000, 'the notice of the refused token');

    // A /qr request is paid; editing its message fails once, so the edit is tried again in 1-2 s.
    telegram.sendText(GROUP, '/qr 10000');
    await until(() => h.bot.store.paymentRequests().some((r) => r.messageRef !== null), 10_000, 'the /qr request placed');
    const [request] = h.bot.store.paymentRequests();
    telegram.injectFaults({
      pathPrefix: `/bot${telegram.token}/editMessageCaption`,
      status: 500,
      body: { ok: false, error_code: 500, description: 'Internal Server Error' },
    });
    sepay.addTransaction({ accountNumber: SHOP, amountIn: 10_000, content: `THANH TOAN ${request!.code}` });
    await h.bot.pollNow();
    await until(() => h.logs.some((l) => l.includes('alert.sent')) && h.logs.some((l) => l.includes('qr.edit_retry')), 10_000, 'alert sent, edit owed');

    // Eleven minutes on: the notice that SePay works again and the 10:03 summary are due, and so, in a moment, is the edit.
    // The bot is held still until the standby has taken over.
    const before = telegram.requests.length;
    const loggedBefore = h.logs.length;
    clock = T0 + 11 * 60_000;
    holdStill(() => standby.output().includes('leader.elected'), 40_000);
    // An update ends the long poll the bot was in: polling on would be its next getUpdates.
    telegram.sendText(GROUP, 'xin chào');

    await until(() => h.logs.slice(loggedBefore).some((l) => l.includes('leader.lost')), 10_000, 'the paused leader noticing');
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const after = telegram.requests.slice(before).map((r) => r.path.split('/').at(-1));
    expect(telegram.requests.slice(before).filter((r) => LEADER_ONLY.test(r.path))).toEqual([]);
    expect(after).toEqual([]);
    const logged = h.logs.slice(loggedBefore).join('\n');
    expect(logged).not.toMatch(/summary\.posted|notice\.sent|qr\.edited|alert\.sent/);
    expect(standby.process.exitCode).toBeNull();
  }, 90_000);

  it('cut off from the database for a moment, gives up the lead, takes it again and polls Telegram again', async () => {
    const sepay = await startFakeSepay();
    const telegram = await startFakeTelegram({ perChatBurst: 20, perChatPerSecond: 20 });
    closers.push(sepay, telegram);
    telegram.addChat(GROUP);
    sepay.addBankAccount({ accountNumber: SHOP, bankShortName: 'MBBank' });
    const databaseUrl = await server.createDatabase();
    const h = await startHarness({ dataDir: await tempDir(), sepay, env: { DATABASE_URL: databaseUrl, ...telegram.botEnv(String(GROUP)) } });
    await h.bot.pollNow();
    telegram.sendText(GROUP, '/help');
    await until(() => telegram.sentTo(GROUP).length === 1, 10_000, 'the first answer');
    // The server ends the leader's connection, as a restart or a network cut does.
    await server.sql(databaseUrl, `SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND granted`);
    await until(() => h.logs.some((l) => l.includes('leader.lost')), 10_000, 'the lead lost');
    await until(() => h.logs.filter((l) => l.includes('leader.elected')).length === 2, 15_000, 'the lead taken again');
    telegram.sendText(GROUP, '/help');
    await until(() => telegram.sentTo(GROUP).length === 2, 15_000, 'the answer after leading again');
    sepay.addTransaction({ accountNumber: SHOP, amountIn: 25_000, content: 'AFTER-RECONNECT' });
    await h.bot.pollNow();
    await until(() => telegram.sentTo(GROUP).some((m) => m.visible.includes('AFTER-RECONNECT')), 10_000, 'the alert');
  }, 60_000);
});
