import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from '../../src/core/chat-rules.js';
import { freePort } from '../../fakes/free-port.js';
import { startFakeSepay, type FakeSepay } from '../../fakes/sepay/v1.js';
import { startFakeTelegram, type FakeTelegram } from '../../fakes/telegram/server.js';
import { startHarness, type Harness } from '../helpers/bot-harness.js';
import { closedAfterEach } from '../helpers/closers.js';
import { tempDir } from '../helpers/temp-dir.js';
import { until } from '../helpers/until.js';
import { pushSepay, SEPAY_WEBHOOK_KEY } from '../qr/telegram-qr.js';

const GROUP = -1001234567890;
/** The private chat between the cashier and a buyer: the bot is not in it. */
const WITH_BUYER = 5_550_001;
const SHOP = '0071000888888';
const CASHIER = { id: 4242, first_name: 'Lan' };
const STRANGER = { id: 9999, first_name: 'Kẻ lạ' };

const closers = closedAfterEach();

interface Setup {
  h: Harness;
  sepay: FakeSepay;
  telegram: FakeTelegram;
  webhookPort: number;
}

async function setup(): Promise<Setup> {
  const sepay = await startFakeSepay();
  const telegram = await startFakeTelegram({ perChatBurst: 20, perChatPerSecond: 20, supportsGuestQueries: true });
  closers.push(sepay, telegram);
  telegram.addChat(GROUP, { members: [CASHIER.id] });
  sepay.addBankAccount({ accountNumber: SHOP, bankShortName: 'MBBank', accumulated: 12_345_678 });
  const webhookPort = await freePort();
  const h = await startHarness({
    dataDir: await tempDir(),
    sepay,
    env: { ...telegram.botEnv(String(GROUP)), WEBHOOK_PORT: String(webhookPort), SEPAY_WEBHOOK_API_KEY: SEPAY_WEBHOOK_KEY },
  });
  await h.bot.pollNow();
  return { h, sepay, telegram, webhookPort };
}

/** Someone names the bot in the chat with the buyer; returns the bot's guest answer. */
async function guest(s: Setup, text: string, from: { id: number; first_name: string }) {
  const queryId = s.telegram.sendGuestMessage(WITH_BUYER, text, { from });
  await until(() => s.telegram.guestAnswers.some((a) => a.queryId === queryId), 5000, 'the guest answer');
  const answer = s.telegram.guestAnswers.find((a) => a.queryId === queryId);
  if (answer === undefined) throw new Error('no guest answer');
  return answer;
}

describe('/check by a guest query (Telegram guest mode)', () => {
  it("answers a member of an allowed chat where the buyer is, and edits that message to ✅ when the money comes, under the chat's rules", async () => {
    const s = await setup();
    await s.h.bot.store.setChatRules(`telegram:${GROUP}`, { ...DEFAULT_RULES, privacy: true });
    const answer = await guest(s, '@bankbell_test_bot 1tr2', CASHIER);
    expect(answer.chatId).toBe(String(WITH_BUYER));
    expect(answer.visible).toMatch(/^⏳ Chưa thấy 1\.200\.000 ₫, đang chờ đến \d\d:\d\d/);
    await until(() => s.h.bot.store.paymentChecks().some((c) => c.messageRef === `inline:${answer.inlineMessageId}`), 5000, 'the guest answer placed');

    await pushSepay(s.sepay, s.webhookPort, { accountNumber: SHOP, amount: 1_200_000, content: 'KHACH MUA HANG ck' });
    await until(() => s.telegram.edits.some((e) => e.inlineMessageId === answer.inlineMessageId), 2000, 'the guest answer edited within 2 s');
    const [edit] = s.telegram.edits.filter((e) => e.inlineMessageId === answer.inlineMessageId);
    expect(edit?.visible).toMatch(/^✅ Đã nhận 1\.200\.000 ₫\nLúc:\s\d\d:\d\d\nNội dung:\sKHACH MUA HANG ck\nTài khoản:\s…8888$/);
    // Nothing went to the chat with the buyer but the answer itself, and nothing of it to the group.
    expect(s.telegram.sentTo(WITH_BUYER)).toEqual([]);
    expect(s.telegram.sentTo(GROUP).every((m) => !m.visible.includes('⏳'))).toBe(true);
  });

  it('answers ✅ at once for money already there, and shares the chat’s payments: one payment answers one check', async () => {
    const s = await setup();
    await pushSepay(s.sepay, s.webhookPort, { accountNumber: SHOP, amount: 75_000, content: 'tra sua 2 ly' });
    const found = await guest(s, '@bankbell_test_bot 75k tra sua', CASHIER);
    expect(found.visible).toMatch(/^✅ Đã nhận 75\.000 ₫/);
    expect(found.visible).not.toContain('12.345.678');
    // The same claim again, in the group: that payment answered the guest's check.
    s.telegram.sendText(GROUP, '/check 75k', { from: CASHIER });
    await until(() => s.telegram.sentTo(GROUP).some((m) => m.visible.startsWith('⏳')), 5000, 'the group waiting');
  });

  it('refuses anyone who is in no allowed chat, showing nothing, and checks nothing', async () => {
    const s = await setup();
    await pushSepay(s.sepay, s.webhookPort, { accountNumber: SHOP, amount: 300_000, content: 'BI MAT CUA HANG' });
    const refused = await guest(s, '@bankbell_test_bot 300k', STRANGER);
    expect(refused.visible).toBe('Bot này chỉ trả lời thành viên của cửa hàng.');
    expect(s.h.bot.store.paymentChecks()).toEqual([]);
    const bot = await guest(s, '@bankbell_test_bot 300k', { id: CASHIER.id, first_name: 'Bot giả', is_bot: true } as typeof CASHIER);
    expect(bot.visible).toBe('Bot này chỉ trả lời thành viên của cửa hàng.');
  });
});
