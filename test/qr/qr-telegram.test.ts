import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from '../../src/core/chat-rules.js';
import { startFakeSepay, type FakeSepay } from '../../fakes/sepay/v1.js';
import { startFakeTelegram, type FakeTelegram } from '../../fakes/telegram/server.js';
import { startHarness, type Harness } from '../helpers/bot-harness.js';
import { freePort } from '../../fakes/free-port.js';
import { tempDir } from '../helpers/temp-dir.js';
import { until } from '../helpers/until.js';
import { closedAfterEach } from '../helpers/closers.js';
import { MAX_OPEN_REQUESTS_PER_CHAT } from '../../src/core/payment-request.js';
import { makeRequest } from '../store/payment-request-contract.js';
import { askQr as askQrIn, pushSepay, SEPAY_WEBHOOK_KEY } from './telegram-qr.js';

const GROUP = -1001234567890;
const SHOP = '0071000888888';
const BRANCH = '1900112233';

const closers = closedAfterEach();

interface Setup {
  h: Harness;
  sepay: FakeSepay;
  telegram: FakeTelegram;
  webhookPort: number;
  dataDir: string;
}

async function startBotOn(s: { sepay: FakeSepay; telegram: FakeTelegram; dataDir: string; webhookPort: number }, env: Record<string, string> = {}) {
  return startHarness({
    dataDir: s.dataDir,
    sepay: s.sepay,
    env: {
      ...s.telegram.botEnv(String(GROUP)),
      WEBHOOK_PORT: String(s.webhookPort),
      SEPAY_WEBHOOK_API_KEY: SEPAY_WEBHOOK_KEY,
      ...env,
    },
  });
}

async function setup(env: Record<string, string> = {}): Promise<Setup> {
  const sepay = await startFakeSepay();
  const telegram = await startFakeTelegram({ perChatBurst: 20, perChatPerSecond: 20 });
  closers.push(sepay, telegram);
  telegram.addChat(GROUP);
  sepay.addBankAccount({ accountNumber: SHOP, bankShortName: 'MBBank' });
  sepay.addBankAccount({ accountNumber: BRANCH, bankShortName: 'Vietcombank' });
  const base = { sepay, telegram, dataDir: await tempDir(), webhookPort: await freePort() };
  const h = await startBotOn(base, env);
  await h.bot.pollNow();
  return { ...base, h };
}

/** Types `/qr …` in the group and returns the bot's answer: a photo (with its code) or text. */
const askQr = (s: Setup, text: string) => askQrIn(s.telegram, GROUP, text);

/** Waits until the request's message is placed in the state (the photo reported back). */
async function placed(s: Setup, code: string) {
  await until(() => s.h.bot.store.paymentRequests().some((r) => r.code === code && r.messageRef !== null), 5000, 'the request placed');
}

/** SePay pushes a payment, as its webhook does. */
async function push(s: Setup, accountNumber: string, amount: number, content: string) {
  await pushSepay(s.sepay, s.webhookPort, { accountNumber, amount, content });
}

const alertsTo = (s: Setup) => s.telegram.sentTo(GROUP).filter((m) => m.photo === undefined).map((m) => m.visible);

