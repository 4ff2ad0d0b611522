import { describe, expect, it } from 'vitest';
import { startFakeSepay } from '../../fakes/sepay/v1.js';
import { startFakeTelegram } from '../../fakes/telegram/server.js';
import { startHarness } from '../helpers/bot-harness.js';
import { tempDir } from '../helpers/temp-dir.js';
import { until } from '../helpers/until.js';
import { closedAfterEach } from '../helpers/closers.js';

const FORUM = -1005550001111;
const ADMIN = { id: 1, first_name: 'Hoa' };
const SHOP = '0071000888888';
const BRANCH = '1900112233';

const closers = closedAfterEach();

describe('Telegram forum topics', () => {
  it('gives each configured topic its own rules and alerts, answers in the topic, and reports a closed one', async () => {
    const sepay = await startFakeSepay();
    // This test is about routing; command answers are not paced (see telegram-burst.test.ts for pacing).
    const telegram = await startFakeTelegram({ perChatBurst: 20, perChatPerSecond: 20 });
    closers.push(sepay, telegram);
    telegram.addChat(FORUM, { admins: [ADMIN.id], topics: { 42: 'open', 43: 'open', 44: 'closed' } });
    sepay.addBankAccount({ accountNumber: SHOP, accumulated: 1_000_000, bankShortName: 'MBBank' });
    sepay.addBankAccount({ accountNumber: BRANCH, accumulated: 1_000_000, bankShortName: 'Vietcombank' });
    const h = await startHarness({
      dataDir: await tempDir(),
      sepay,
      env: {
        ...telegram.botEnv(`${FORUM}:42,${FORUM}:43,${FORUM}:44`),
      },
    });
    await h.bot.pollNow();
    const inTopic = (thread: number) => telegram.sentTo(FORUM).filter((m) => m.threadId === thread);
    const ask = async (thread: number, text: string) => {
      const before = inTopic(thread).length;
      telegram.sendText(FORUM, text, { from: ADMIN, threadId: thread });
      await until(() => inTopic(thread).length > before, 5000, `the answer to ${text} in topic ${thread}`);
      return inTopic(thread)[before]?.visible ?? '';
    };

    expect(await ask(42, '/start')).toContain(`${FORUM}:42`);
    expect(await ask(42, '/accounts 8888')).toContain('Tài khoản: 8888');
    expect(await ask(43, '/accounts 2233')).toContain('Tài khoản: 2233');
    expect(await ask(43, '/settings')).not.toContain('8888');

    sepay.addTransaction({ accountNumber: SHOP, amountIn: 1_000_000, content: 'shop DH1' });
    sepay.addTransaction({ accountNumber: BRANCH, amountIn: 2_000_000, content: 'branch DH2' });
    await h.bot.pollNow();
    // The topics share the group's pace (one message a second, and after the answers above one
    // every 3.3 s), so the alerts go one after another.
    const has = (thread: number, text: string) => inTopic(thread).some((m) => m.visible.includes(text));
    await until(() => has(42, 'shop DH1') && has(43, 'branch DH2'), 15_000, 'one alert in each open topic');
    expect(inTopic(42)[2]?.visible).toContain('shop DH1');
    expect(has(42, 'branch DH2') || has(43, 'shop DH1')).toBe(false);

    // The closed topic keeps its alerts waiting, and the log says what to do.
    await until(() => h.logs.some((l) => l.includes('alert.blocked') && l.includes('reopen the topic')), 5000, 'the closed topic reported');
    expect(h.bot.store.pending(`telegram:${FORUM}:44`)).toHaveLength(2);
  });
});
