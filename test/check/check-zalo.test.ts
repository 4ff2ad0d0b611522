import { afterEach, describe, expect, it, vi } from 'vitest';
import { startFakeCasso } from '../../fakes/casso/server.js';
import { startFakeZalo } from '../../fakes/zalo/server.js';
import { startHarness } from '../helpers/bot-harness.js';
import { closedAfterEach } from '../helpers/closers.js';
import { tempDir } from '../helpers/temp-dir.js';
import { until } from '../helpers/until.js';

const CASHIER = '7a1c9f0b3e5d2a4c6b8d';
const SHOP = '0071000888888';
const closers = closedAfterEach();
afterEach(() => {
  vi.useRealTimers();
});

describe('/check over Zalo', () => {
  it('answers ⏳, then tells the ✅ and the ❌ in new messages that name the check they answer (Zalo cannot edit)', async () => {
    const casso = await startFakeCasso();
    const zalo = await startFakeZalo();
    closers.push(casso, zalo);
    zalo.addChat(CASHIER);
    const account = casso.addAccount({ accountNumber: SHOP, bankName: 'MBBank', balance: 42_000_000 }).id;
    const h = await startHarness({ dataDir: await tempDir(), casso, env: zalo.botEnv(CASHIER) });
    await h.bot.pollNow();
    const texts = () => zalo.sentTo(CASHIER).map((m) => m.text);
    const ask = async (text: string) => {
      const before = zalo.sentTo(CASHIER).length;
      zalo.sendText(CASHIER, text);
      await until(() => zalo.sentTo(CASHIER).length > before, 8000, `the answer to ${text}`);
      await until(() => h.bot.store.paymentChecks().every((c) => c.status !== 'waiting' || c.messageRef !== null), 5000, 'the answer placed');
      return zalo.sentTo(CASHIER)[before]?.text ?? '';
    };

    expect(await ask('/check 180k ban 9')).toMatch(/^⏳ Chưa thấy 180\.000 ₫, đang chờ đến \d\d:\d\d\nTừ khoá:\sban 9/);
    expect(await ask('/check 95k')).toMatch(/^⏳ Chưa thấy 95\.000 ₫/);
    casso.addTransaction(account, { amount: 180_000, description: 'KHACH BAN 9 chuyen khoan' });
    await h.bot.pollNow();
    await until(() => texts().some((t) => t.startsWith('✅ Đã nhận 180.000 ₫')), 8000, 'the ✅ as a new message');
    const confirmed = texts().find((t) => t.startsWith('✅ Đã nhận 180.000 ₫')) ?? '';
    expect(confirmed).toMatch(/Từ khoá:\sban 9/);
    expect(confirmed).toContain('KHACH BAN 9 chuyen khoan');
    expect(confirmed).not.toContain('42.000.000');

    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
    vi.setSystemTime(Date.now() + 10 * 60_000 + 1_000);
    await until(() => texts().some((t) => t.includes('chưa nhận được 95.000 ₫')), 8000, 'the ❌ as a new message');
    expect(texts().filter((t) => t.startsWith('✅') || t.startsWith('❌'))).toHaveLength(2);
  });
});
