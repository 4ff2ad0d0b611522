import { describe, expect, it } from 'vitest';
import { vietnamDate } from '../../src/core/vietnam-time.js';
import { startFakeSepay, type FakeSepay } from '../../fakes/sepay/v1.js';
import { startFakeTelegram, type FakeTelegram } from '../../fakes/telegram/server.js';
import { startHarness, type Harness } from '../helpers/bot-harness.js';
import { tempDir } from '../helpers/temp-dir.js';
import { until } from '../helpers/until.js';
import { closedAfterEach } from '../helpers/closers.js';

const GROUP = -1001234567890;
const OWNER = 777001;
const ADMIN = { id: 1, first_name: 'Hoa', username: 'hoa_owner' };
const MEMBER = { id: 4242, first_name: 'Lan' };
const SHOP = '0071000888888';
const BRANCH = '1900112233';

const closers = closedAfterEach();

interface Setup {
  h: Harness;
  sepay: FakeSepay;
  telegram: FakeTelegram;
}

async function setup(): Promise<Setup> {
  const sepay = await startFakeSepay();
  // Pacing is tested elsewhere; answers and alerts here should not queue behind the flood limit.
  const telegram = await startFakeTelegram({ perChatBurst: 20, perChatPerSecond: 20 });
  closers.push(sepay, telegram);
  telegram.addChat(GROUP, { admins: [ADMIN.id] });
  sepay.addBankAccount({ accountNumber: SHOP, accumulated: 5_000_000, bankShortName: 'MBBank' });
  sepay.addBankAccount({ accountNumber: BRANCH, accumulated: 7_250_000, bankShortName: 'Vietcombank' });
  const h = await startHarness({
    dataDir: await tempDir(),
    sepay,
    env: telegram.botEnv(`${GROUP},${OWNER}`),
  });
  await h.bot.pollNow();
  return { h, sepay, telegram };
}

/** Types a command and returns the bot's answer. */
async function ask(telegram: FakeTelegram, chatId: number, text: string, from?: { id: number; first_name: string }): Promise<string> {
  const before = telegram.sentTo(chatId).length;
  telegram.sendText(chatId, text, from ? { from } : {});
  await until(() => telegram.sentTo(chatId).length > before, 5000, `the answer to ${text}`);
  return telegram.sentTo(chatId)[before]?.visible ?? '';
}

/** Polls, waits until every owed alert is sent or dropped, and returns what each chat got. */
async function alertsAfterPoll({ h, telegram }: Setup, chatId: number): Promise<string[]> {
  const before = telegram.sentTo(chatId).length;
  await h.bot.pollNow();
  await until(() => h.bot.store.outboxSize === 0, 8000, 'the outbox to drain');
  return telegram.sentTo(chatId).slice(before).map((m) => m.visible);
}

