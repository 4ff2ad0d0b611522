import { describe, expect, it } from 'vitest';
import { startFakeSepay, type FakeSepay } from '../../fakes/sepay/v1.js';
import { startFakeSepayV2, type FakeSepayV2 } from '../../fakes/sepay/v2.js';
import { startHarness } from '../helpers/bot-harness.js';
import { tempDir } from '../helpers/temp-dir.js';
import { until } from '../helpers/until.js';
import { closedAfterEach } from '../helpers/closers.js';

const TOKEN = 'test-sepay-token';
const ACCOUNT = '2222222222';
const closers = closedAfterEach();

/** One SePay company seen through both API versions: each payment booked in both, same bank reference. */
async function sepayBothWays() {
  const v1 = await startFakeSepay({ apiToken: TOKEN });
  const v2 = await startFakeSepayV2({ apiToken: TOKEN });
  closers.push(v1, v2);
  v1.addBankAccount({ accountNumber: ACCOUNT });
  v2.addBankAccount({ accountNumber: ACCOUNT });
  let n = 0;
  const book = (content: string, amountIn: number, date?: Date) => {
    const referenceNumber = `FT2511${String(++n).padStart(8, '0')}`;
    v1.addTransaction({ accountNumber: ACCOUNT, amountIn, content, referenceNumber, date });
    v2.addTransaction({ accountNumber: ACCOUNT, amountIn, content, referenceNumber, date });
  };
  return { v1, v2, book };
}

const v2Env = (v2: FakeSepayV2) => ({ SEPAY_API_VERSION: 'v2', SEPAY_API_BASE: v2.url });
const v1Env = (v1: FakeSepay) => ({ SEPAY_API_VERSION: 'v1', SEPAY_API_BASE: v1.url });

describe('SePay API v2', () => {
  it('baselines on first start, then alerts each new payment once', async () => {
    const { v2, book } = await sepayBothWays();
    book('EXISTING-1', 100_000, new Date(Date.now() - 3 * 86_400_000));
    const h = await startHarness({ dataDir: await tempDir(), env: { SEPAY_API_TOKEN: TOKEN, ...v2Env(v2) } });
    await h.bot.pollNow();
    book('V2-NEW-1', 150_000);
    book('V2-NEW-2', 250_000);
    await h.bot.pollNow();
    await h.bot.pollNow();
    await until(() => h.bot.store.outboxSize === 0);
    expect(h.alertsMentioning('EXISTING-1')).toBe(0);
    expect(h.alertsMentioning('V2-NEW-1')).toBe(1);
    expect(h.alertsMentioning('V2-NEW-2')).toBe(1);
  });

  it('moves from v1 to v2 with no flood and no gap', async () => {
    const { v1, v2, book } = await sepayBothWays();
    const dataDir = await tempDir();
    book('OLD-HISTORY', 100_000, new Date(Date.now() - 5 * 86_400_000));
    const onV1 = await startHarness({ dataDir, env: { SEPAY_API_TOKEN: TOKEN, ...v1Env(v1) } });
    await onV1.bot.pollNow();
    book('SEEN-BY-V1', 200_000);
    await onV1.bot.pollNow();
    await until(() => onV1.bot.store.outboxSize === 0);
    await onV1.stop();

    book('DURING-SWITCH', 300_000);
    const onV2 = await startHarness({ dataDir, env: { SEPAY_API_TOKEN: TOKEN, ...v2Env(v2) } });
    await onV2.bot.pollNow();
    book('AFTER-SWITCH', 400_000);
    await onV2.bot.pollNow();
    await until(() => onV2.bot.store.outboxSize === 0);

    expect(onV1.alertsMentioning('SEEN-BY-V1')).toBe(1);
    expect(onV2.alertsMentioning('SEEN-BY-V1')).toBe(0);
    expect(onV2.alertsMentioning('OLD-HISTORY')).toBe(0);
    expect(onV2.alertsMentioning('DURING-SWITCH')).toBe(1);
    expect(onV2.alertsMentioning('AFTER-SWITCH')).toBe(1);
  });
});
