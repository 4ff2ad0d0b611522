import { describe, expect, it } from 'vitest';
import { startFakeCasso, type FakeCasso } from '../../fakes/casso/server.js';
import { startFakeSepay, type FakeSepay } from '../../fakes/sepay/v1.js';
import { startFakeTelegram, type FakeTelegram } from '../../fakes/telegram/server.js';
import { startHarness, type Harness } from '../helpers/bot-harness.js';
import { closedAfterEach } from '../helpers/closers.js';
import { freePort } from '../../fakes/free-port.js';
import { tempDir } from '../helpers/temp-dir.js';
import { until } from '../helpers/until.js';
import { askQr, pushSepay, SEPAY_WEBHOOK_KEY } from './telegram-qr.js';

const GROUP = -1001234567890;
const SHOP = '0071000888888';

const closers = closedAfterEach();

interface Setup {
  h: Harness;
  casso: FakeCasso;
  cassoAccount: number;
  sepay: FakeSepay;
  telegram: FakeTelegram;
  webhookPort: number;
}

/** The shop's account is linked in both Casso and SePay; SePay also pushes to the webhook. */
async function setup(): Promise<Setup> {
  const casso = await startFakeCasso();
  const sepay = await startFakeSepay();
  const telegram = await startFakeTelegram({ perChatBurst: 20, perChatPerSecond: 20 });
  closers.push(casso, sepay, telegram);
  telegram.addChat(GROUP);
  const cassoAccount = casso.addAccount({ accountNumber: SHOP, bankName: 'MBBank', bin: 970422 }).id;
  sepay.addBankAccount({ accountNumber: SHOP, bankShortName: 'MBBank' });
  const webhookPort = await freePort();
  const h = await startHarness({
    dataDir: await tempDir(),
    casso,
    sepay,
    env: { ...telegram.botEnv(String(GROUP)), WEBHOOK_PORT: String(webhookPort), SEPAY_WEBHOOK_API_KEY: SEPAY_WEBHOOK_KEY },
  });
  await h.bot.pollNow();
  return { h, casso, cassoAccount, sepay, telegram, webhookPort };
}

/** A new request for `amount`, its photo placed in the chat; its code. */
async function request(s: Setup, amount: string): Promise<string> {
  const { code } = await askQr(s.telegram, GROUP, `/qr ${amount}`);
  if (code === null) throw new Error('no code');
  await until(() => s.h.bot.store.paymentRequests().some((r) => r.code === code && r.messageRef !== null), 5000, 'the request placed');
  return code;
}

/**
 * One transfer of `amount` with the code, as both providers report it: SePay pushes it (and
 * lists it), Casso lists it, each with its own id and its own wording of the content.
 */
async function payBothWays(s: Setup, code: string, amount: number, reference: string | null): Promise<void> {
  await pushSepay(s.sepay, s.webhookPort, { accountNumber: SHOP, amount, content: `${code} chuyen tien`, reference });
  s.casso.addTransaction(s.cassoAccount, { amount, description: `MBVCB.8812.${code.toLowerCase()}.CT tu 0123`, reference: reference ?? '' });
  await s.h.bot.pollNow();
}

/** Waits until every alert is sent and every request's message shows what the request holds. */
async function settled(s: Setup): Promise<void> {
  const done = () => s.h.bot.store.outboxSize === 0 && s.h.bot.store.paymentRequests().every((r) => r.shown >= r.revision);
  await until(done, 5000, 'alerts sent and request messages edited');
}

const captions = (s: Setup) => s.telegram.captionEdits.map((e) => e.visible);
const alertsOf = (s: Setup, code: string) => s.telegram.sentTo(GROUP).filter((m) => m.photo === undefined && m.visible.includes(code.slice(2)));

describe('/qr with one account linked in both Casso and SePay', () => {
  it('one transfer reported by Casso and SePay for the same account leaves a 200 000 request at ⚠️ 100 000, alerted once', async () => {
    const s = await setup();
    const code = await request(s, '200k');
    await payBothWays(s, code, 100_000, 'FT25100412345678');
    await settled(s);
    await s.h.bot.pollNow();
    await settled(s);
    expect(captions(s)).toHaveLength(1);
    expect(captions(s)[0]).toMatch(/^⚠️ Mới nhận 100\.000 ₫ \/ 200\.000 ₫/);
    expect(s.h.bot.store.paymentRequests()[0]).toMatchObject({ status: 'underpaid', received: 100_000 });
    // The bank's reference names one transfer, whoever reports it: one alert.
    expect(alertsOf(s, code)).toHaveLength(1);
  });

  it('counts one transfer without a bank reference once too', async () => {
    const s = await setup();
    const code = await request(s, '200k');
    await payBothWays(s, code, 100_000, null);
    await settled(s);
    await s.h.bot.pollNow();
    await settled(s);
    expect(captions(s)).toEqual([expect.stringMatching(/^⚠️ Mới nhận 100\.000 ₫ \/ 200\.000 ₫/)]);
    expect(s.h.bot.store.paymentRequests()[0]).toMatchObject({ status: 'underpaid', received: 100_000 });
  });

  it('counts two customers paying the same 100 000, each reported by both providers, as 200 000: ✅, each alerted once', async () => {
    const s = await setup();
    const code = await request(s, '200k');
    await payBothWays(s, code, 100_000, 'FT25100400000001');
    await settled(s);
    expect(captions(s).at(-1)).toMatch(/^⚠️ Mới nhận 100\.000 ₫ \/ 200\.000 ₫/);
    await payBothWays(s, code, 100_000, 'FT25100400000002');
    await settled(s);
    expect(captions(s).at(-1)).toMatch(/^✅ Đã nhận 200\.000 ₫/);
    expect(alertsOf(s, code)).toHaveLength(2);
  });
});