describe('/qr over Telegram', () => {
  it('lists the accounts and makes no request when the chat follows several and none is named', async () => {
    const s = await setup();
    const { answer, code } = await askQr(s, '/qr 250k');
    expect(answer.photo).toBeUndefined();
    expect(code).toBeNull();
    expect(answer.visible).toContain(SHOP);
    expect(answer.visible).toContain(BRANCH);
    expect(answer.visible).toContain('acc:');
    expect(s.h.bot.store.paymentRequests()).toEqual([]);
  });

  it('sends the photo with its caption, and edits the caption to ✅ once when a rewritten payment is polled', async () => {
    const s = await setup();
    const { answer, code } = await askQr(s, '/qr 250k acc:8888 bàn 5');
    expect(answer.photo?.subarray(1, 4).toString()).toBe('PNG');
    expect(code).toMatch(/^[A-Z0-9]{8}$/);
    expect(answer.visible).toContain('250.000 ₫');
    expect(answer.visible).toContain('MBBank');
    expect(answer.visible).toContain(SHOP);
    expect(answer.visible).toContain('bàn 5');
    expect(answer.visible).toMatch(/Hết hạn:\s\d\d:\d\d/);
    if (code === null) return;
    await placed(s, code);

    // The bank lower-cases the content, cuts the code with a space and adds its own words.
    const rewritten = `MBVCB.8812.${code.slice(0, 3).toLowerCase()} ${code.slice(3).toLowerCase()}.CT tu 0123 NGUYEN VAN B`;
    s.sepay.addTransaction({ accountNumber: SHOP, amountIn: 250_000, content: rewritten });
    await s.h.bot.pollNow();
    await until(() => s.telegram.captionEdits.length === 1, 5000, 'the caption edited');
    expect(s.telegram.captionEdits[0]?.messageId).toBe(answer.messageId);
    expect(s.telegram.captionEdits[0]?.visible).toMatch(/^✅ Đã nhận 250\.000 ₫ lúc \d\d:\d\d/);
    await until(() => s.h.bot.store.outboxSize === 0, 5000, 'the alert sent');
    // The payment's own alert names the request.
    expect(alertsTo(s).find((a) => a.includes(rewritten))).toMatch(new RegExp(`Yêu cầu QR:\\s${code} · bàn 5`));

    // Polled again, and the editor woken again: still one edit.
    await s.h.bot.pollNow();
    await s.h.bot.store.expirePaymentRequests();
    expect(s.telegram.captionEdits).toHaveLength(1);
    expect(s.h.bot.store.paymentRequests()[0]).toMatchObject({ status: 'paid', received: 250_000, revision: 1, shown: 1 });
    // /find with the code finds the payment, though the bank split the code with a space.
    const found = await askQr(s, `/find ${code}`);
    expect(found.answer.visible).toContain(rewritten);
  });

  it('shows ⚠️ for a smaller pushed payment, then ✅ when the rest arrives; a payment to another account with the code does not count', async () => {
    const s = await setup();
    const { code } = await askQr(s, '/qr 300k acc:8888');
    if (code === null) throw new Error('no code');
    await placed(s, code);

    await push(s, BRANCH, 300_000, `thanh toan ${code}`);
    await push(s, SHOP, 100_000, `${code} lan 1`);
    await until(() => s.telegram.captionEdits.length === 1, 5000, 'the underpaid edit');
    expect(s.telegram.captionEdits[0]?.visible).toMatch(/^⚠️ Mới nhận 100\.000 ₫ \/ 300\.000 ₫/);

    await push(s, SHOP, 200_000, `${code.toLowerCase()} lan 2`);
    await until(() => s.telegram.captionEdits.length === 2, 5000, 'the paid edit');
    expect(s.telegram.captionEdits[1]?.visible).toMatch(/^✅ Đã nhận 300\.000 ₫/);
    await s.h.bot.pollNow();
    expect(s.telegram.captionEdits).toHaveLength(2);
    expect(s.h.bot.store.paymentRequests()[0]?.payments).toHaveLength(2);
  });

  it(`answers a /qr beyond the ${MAX_OPEN_REQUESTS_PER_CHAT} open requests a chat may have with why, and makes no request`, async () => {
    const s = await setup();
    const now = Date.now();
    for (let i = 0; i < MAX_OPEN_REQUESTS_PER_CHAT; i++) {
      const waiting = makeRequest({
        code: `QR${String(i).padStart(6, '0')}`,
        dest: `telegram:${GROUP}`,
        accountNumber: SHOP,
        createdAt: new Date(now).toISOString(),
        expiresAt: new Date(now + 15 * 60_000).toISOString(),
      });
      expect(await s.h.bot.store.addPaymentRequest(waiting)).toBe('added');
    }
    const { answer, code } = await askQr(s, '/qr 250k acc:8888');
    expect(code).toBeNull();
    expect(answer.photo).toBeUndefined();
    expect(answer.visible).toContain(`đã có ${MAX_OPEN_REQUESTS_PER_CHAT} yêu cầu thanh toán đang chờ`);
    expect(s.h.bot.store.paymentRequests()).toHaveLength(MAX_OPEN_REQUESTS_PER_CHAT);
  });

  it("under /privacy shows the account by its last digits, while the QR (the payer's bank reads it) holds it whole, as /help says", async () => {
    const s = await setup();
    await s.h.bot.store.setChatRules(`telegram:${GROUP}`, { ...DEFAULT_RULES, privacy: true });
    const { answer } = await askQr(s, '/qr 250k acc:8888');
    expect(answer.visible).toContain('…8888');
    expect(answer.visible).not.toContain(SHOP);
    if (answer.photo === undefined) throw new Error('no photo');
    const png = PNG.sync.read(answer.photo);
    expect(jsQR.default(new Uint8ClampedArray(png.data), png.width, png.height)?.data).toContain(SHOP);
    const help = await askQr(s, '/help');
    expect(help.answer.visible).toMatch(/\/privacy .*mã \/qr vẫn chứa đủ số tài khoản/);
  });

  it('makes an edit that failed after the restart, once', async () => {
    const s = await setup();
    const { code } = await askQr(s, '/qr 250k acc:8888');
    if (code === null) throw new Error('no code');
    await placed(s, code);
    s.telegram.injectFaults({
      pathPrefix: `/bot${s.telegram.token}/editMessageCaption`,
      status: 500,
      body: { ok: false, error_code: 500, description: 'Internal Server Error' },
    });
    s.sepay.addTransaction({ accountNumber: SHOP, amountIn: 250_000, content: code });
    await s.h.bot.pollNow();
    await until(() => s.h.logs.some((l) => l.includes('qr.edit_retry')), 5000, 'the failed edit');
    await s.h.stop();
    expect(s.telegram.captionEdits).toHaveLength(0);

    await startBotOn(s);
    await until(() => s.telegram.captionEdits.length === 1, 5000, 'the edit after the restart');
    expect(s.telegram.captionEdits[0]?.visible).toMatch(/^✅ Đã nhận 250\.000 ₫/);
  });

  it('turns a request shown expired ✅ when a payment the bank made before the expiry is reported after it', async () => {
    const s = await setup({ QR_EXPIRY_MINUTES: '0.02' });
    const { code } = await askQr(s, '/qr 250k acc:8888 bàn 5');
    if (code === null) throw new Error('no code');
    await placed(s, code);
    await until(() => s.telegram.captionEdits.length === 1, 5000, 'the expired edit');
    expect(s.telegram.captionEdits[0]?.visible).toMatch(/^⌛ Đã hết hạn/);

    // Paid in time; the provider lists it only now.
    const expiresAt = Date.parse(s.h.bot.store.paymentRequests()[0]?.expiresAt ?? '');
    s.sepay.addTransaction({ accountNumber: SHOP, amountIn: 250_000, content: `${code} ck`, date: new Date(expiresAt - 1_000) });
    await s.h.bot.pollNow();
    await until(() => s.telegram.captionEdits.length === 2, 5000, 'the paid edit');
    expect(s.telegram.captionEdits[1]?.visible).toMatch(/^✅ Đã nhận 250\.000 ₫ lúc \d\d:\d\d/);
    await until(() => s.h.bot.store.outboxSize === 0, 5000, 'the alert sent');
    expect(alertsTo(s).find((a) => a.includes(`${code} ck`))).toMatch(new RegExp(`Yêu cầu QR:\\s${code} · bàn 5`));
  });

  it('expires a request whose time ran out while the bot was down, and alerts a later payment as a plain one', async () => {
    const s = await setup({ QR_EXPIRY_MINUTES: '0.02' });
    const { code } = await askQr(s, '/qr 250k acc:8888');
    if (code === null) throw new Error('no code');
    await placed(s, code);
    await s.h.stop();

    await new Promise((resolve) => setTimeout(resolve, 1_300));
    const again = await startBotOn(s, { QR_EXPIRY_MINUTES: '0.02' });
    await until(() => s.telegram.captionEdits.length === 1, 5000, 'the expired edit');
    expect(s.telegram.captionEdits[0]?.visible).toMatch(/^⌛ Đã hết hạn lúc \d\d:\d\d, chưa nhận được tiền/);

    // Made after the expiry (the bank's time is to the second).
    const expiresAt = Date.parse(again.bot.store.paymentRequests()[0]?.expiresAt ?? '');
    s.sepay.addTransaction({ accountNumber: SHOP, amountIn: 250_000, content: `late ${code}`, date: new Date(expiresAt + 1_000) });
    await again.bot.pollNow();
    await until(() => alertsTo(s).some((a) => a.includes(`late ${code}`)), 5000, 'the late payment alerted');
    expect(alertsTo(s).find((a) => a.includes(`late ${code}`))).not.toContain('Yêu cầu QR');
    expect(s.telegram.captionEdits).toHaveLength(1);
  });
});
