import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_RULES } from '../../src/core/chat-rules.js';
import { startFakeCasso } from '../../fakes/casso/server.js';
import { freePort } from '../../fakes/free-port.js';
import { startFakeSepay, type FakeSepay } from '../../fakes/sepay/v1.js';
import { startFakeTelegram, type FakeTelegram } from '../../fakes/telegram/server.js';
import { startHarness, type Harness } from '../helpers/bot-harness.js';
import { closedAfterEach } from '../helpers/closers.js';
import { tempDir } from '../helpers/temp-dir.js';
import { until } from '../helpers/until.js';
import { askQr as ask, pushSepay, SEPAY_WEBHOOK_KEY } from '../qr/telegram-qr.js';

const GROUP = -1001234567890;
const SHOP = '0071000888888';
const BRANCH = '1900112233';
/** The shop account's balance: no answer to /check may show it. */
const BALANCE = 98_765_432;

const closers = closedAfterEach();
afterEach(() => {
  vi.useRealTimers();
});

interface Setup {
  h: Harness;
  sepay: FakeSepay;
  telegram: FakeTelegram;
  webhookPort: number;
  dataDir: string;
}

function startBotOn(s: Omit<Setup, 'h'>): Promise<Harness> {
  return startHarness({
    dataDir: s.dataDir,
    sepay: s.sepay,
    env: { ...s.telegram.botEnv(String(GROUP)), WEBHOOK_PORT: String(s.webhookPort), SEPAY_WEBHOOK_API_KEY: SEPAY_WEBHOOK_KEY },
  });
}

async function setup(): Promise<Setup> {
  const sepay = await startFakeSepay();
  const telegram = await startFakeTelegram({ perChatBurst: 20, perChatPerSecond: 20 });
  closers.push(sepay, telegram);
  telegram.addChat(GROUP);
  sepay.addBankAccount({ accountNumber: SHOP, bankShortName: 'MBBank', accumulated: BALANCE });
  sepay.addBankAccount({ accountNumber: BRANCH, bankShortName: 'Vietcombank' });
  const base = { sepay, telegram, dataDir: await tempDir(), webhookPort: await freePort() };
  const h = await startBotOn(base);
  await h.bot.pollNow();
  return { ...base, h };
}

/** SePay pushes a payment, as its webhook does, and the bot stored it (its webhook answered 200). */
const push = (s: Setup, accountNumber: string, amount: number, content: string) => pushSepay(s.sepay, s.webhookPort, { accountNumber, amount, content });

/** The edits of one message, oldest first. */
const editsOf = (s: Setup, messageId: number) => s.telegram.edits.filter((e) => e.messageId === messageId && e.chatId === String(GROUP));

/** Asks `/check …` in the group and waits until a waiting answer is placed in the state. */
async function askWaiting(s: Setup, text: string) {
  const { answer } = await ask(s.telegram, GROUP, text);
  expect(answer.visible).toMatch(/^⏳ Chưa thấy/);
  await until(() => s.h.bot.store.paymentChecks().some((c) => c.messageRef === String(answer.messageId)), 5000, 'the check placed');
  return answer;
}

