import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { startFakeCasso, type FakeCasso } from '../../fakes/casso/server.js';
import { startFakeTelegram, type FakeTelegram } from '../../fakes/telegram/server.js';
import { startHarness, type Harness } from '../helpers/bot-harness.js';
import { freePort } from '../../fakes/free-port.js';
import { tempDir } from '../helpers/temp-dir.js';
import { until } from '../helpers/until.js';
import { vn } from '../helpers/vietnam-time.js';
import { closedAfterEach } from '../helpers/closers.js';

const GROUP = -1001234567890;
const OWNER = 777001;
const ADMIN = { id: 1, first_name: 'Hoa' };
const SHOP = '0071000888888';
const MIN = 60_000;

const closers = closedAfterEach();

interface Setup {
  h: Harness;
  casso: FakeCasso;
  /** A payment arriving at the shop's account. */
  pay(amount: number, content: string): void;
  telegram: FakeTelegram;
  clock: { now: number };
  /** Requests one poll makes to Casso, so that a failing poll can be made to fail whole. */
  perPoll: number;
  /** Starts the bot again on the same state (after `h.stop()`). */
  restart(): Promise<Harness>;
}

/** A bot on a fake Casso and a fake Telegram with two chats; the owner's chat has `/ops off`. The notices' clock is `clock.now`. */
async function setup(): Promise<Setup> {
  const casso = await startFakeCasso();
  const telegram = await startFakeTelegram({ perChatBurst: 20, perChatPerSecond: 20 });
  closers.push(casso, telegram);
  telegram.addChat(GROUP, { admins: [ADMIN.id] });
  const account = casso.addAccount({ accountNumber: SHOP, balance: 5_000_000 }).id;
  const pay = (amount: number, content: string) => void casso.addTransaction(account, { amount, description: content });
  const clock = { now: vn('2025-04-10 09:00:00').getTime() };
  const dataDir = await tempDir();
  const restart = () =>
    startHarness({
      dataDir,
      casso,
      env: telegram.botEnv(`${GROUP},${OWNER}`),
      notices: { now: () => clock.now, checkMs: 20 },
    });
  const h = await restart();
  await h.bot.pollNow();
  const before = casso.requests.length;
  await h.bot.pollNow();
  const perPoll = casso.requests.length - before;
  telegram.sendText(OWNER, '/ops off', { from: { id: OWNER, first_name: 'Chu' } });
  await until(() => telegram.sentTo(OWNER).length > 0, 5000, 'the /ops off echo');
  return { h, casso, pay, telegram, clock, perPoll, restart };
}

/** The service notices a chat got (they start with ⚠️ or ✅), as seen. */
const noticesTo = (telegram: FakeTelegram, chatId: number) =>
  telegram
    .sentTo(chatId)
    .map((m) => m.visible)
    .filter((text) => /^(⚠️|✅)/.test(text));

/** Casso's answers to a whole poll: a maintenance page instead of JSON, or a rejected key. */
const MAINTENANCE = { status: 200, body: '<html>bảo trì</html>' };
const REJECTED = { status: 401, body: { error: 401, message: 'Unauthorized Access' } };

/** One poll at `minute` minutes after the start, each of Casso's answers `fault` when given. */
async function pollAt(s: Setup, start: number, minute: number, fault: typeof MAINTENANCE | typeof REJECTED | null): Promise<void> {
  s.clock.now = start + minute * MIN;
  if (fault) s.casso.injectFaults(...Array.from({ length: s.perPoll }, () => fault));
  await s.h.bot.pollNow();
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 200));