describe('per-chat rules over Telegram', () => {
  it('lets an administrator change a rule, refuses a plain member, and echoes who changed it', async () => {
    const s = await setup();
    const refused = await ask(s.telegram, GROUP, '/min 500k', MEMBER);
    expect(refused).toContain('Chỉ quản trị viên');
    expect(await ask(s.telegram, GROUP, '/settings', MEMBER)).toMatch(/Số tiền tối thiểu: tắt/);

    const echoed = await ask(s.telegram, GROUP, '/min 500k', ADMIN);
    expect(echoed).toContain('Hoa đã đổi cài đặt');
    expect(echoed).toContain('Số tiền tối thiểu: 500.000 ₫');
    expect(await ask(s.telegram, GROUP, '/min lots', ADMIN)).toContain('/min <số tiền> hoặc /min off');
    await ask(s.telegram, GROUP, '/privacy off', ADMIN);
    // Telegram was asked once about each person: the answer is remembered for a while.
    expect(s.telegram.requests.filter((r) => r.path.endsWith('/getChatMember'))).toHaveLength(2);

    s.sepay.addTransaction({ accountNumber: SHOP, amountIn: 200_000, content: 'small DH1' });
    s.sepay.addTransaction({ accountNumber: SHOP, amountIn: 900_000, content: 'big DH2' });
    const alerts = await alertsAfterPoll(s, GROUP);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toContain('big DH2');
    // The owner's chat has default rules: both payments.
    expect(s.telegram.sentTo(OWNER).map((m) => m.visible).join('\n')).toMatch(/small DH1[\s\S]*big DH2|big DH2[\s\S]*small DH1/);
  });

  it('alerts outgoing money only to a chat that asked for it, in its language', async () => {
    const s = await setup();
    s.sepay.addTransaction({ accountNumber: SHOP, amountOut: 300_000, content: 'tra tien hang NCC' });
    expect(await alertsAfterPoll(s, OWNER)).toEqual([]);

    await ask(s.telegram, OWNER, '/alerts all');
    expect(await ask(s.telegram, OWNER, '/lang en')).toContain('Language: en');
    s.sepay.addTransaction({ accountNumber: SHOP, amountOut: 400_000, content: 'tra tien dien' });
    const [alert] = await alertsAfterPoll(s, OWNER);
    expect(alert).toContain('Money out');
    expect(alert).toContain('-400.000 ₫');
    expect(s.telegram.sentTo(GROUP).some((m) => m.visible.includes('tra tien dien'))).toBe(false);
  });

  it('routes by account: alerts, /balance and /find see only the accounts a chat follows', async () => {
    const s = await setup();
    expect(await ask(s.telegram, OWNER, '/accounts 2233')).toContain('Tài khoản: 2233');
    s.sepay.addTransaction({ accountNumber: SHOP, amountIn: 1_000_000, content: 'main shop DH7' });
    s.sepay.addTransaction({ accountNumber: BRANCH, amountIn: 2_000_000, content: 'branch DH8' });
    const alerts = await alertsAfterPoll(s, OWNER);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toContain('branch DH8');

    const balance = await ask(s.telegram, OWNER, '/balance');
    expect(balance).toContain(BRANCH);
    expect(balance).not.toContain(SHOP);
    const found = await ask(s.telegram, OWNER, '/find DH');
    expect(found).toContain('branch DH8');
    expect(found).not.toContain('main shop DH7');
    expect(await ask(s.telegram, GROUP, '/find DH')).toContain('main shop DH7');
  });

  it('/test answers with a marked sample in the chat’s rules, and stores and queues nothing', async () => {
    const s = await setup();
    s.sepay.addTransaction({ accountNumber: SHOP, amountIn: 120_000, content: 'real DH11' });
    await alertsAfterPoll(s, OWNER);
    const stored = [...s.h.bot.store.transactions()].length;
    const sentBefore = s.telegram.sentTo(OWNER).length;
    await ask(s.telegram, OWNER, '/privacy on');

    const sample = await ask(s.telegram, OWNER, '/test');
    expect(sample.split('\n')[0]).toBe('🧪 THỬ — tin mẫu, không phải giao dịch thật');
    expect(sample).toContain('…6789');
    expect([...s.h.bot.store.transactions()]).toHaveLength(stored);
    expect(s.h.bot.store.outboxSize).toBe(0);
    expect(await ask(s.telegram, OWNER, '/find 500k')).toContain('Không tìm thấy giao dịch nào.');
    // The payment's own Vietnam day, not "today": the test may run across midnight.
    const real = [...s.h.bot.store.transactions()].find((tx) => tx.content === 'real DH11');
    const day = vietnamDate(new Date(real?.occurredAt ?? Date.now()));
    expect(await ask(s.telegram, OWNER, `/report ${day}`)).toContain('Tổng tiền vào: +120.000 ₫ (1 khoản)');
    // Only the answers: no alert went to this chat or the other one.
    expect(s.telegram.sentTo(OWNER)).toHaveLength(sentBefore + 4);
    expect(s.telegram.sentTo(GROUP).some((m) => m.visible.includes('THỬ'))).toBe(false);
  });

  it('with privacy on, masks accounts and hides balances in alerts, /balance and /find', async () => {
    const s = await setup();
    s.sepay.addTransaction({ accountNumber: SHOP, amountIn: 1_500_000, content: 'before privacy DH9' });
    const [plain] = await alertsAfterPoll(s, OWNER);
    expect(plain).toContain(SHOP);

    expect(await ask(s.telegram, OWNER, '/privacy on')).toContain('Riêng tư: bật');
    s.sepay.addTransaction({ accountNumber: SHOP, amountIn: 2_500_000, content: 'private DH10' });
    const [masked] = await alertsAfterPoll(s, OWNER);
    expect(masked).toContain('…8888');
    expect(masked).not.toContain(SHOP);

    const balance = await ask(s.telegram, OWNER, '/balance');
    expect(balance).toContain('…8888');
    expect(balance).not.toMatch(new RegExp(`${SHOP}|9\\.000\\.000|7\\.250\\.000`));
    const found = await ask(s.telegram, OWNER, '/find DH');
    expect(found).toContain('private DH10');
    expect(found).not.toContain(SHOP);

    await ask(s.telegram, OWNER, '/privacy off');
    expect(await ask(s.telegram, OWNER, '/balance')).toContain('9.000.000 ₫');
  });
});
