import jsQR from 'jsqr';
import type { Browser, Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../fakes/free-port.js';
import { startFakeSepay, type FakeSepay } from '../../fakes/sepay/v1.js';
import { startFakeTelegram, type FakeTelegram } from '../../fakes/telegram/server.js';
import { startHarness, type Harness } from '../helpers/bot-harness.js';
import { CHROMIUM_MISSING, launchChromium, SPEECH_SPY, type Spoken } from '../helpers/browser.js';
import { closedAfterEach } from '../helpers/closers.js';
import { tempDir } from '../helpers/temp-dir.js';
import { until } from '../helpers/until.js';
import { askQr, pushSepay, SEPAY_WEBHOOK_KEY } from '../qr/telegram-qr.js';

const GROUP = -1001234567890;
const ADMIN = { id: 4242, first_name: 'Lan' };
const SHOP = '0071000888888';
const closers = closedAfterEach();

interface Setup {
  h: Harness;
  sepay: FakeSepay;
  telegram: FakeTelegram;
  env: Record<string, string>;
  dataDir: string;
  webhookPort: number;
}

/** The bot with Telegram, SePay's webhook and WEB_PORT, as an operator would run it for a counter screen. */
async function setup(): Promise<Setup> {
  const sepay = await startFakeSepay();
  const telegram = await startFakeTelegram({ perChatBurst: 20, perChatPerSecond: 20 });
  closers.push(sepay, telegram);
  telegram.addChat(GROUP, { admins: [ADMIN.id] });
  sepay.addBankAccount({ accountNumber: SHOP, bankShortName: 'MBBank' });
  const [webhookPort, webPort] = [await freePort(), await freePort()];
  const env = {
    ...telegram.botEnv(String(GROUP)),
    WEBHOOK_PORT: String(webhookPort),
    SEPAY_WEBHOOK_API_KEY: SEPAY_WEBHOOK_KEY,
    WEB_PORT: String(webPort),
    WEB_PUBLIC_URL: `http://127.0.0.1:${webPort}`,
  };
  const dataDir = await tempDir();
  const h = await startHarness({ dataDir, sepay, env });
  await h.bot.pollNow();
  return { h, sepay, telegram, env, dataDir, webhookPort };
}

/** Types a command in the group, as its administrator, and returns the bot's answer. */
async function ask(s: Setup, text: string): Promise<string> {
  const before = s.telegram.sentTo(GROUP).length;
  s.telegram.sendText(GROUP, text, { from: ADMIN });
  await until(() => s.telegram.sentTo(GROUP).length > before, 5000, `the answer to ${text}`);
  return s.telegram.sentTo(GROUP)[before]?.visible ?? '';
}

/** The counter link `/counter` answers with. */
async function counterLink(s: Setup): Promise<string> {
  const answer = await ask(s, '/counter');
  const link = /http:\/\/127\.0\.0\.1:\d+\/counter\/[A-Za-z0-9_-]{32}/.exec(answer)?.[0];
  if (link === undefined) throw new Error(`no link in: ${answer}`);
  return link;
}

const pay = (s: Setup, amount: number, content: string) => pushSepay(s.sepay, s.webhookPort, { accountNumber: SHOP, amount, content });
const spoken = (page: Page) => page.evaluate<Spoken[]>('window.spoken');
const textOf = (page: Page, selector: string) => page.locator(selector).textContent();

describe.skipIf(CHROMIUM_MISSING !== null)(`the counter screen in a browser${CHROMIUM_MISSING === null ? '' : ` (skipped: ${CHROMIUM_MISSING})`}`, () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(() => browser?.close());

  /** Opens the link in a fresh browser context, with the speech API spied on, and waits until the page is live. */
  async function open(link: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 800, height: 1000 } });
    closers.push({ close: () => context.close() });
    await context.addInitScript(SPEECH_SPY);
    const page = await context.newPage();
    page.setDefaultTimeout(5000);
    const answer = await page.goto(link);
    expect(answer?.status()).toBe(200);
    await page.locator('#status.live').waitFor();
    return page;
  }

  it("shows a pushed payment big within 2 s and says it in the chat's language; after /lang en, in English", async () => {
    const s = await setup();
    const page = await open(await counterLink(s));
    const pushedAt = Date.now();
    await pay(s, 250_000, 'NGUYEN VAN B chuyen tien DH1042');
    await page.locator('#latest-amount', { hasText: '250.000 ₫' }).waitFor({ timeout: 2000 });
    expect(Date.now() - pushedAt).toBeLessThan(2000);
    expect(await textOf(page, '#latest-content')).toBe('NGUYEN VAN B chuyen tien DH1042');
    await until(() => s.h.bot.store.outboxSize === 0, 5000, 'the chat alerted too');
    expect(await spoken(page)).toEqual([{ text: 'Đã nhận hai trăm năm mươi nghìn đồng', lang: 'vi-VN' }]);

    // The page is drawn again in the chat's new language.
    expect(await ask(s, '/lang en')).toContain('Lan');
    await page.waitForFunction("document.documentElement.lang === 'en'");
    await page.locator('#status.live').waitFor();
    await pay(s, 1_200_000, 'table 7');
    await page.locator('#latest-amount', { hasText: '1.200.000 ₫' }).waitFor();
    expect(await spoken(page)).toEqual([{ text: 'Received 1,200,000 dong', lang: 'en-US' }]);
  });

  it('fills the screen with the /qr request as a QR code the bank apps read, and turns ✅ when it is paid', async () => {
    const s = await setup();
    const page = await open(await counterLink(s));
    const { answer, code } = await askQr(s.telegram, GROUP, '/qr 250k bàn 5');
    if (answer.photo === undefined || code === null) throw new Error('no QR photo');
    const photo = PNG.sync.read(answer.photo);
    const payload = jsQR.default(new Uint8ClampedArray(photo.data), photo.width, photo.height)?.data;
    expect(payload).toContain(code);

    await page.locator('#request').waitFor();
    await page.waitForFunction("document.getElementById('qr').naturalWidth > 0");
    const shot = PNG.sync.read(await page.locator('#request-qr').screenshot());
    expect(jsQR.default(new Uint8ClampedArray(shot.data), shot.width, shot.height)?.data).toBe(payload);
    expect(await textOf(page, '#request-code')).toBe(code);
    expect(await textOf(page, '#request-headline')).toBe('Thanh toán 250.000 ₫');

    await pay(s, 100_000, `${code} lan 1`);
    await page.locator('#request-headline', { hasText: '⚠️ Mới nhận 100.000 ₫ / 250.000 ₫' }).waitFor();
    await pay(s, 150_000, `${code.toLowerCase()} lan 2`);
    await page.locator('#request-headline', { hasText: '✅ Đã nhận 250.000 ₫' }).waitFor();
    expect(await page.locator('#request-qr').isHidden()).toBe(true);
  });

  it('comes back by itself after the bot restarts and shows what arrived meanwhile, once', async () => {
    const s = await setup();
    const page = await open(await counterLink(s));
    await pay(s, 150_000, 'before the restart');
    await page.locator('#latest-amount', { hasText: '150.000 ₫' }).waitFor();
    await s.h.stop();
    await page.locator('#status.down').waitFor();
    s.sepay.addTransaction({ accountNumber: SHOP, amountIn: 175_000, content: 'while it was down' });

    const again = await startHarness({ dataDir: s.dataDir, sepay: s.sepay, env: s.env });
    await again.bot.pollNow();
    await page.locator('#latest-amount', { hasText: '175.000 ₫' }).waitFor({ timeout: 8000 });
    await page.locator('#status.live').waitFor();
    const all = await page.locator('#latest-amount, #earlier .amount').allTextContents();
    expect(all).toEqual(['175.000 ₫', '150.000 ₫']);
    expect((await spoken(page)).map((u) => u.text)).toEqual(['Đã nhận một trăm năm mươi nghìn đồng', 'Đã nhận một trăm bảy mươi lăm nghìn đồng']);
  });

  it('stops the page when /counter off revokes its link: it says so, and the link is a 404', async () => {
    const s = await setup();
    const link = await counterLink(s);
    const page = await open(link);
    expect(await ask(s, '/counter')).toContain(link);
    expect(await ask(s, '/counter off')).toContain('Đã thu hồi');
    await page.locator('#notice', { hasText: 'đã bị thu hồi' }).waitFor();
    expect(await page.locator('#latest').isHidden()).toBe(true);
    expect((await page.request.get(link)).status()).toBe(404);
    const fresh = await counterLink(s);
    expect(fresh).not.toBe(link);
  });
});