describe('service notices through the real bot', () => {
  it('tells a provider outage once and its end once, with the payments caught up, and nothing to a chat with /ops off', async () => {
    const s = await setup();
    const start = s.clock.now;
    // Every poll fails from 09:00 on; at 09:06 it has been five minutes.
    for (const minute of [0, 3]) await pollAt(s, start, minute, MAINTENANCE);
    await settle();
    expect(noticesTo(s.telegram, GROUP)).toEqual([]);
    s.pay(150_000, 'during outage DH1');
    s.pay(250_000, 'during outage DH2');
    for (const minute of [6, 9, 12]) await pollAt(s, start, minute, MAINTENANCE);
    await until(() => noticesTo(s.telegram, GROUP).length === 1, 5000, 'the outage notice');
    const [down] = noticesTo(s.telegram, GROUP);
    expect(down).toContain('Casso đang không hoạt động');
    expect(down).toContain('trả lời không đúng định dạng');
    expect(down).toContain('tiền vào có thể chưa được báo');
    expect(down).toContain('09:00');

    await pollAt(s, start, 16, null);
    await until(() => noticesTo(s.telegram, GROUP).length === 2, 5000, 'the end of the outage');
    expect(noticesTo(s.telegram, GROUP)[1]).toContain('Casso đã hoạt động trở lại');
    expect(noticesTo(s.telegram, GROUP)[1]).toContain('Đã cập nhật 2 giao dịch');
    await pollAt(s, start, 30, null);
    await settle();
    expect(noticesTo(s.telegram, GROUP)).toHaveLength(2);
    expect(noticesTo(s.telegram, OWNER)).toEqual([]);
    // The payments themselves were alerted in both chats.
    const alerted = () => s.telegram.sentTo(OWNER).map((m) => m.visible).join('\n');
    await until(() => alerted().includes('during outage DH1') && alerted().includes('during outage DH2'), 5000, 'the alerts');
  });

  it('does not tell an outage again after a restart, and tells its end', async () => {
    const s = await setup();
    const start = s.clock.now;
    for (const minute of [0, 3, 6]) await pollAt(s, start, minute, MAINTENANCE);
    await until(() => noticesTo(s.telegram, GROUP).length === 1, 5000, 'the outage notice');
    await s.h.stop();
    // Still down: the poll the bot makes as it starts, and the next, fail too.
    s.clock.now = start + 8 * MIN;
    s.casso.injectFaults(...Array.from({ length: 2 * s.perPoll }, () => MAINTENANCE));
    const again = await s.restart();
    await again.bot.pollNow();
    s.clock.now = start + 12 * MIN;
    await settle();
    expect(noticesTo(s.telegram, GROUP)).toHaveLength(1);
    s.clock.now = start + 17 * MIN;
    await again.bot.pollNow();
    await until(() => noticesTo(s.telegram, GROUP).length === 2, 5000, 'the end of the outage');
    expect(noticesTo(s.telegram, GROUP)[1]).toContain('Casso đã hoạt động trở lại');
    await until(() => Object.keys(again.bot.store.toldProblems()).length === 0, 5000, 'the problem forgotten');
  });

  it('tells a rejected credential at once, and only once while it lasts', async () => {
    const s = await setup();
    const start = s.clock.now;
    await pollAt(s, start, 0, REJECTED);
    await until(() => noticesTo(s.telegram, GROUP).length === 1, 5000, 'the credential notice');
    expect(noticesTo(s.telegram, GROUP)[0]).toContain('CASSO_API_KEY');
    expect(noticesTo(s.telegram, GROUP)[0]).not.toContain(s.casso.apiKey);
    for (const minute of [1, 12, 25]) await pollAt(s, start, minute, REJECTED);
    await settle();
    expect(noticesTo(s.telegram, GROUP)).toHaveLength(1);
  });

  it('tells that a rejected key works again at the first poll that works, not ten minutes later', async () => {
    const s = await setup();
    const start = s.clock.now;
    await pollAt(s, start, 0, REJECTED);
    await until(() => noticesTo(s.telegram, GROUP).length === 1, 5000, 'the credential notice');
    // The operator fixes the key at once: the next poll works.
    await pollAt(s, start, 1, null);
    await until(() => noticesTo(s.telegram, GROUP).length === 2, 5000, 'the end of the problem, at once');
    expect(noticesTo(s.telegram, GROUP)[1]).toContain('Casso đã hoạt động trở lại');
  });

  it('does not tell a flapping provider again within ten minutes of its last notice', async () => {
    const s = await setup();
    const start = s.clock.now;
    // Down 6 minutes, up 1, down 6 more, up: told, over, and the second outage not told.
    for (const minute of [0, 3, 6]) await pollAt(s, start, minute, MAINTENANCE);
    await until(() => noticesTo(s.telegram, GROUP).length === 1, 5000, 'the outage notice');
    await pollAt(s, start, 7, null);
    await until(() => noticesTo(s.telegram, GROUP).length === 2, 5000, 'the end, at once');
    for (const minute of [8, 11, 14]) await pollAt(s, start, minute, MAINTENANCE);
    await settle();
    expect(noticesTo(s.telegram, GROUP)).toHaveLength(2);
    // Still down once the ten minutes since the last notice are over: told again.
    await pollAt(s, start, 17, MAINTENANCE);
    await until(() => noticesTo(s.telegram, GROUP).length === 3, 5000, 'the second outage, after ten minutes');
    expect(noticesTo(s.telegram, GROUP)[2]).toContain('Casso đang không hoạt động');
  });

  it('counts a notice as told only once a chat took it: one that failed everywhere goes out later', async () => {
    const s = await setup();
    const start = s.clock.now;
    // The group (the only chat with /ops on) cannot be reached when the notice is due.
    s.telegram.failNextSend(GROUP, 'network');
    await pollAt(s, start, 0, REJECTED);
    await until(() => s.h.logs.some((l) => l.includes('notice.untold')), 5000, 'the notice failing');
    expect(noticesTo(s.telegram, GROUP)).toEqual([]);
    expect(s.h.bot.store.toldProblems()).toEqual({});
    // A minute later it is offered again, and the group takes it.
    s.clock.now = start + MIN + 1000;
    await until(() => noticesTo(s.telegram, GROUP).length === 1, 5000, 'the notice, once the group takes it');
    expect(noticesTo(s.telegram, GROUP)[0]).toContain('CASSO_API_KEY');
    await until(() => Object.keys(s.h.bot.store.toldProblems()).includes('provider:casso'), 5000, 'the problem recorded as told');
  });

  it('when no chat can be reached (the bot’s own network), tells no chat about the others, nor N² recoveries when it is back', async () => {
    const s = await setup();
    const THIRD = -1009990001;
    await s.h.stop();
    const port = await freePort();
    const h = await startHarness({
      dataDir: await tempDir(),
      casso: s.casso,
      env: { ...s.telegram.botEnv(`${GROUP},${OWNER},${THIRD}`), HEALTH_PORT: String(port) },
      notices: { now: () => s.clock.now, checkMs: 20 },
    });
    await h.bot.pollNow();
    // Each chat fails twice: its alert, then whatever is posted to it next.
    for (const chat of [GROUP, OWNER, THIRD]) for (let i = 0; i < 2; i++) s.telegram.failNextSend(chat, 'network');
    s.pay(330_000, 'network down DH4');
    await h.bot.pollNow();
    const failed = (chat: number) => s.telegram.requests.filter((r) => r.path.endsWith('/sendMessage') && r.body.includes(`"chat_id":"${chat}"`)).length;
    await until(() => [GROUP, OWNER, THIRD].every((chat) => failed(chat) >= 1), 5000, 'every chat failing');
    // One problem, the bot's connection, not one per chat.
    const health = (await (await request(`http://127.0.0.1:${port}/healthz`)).body.json()) as { problems: { problem: string }[] };
    expect(health.problems.map((p) => p.problem)).toEqual(['chats']);
    // Ten minutes of it: long past the 5 minutes a chat's own outage waits.
    s.clock.now += 10 * MIN;
    const alerted = (chat: number) => s.telegram.sentTo(chat).some((m) => m.visible.includes('network down DH4'));
    await until(() => [GROUP, OWNER, THIRD].every(alerted), 15_000, 'the alerts, once the network is back');
    await settle();
    for (const chat of [GROUP, OWNER, THIRD]) {
      // At most the one problem of all and its end, if a chat took it as the network came back;
      // never a notice naming another chat.
      const notices = noticesTo(s.telegram, chat);
      expect(notices.length).toBeLessThanOrEqual(2);
      for (const notice of notices) expect(notice).not.toMatch(/Telegram -?\d+/);
    }
    await until(() => Object.keys(h.bot.store.toldProblems()).length === 0, 5000, 'nothing left told');
  });

  it('tells the other chat which chat cannot be posted to, and why', async () => {
    const s = await setup();
    s.telegram.failNextSend(OWNER, 'kicked');
    s.pay(300_000, 'kicked DH3');
    await s.h.bot.pollNow();
    await until(() => noticesTo(s.telegram, GROUP).length === 1, 5000, 'the notice about the owner chat');
    const [notice] = noticesTo(s.telegram, GROUP);
    expect(notice).toContain(`Không gửi được tin vào Telegram ${OWNER}`);
    expect(notice).toContain('kicked');
    // The group still got its alert; the owner's waits.
    expect(s.telegram.sentTo(GROUP).some((m) => m.visible.includes('kicked DH3'))).toBe(true);
  });
});