describe('/check over Telegram', () => {
  it('answers ✅ at once for money already there: time, content and account of that payment, and nothing else', async () => {
    const s = await setup();
    await push(s, SHOP, 250_000, 'NGUYEN VAN B chuyen tien ban 5');
    await push(s, SHOP, 300_000, 'KHACH KHAC thanh toan');
    await until(() => s.h.bot.store.outboxSize === 0, 5000, 'the alerts sent');

    const { answer } = await ask(s.telegram, GROUP, '/check 250k');
    expect(answer.visible).toMatch(/^✅ Đã nhận 250\.000 ₫\nLúc:\s\d\d:\d\d\nNội dung:\sNGUYEN VAN B chuyen tien ban 5\nTài khoản:\s0071000888888$/);
    expect(answer.replyTo).toBeDefined();
    // No balance, no other payment, no bank reference, no provider.
    for (const other of ['98.765.432', 'KHACH KHAC', '300.000', 'SePay', 'FT']) expect(answer.visible).not.toContain(other);
    expect(s.telegram.edits).toHaveLength(0);

    // Under /privacy the account shows by its last digits.
    await s.h.bot.store.setChatRules(`telegram:${GROUP}`, { ...DEFAULT_RULES, privacy: true });
    const privately = await ask(s.telegram, GROUP, '/check 300k khach');
    expect(privately.answer.visible).toContain('Tài khoản:\u00a0…8888');
    expect(privately.answer.visible).not.toContain(SHOP);
  });

  it('edits a waiting answer to ✅ within 2 s of a pushed payment reaching the bot, once', async () => {
    const s = await setup();
    const waiting = await askWaiting(s, '/check 1tr2 ban 7');
    expect(waiting.visible).toContain('Từ khoá:\u00a0ban 7');
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    await push(s, SHOP, 1_200_000, 'TRAN THI C ck BAN 7');
    const stored = Date.now();
    await until(() => editsOf(s, waiting.messageId).length === 1, 2_000, 'the ✅ edit within 2 s');
    expect(Date.now() - stored).toBeLessThanOrEqual(2_000);
    expect(editsOf(s, waiting.messageId)[0]?.visible).toMatch(/^✅ Đã nhận 1\.200\.000 ₫\nTừ khoá:\sban 7\nLúc:\s\d\d:\d\d\nNội dung:\sTRAN THI C ck BAN 7\nTài khoản:\s0071000888888$/);
    // Polled again: nothing more.
    await s.h.bot.pollNow();
    await until(() => s.h.bot.store.outboxSize === 0, 5000, 'the alert sent');
    expect(editsOf(s, waiting.messageId)).toHaveLength(1);
  });

  it('edits a waiting answer to ✅ after the poll that finds the payment', async () => {
    const s = await setup();
    const waiting = await askWaiting(s, '/check 450.000');
    s.sepay.addTransaction({ accountNumber: BRANCH, amountIn: 450_000, content: 'thanh toan don 88' });
    await s.h.bot.pollNow();
    await until(() => editsOf(s, waiting.messageId).length === 1, 2_000, 'the ✅ edit after one poll');
    expect(editsOf(s, waiting.messageId)[0]?.visible).toMatch(/^✅ Đã nhận 450\.000 ₫/);
    expect(editsOf(s, waiting.messageId)[0]?.visible).toContain(BRANCH);
  });

  it('needs two payments for two checks of the same amount', async () => {
    const s = await setup();
    const first = await askWaiting(s, '/check 200k');
    const second = await askWaiting(s, '/check 200k');
    await push(s, SHOP, 200_000, 'khach 1');
    await until(() => editsOf(s, first.messageId).length === 1, 5000, 'the first ✅');
    // The first payment answers the oldest check, and only it.
    await s.h.bot.pollNow();
    expect(editsOf(s, second.messageId)).toHaveLength(0);
    expect((await ask(s.telegram, GROUP, '/check 200k')).answer.visible).toMatch(/^⏳/);
    await push(s, SHOP, 200_000, 'khach 2');
    await until(() => editsOf(s, second.messageId).length === 1, 5000, 'the second ✅');
    expect(editsOf(s, second.messageId)[0]?.visible).toContain('khach 2');
  });

  it('never confirms with a wrong amount, an account the chat does not follow or money out, and ends ❌ when the 10 minutes are over', async () => {
    const s = await setup();
    await s.h.bot.store.setChatRules(`telegram:${GROUP}`, { ...DEFAULT_RULES, accounts: ['8888'] });
    const waiting = await askWaiting(s, '/check 500k');
    await push(s, SHOP, 499_000, 'gan dung');
    await push(s, BRANCH, 500_000, 'tai khoan khac');
    s.sepay.addTransaction({ accountNumber: SHOP, amountOut: 500_000, content: 'chuyen di' });
    await s.h.bot.pollNow();
    await until(() => s.h.bot.store.outboxSize === 0, 5000, 'the alerts handled');
    expect(editsOf(s, waiting.messageId)).toHaveLength(0);

    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
    vi.setSystemTime(Date.now() + 10 * 60_000 + 1_000);
    await until(() => editsOf(s, waiting.messageId).length === 1, 5000, 'the ❌ edit');
    expect(editsOf(s, waiting.messageId)[0]?.visible).toMatch(/^❌ Đã chờ đến \d\d:\d\d, chưa nhận được 500\.000 ₫$/);
    // Too late: a payment now answers nothing.
    await push(s, SHOP, 500_000, 'muon');
    await s.h.bot.pollNow();
    expect(editsOf(s, waiting.messageId)).toHaveLength(1);
  });

  it('makes the edit it owed after a restart, also for a payment that arrived while the bot was down', async () => {
    const s = await setup();
    const waiting = await askWaiting(s, '/check 320k');
    await s.h.stop();
    s.sepay.addTransaction({ accountNumber: SHOP, amountIn: 320_000, content: 'tra trong luc bot nghi' });

    const again = await startBotOn(s);
    await again.bot.pollNow();
    await until(() => editsOf(s, waiting.messageId).length === 1, 5000, 'the ✅ edit after the restart');
    expect(editsOf(s, waiting.messageId)[0]?.visible).toContain('tra trong luc bot nghi');
  });

  it("shows the sender's name when the provider gives it", async () => {
    const casso = await startFakeCasso();
    const telegram = await startFakeTelegram({ perChatBurst: 20, perChatPerSecond: 20 });
    closers.push(casso, telegram);
    telegram.addChat(GROUP);
    const account = casso.addAccount({ accountNumber: SHOP });
    const h = await startHarness({ dataDir: await tempDir(), casso, env: telegram.botEnv(String(GROUP)) });
    await h.bot.pollNow();
    casso.addTransaction(account.id, { amount: 150_000, description: 'ck tien hang', counterAccountName: 'LE VAN D', counterAccountNumber: '111222333' });
    await h.bot.pollNow();
    await until(() => h.bot.store.outboxSize === 0, 5000, 'the alert sent');
    const { answer } = await ask(telegram, GROUP, '/check 150k le van');
    expect(answer.visible).toContain('Người chuyển:\u00a0LE VAN D');
    // The sender's account is not the payment's account: not shown.
    expect(answer.visible).not.toContain('111222333');
  });
});
