import { describe, expect, it } from 'vitest';
import { startFakeCasso } from '../../fakes/casso/server.js';
import { startFakeTelegram, type FakeChatInput } from '../../fakes/telegram/server.js';
import { startHarness } from '../helpers/bot-harness.js';
import { closedAfterEach } from '../helpers/closers.js';
import { tempDir } from '../helpers/temp-dir.js';
import { until } from '../helpers/until.js';

const GROUP = -1001234567890;
const FORUM = -1005550001111;
const OWNER = 777001;
const closers = closedAfterEach();

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The real bot on a fake Casso and a fake Telegram that keeps Telegram's limits (one message a
 * second per chat, 20 a minute in a group, 30 a second across the bot's chats), alerting `chatIds`.
 */
async function setup(chatIds: string, chats: Record<number, FakeChatInput> = {}) {
  const casso = await startFakeCasso();
  const telegram = await startFakeTelegram();
  closers.push(casso, telegram);
  for (const [id, chat] of Object.entries(chats)) telegram.addChat(id, chat);
  const account = casso.addAccount({ accountNumber: '0071000888888' }).id;
  const h = await startHarness({ dataDir: await tempDir(), casso, env: telegram.botEnv(chatIds) });
  await h.bot.pollNow();
  const pay = (amount: number, description: string) => void casso.addTransaction(account, { amount, description });
  return { telegram, h, pay };
}

describe("Telegram's retry_after through the real bot", () => {
  it('holds every caller: no alert to another chat and no command answer goes before the time named', async () => {
    const { telegram, h, pay } = await setup(`${GROUP},${OWNER}`);
    // The owner's chat wants only large payments, so the first one goes to the group alone.
    telegram.sendText(OWNER, '/min 500k', { from: { id: OWNER, first_name: 'Chu' } });
    await until(() => telegram.sentTo(OWNER).length === 1, 5000, 'the /min echo');

    // The group's alert meets "retry after 2"; then an alert for both chats and a command come.
    telegram.failNextSend(GROUP, 'rate_limit', { retryAfter: 2 });
    pay(250_000, 'DH-FLOOD-1');
    await h.bot.pollNow();
    // Once the bot has the 429 in hand: a request it sent while Telegram was answering it would
    // be early on any server, and is no caller disregarding the wait.
    await until(() => h.logs.some((line) => line.includes('telegram.retry')), 5000, 'the 429 handled');
    pay(900_000, 'DH-FLOOD-2');
    await h.bot.pollNow();
    telegram.sendText(OWNER, '/help', { from: { id: OWNER, first_name: 'Chu' } });

    const got = (chat: number, text: string) => telegram.sentTo(chat).some((m) => m.visible.includes(text));
    await until(() => got(GROUP, 'DH-FLOOD-2') && got(OWNER, 'DH-FLOOD-2') && telegram.sentTo(OWNER).length >= 3, 10_000, 'the alerts and the answer');
    expect(telegram.early).toEqual([]);
    expect(telegram.sentTo(GROUP).filter((m) => m.visible.includes('DH-FLOOD-1'))).toHaveLength(1);
    expect(telegram.sentTo(OWNER).filter((m) => m.visible.includes('DH-FLOOD-1'))).toHaveLength(0);
  });
});

describe('a burst of payments through the real bot', () => {
  it('60 payments arriving in waves into a private chat and a group meet no 429, each alerted once in each chat', async () => {
    const { telegram, h, pay } = await setup(`${GROUP},${OWNER}`);
    // Waves as polls find them: single payments, then pairs, then larger handfuls.
    const waves = [1, 1, 1, 2, 1, 3, 1, 5, 1, 8, 2, 10, 1, 1, 12, 1, 5, 4];
    expect(waves.reduce((a, b) => a + b, 0)).toBe(60);
    let n = 0;
    for (const size of waves) {
      for (let i = 0; i < size; i++) pay(100_000 + n, `BURST DH${1000 + n++}`);
      await h.bot.pollNow();
      await pause(150);
    }

    const alerted = (chat: number) => telegram.sentTo(chat).map((m) => m.visible).join('\n');
    const all = (chat: number) => Array.from({ length: 60 }, (_, i) => `DH${1000 + i}`).every((code) => alerted(chat).includes(code));
    await until(() => all(GROUP) && all(OWNER), 60_000, 'every payment in both chats');

    expect(telegram.errors.filter((e) => e.errorCode === 429)).toEqual([]);
    for (const chat of [GROUP, OWNER]) {
      for (let i = 0; i < 60; i++) expect(alerted(chat).match(new RegExp(`\\bDH${1000 + i}\\b`, 'g'))).toHaveLength(1);
    }
  }, 90_000);

  it('two topics of one forum group share its pace: a burst into both meets no 429', async () => {
    const { telegram, h, pay } = await setup(`${FORUM}:42,${FORUM}:43`, { [FORUM]: { topics: { 42: 'open', 43: 'open' } } });
    for (let n = 0; n < 12; n++) {
      pay(100_000 + n, `TOPIC DH${2000 + n}`);
      await h.bot.pollNow();
      await pause(100);
    }
    const inTopic = (thread: number) => telegram.sentTo(FORUM).filter((m) => m.threadId === thread).map((m) => m.visible).join('\n');
    await until(() => [42, 43].every((t) => inTopic(t).includes('DH2011')), 30_000, 'the last payment in both topics');
    expect(telegram.errors.filter((e) => e.errorCode === 429)).toEqual([]);
  }, 60_000);

  it('answers commands asked while alerts arrive in their turn: no 429 for the answers nor the alerts', async () => {
    const { telegram, h, pay } = await setup(`${GROUP},${OWNER}`);
    const from = { id: OWNER, first_name: 'Chu' };
    for (let n = 0; n < 4; n++) {
      pay(100_000 + n, `ASKED DH${3000 + n}`);
      await h.bot.pollNow();
      // Asked the moment the alert leaves: the answer and the alert would go together.
      telegram.sendText(OWNER, '/help', { from });
      telegram.sendText(GROUP, '/help', { from });
      await pause(300);
    }
    const answers = (chat: number) => telegram.sentTo(chat).filter((m) => m.visible.includes('/find')).length;
    const alerted = (chat: number) => telegram.sentTo(chat).filter((m) => /DH300\d/.test(m.visible)).length;
    await until(() => [GROUP, OWNER].every((chat) => answers(chat) === 4 && alerted(chat) >= 1 && telegram.sentTo(chat).some((m) => m.visible.includes('DH3003'))), 30_000, 'every answer and alert');
    expect(telegram.errors.filter((e) => e.errorCode === 429)).toEqual([]);
  }, 60_000);
});