describe('the daily /summary through the real bot', () => {
  it('posts the chat’s /report once at its time, not again after a restart or a clock stepped back, and again the next day', async () => {
    const s = await setup();
    s.pay(420_000, 'today DH9');
    await s.h.bot.pollNow();
    const summaries = () => s.telegram.sentTo(GROUP).filter((m) => m.visible.startsWith('Báo cáo'));
    s.clock.now = vn('2025-04-10 19:58:00').getTime();
    const before = s.telegram.sentTo(GROUP).length;
    s.telegram.sendText(GROUP, '/summary 20:00', { from: ADMIN });
    await until(() => s.telegram.sentTo(GROUP).length > before, 5000, 'the /summary echo');
    await settle();
    expect(summaries()).toHaveLength(0);

    // The clock steps past 20:00 (a machine that slept): posted once.
    s.clock.now = vn('2025-04-10 20:03:00').getTime();
    await until(() => summaries().length === 1, 5000, 'the summary');
    await until(() => s.h.bot.store.summaryPostedOn(`telegram:${GROUP}`) === '2025-04-10', 5000, 'the day recorded');
    await settle();
    expect(summaries()).toHaveLength(1);
    // The chat's /report: its accounts, with today's payment.
    expect(summaries()[0]?.visible).toMatch(/0071000888888: vào 1 khoản \+420\.000 ₫/);
    expect(s.telegram.sentTo(OWNER).filter((m) => m.visible.startsWith('Báo cáo'))).toEqual([]);

    // Restarted the same day: not again.
    await s.h.stop();
    const again = await s.restart();
    s.clock.now = vn('2025-04-10 20:30:00').getTime();
    await settle();
    // The clock stepped back before 20:00, then into the day before: not again.
    s.clock.now = vn('2025-04-10 19:00:00').getTime();
    await settle();
    s.clock.now = vn('2025-04-09 21:00:00').getTime();
    await settle();
    expect(summaries()).toHaveLength(1);

    s.clock.now = vn('2025-04-11 20:00:00').getTime();
    await until(() => summaries().length === 2, 5000, 'the next day’s summary');
    await until(() => again.bot.store.summaryPostedOn(`telegram:${GROUP}`) === '2025-04-11', 5000, 'the day recorded');
  });
});
