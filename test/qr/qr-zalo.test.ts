import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';
import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { startFakeCasso, type FakeCasso } from '../../fakes/casso/server.js';
import { freePort } from '../../fakes/free-port.js';
import { startFakeZalo, type FakeZalo, type ZaloSent } from '../../fakes/zalo/server.js';
import { startHarness, type Harness } from '../helpers/bot-harness.js';
import { closedAfterEach } from '../helpers/closers.js';
import { tempDir } from '../helpers/temp-dir.js';
import { until } from '../helpers/until.js';

const CASHIER = '7a1c9f0b3e5d2a4c6b8d';
const SHOP = '0071000888888';

// jsqr is CommonJS: under Node's ESM the default import is module.exports, whose `default` the types describe.
const jsQR = jsQRModule.default;
const closers = closedAfterEach();

interface Setup {
  h: Harness;
  casso: FakeCasso;
  zalo: FakeZalo;
  pay(amount: number, content: string): Promise<void>;
}

async function setup(env: Record<string, string> = {}): Promise<Setup> {
  const casso = await startFakeCasso();
  const zalo = await startFakeZalo();
  closers.push(casso, zalo);
  zalo.addChat(CASHIER);
  const account = casso.addAccount({ accountNumber: SHOP, bankName: 'MBBank', bin: 970422 }).id;
  const h = await startHarness({ dataDir: await tempDir(), casso, env: { ...zalo.botEnv(CASHIER), ...env } });
  await h.bot.pollNow();
  const pay = async (amount: number, content: string) => {
    casso.addTransaction(account, { amount, description: content });
    await h.bot.pollNow();
  };
  return { h, casso, zalo, pay };
}

/** The cashier types `/qr …`; resolves with the bot's answer and the request's code. */
async function askQr(s: Setup, text: string): Promise<{ answer: ZaloSent; code: string }> {
  const before = s.zalo.sentTo(CASHIER).length;
  s.zalo.sendText(CASHIER, text);
  await until(() => s.zalo.sentTo(CASHIER).length > before, 8000, `the answer to ${text}`);
  const answer = s.zalo.sentTo(CASHIER)[before];
  const code = /Mã thanh toán:\s*([A-Z0-9]{6,10})/.exec(answer?.text ?? '')?.[1];
  if (answer === undefined || code === undefined) throw new Error(`no request in ${answer?.text}`);
  await until(() => s.h.bot.store.paymentRequests().some((r) => r.code === code && r.messageRef !== null), 5000, 'the request placed');
  return { answer, code };
}

const get = async (url: string, method: 'GET' | 'HEAD' = 'GET') => {
  const response = await request(url, { method });
  const body = Buffer.from(await response.body.arrayBuffer());
  return { status: response.statusCode, type: response.headers['content-type'], body };
};

function qrText(png: Buffer): string | undefined {
  const image = PNG.sync.read(png);
  return jsQR(new Uint8ClampedArray(image.data), image.width, image.height)?.data;
}

describe('/qr over Zalo', () => {
  it('sends the VietQR image by sendPhoto from a URL the bot serves while the request is open, and 404 once it is paid', async () => {
    const webPort = await freePort();
    const s = await setup({ WEB_PORT: String(webPort), WEB_PUBLIC_URL: `http://127.0.0.1:${webPort}` });
    const { answer, code } = await askQr(s, '/qr 250k ban 5');
    const url = answer.photo?.url ?? '';
    expect(url.startsWith(`http://127.0.0.1:${webPort}/zalo/qr/${code}-`)).toBe(true);
    expect(answer.text).toContain('250.000 ₫');
    expect(answer.text).toContain('ban 5');
    // What Zalo fetched is the request's VietQR code.
    const payload = qrText(answer.photo?.bytes ?? Buffer.alloc(0)) ?? '';
    expect(payload).toContain(SHOP);
    expect(payload).toContain(code);

    const open = await get(url);
    expect(open.status).toBe(200);
    expect(open.type).toBe('image/png');
    expect(qrText(open.body)).toBe(payload);
    const head = await get(url, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    // The code alone, or another secret, finds nothing.
    const forged = url.replace(/-[A-Za-z0-9_-]{43}\.png$/, `-${'A'.repeat(43)}.png`);
    expect((await get(forged)).status).toBe(404);
    expect((await get(`http://127.0.0.1:${webPort}/zalo/qr/${code}.png`)).status).toBe(404);

    const before = s.zalo.sentTo(CASHIER).length;
    await s.pay(250_000, `thanh toan ${code.toLowerCase()} ban 5`);
    await until(() => s.zalo.sentTo(CASHIER).slice(before).some((m) => m.text.startsWith('✅')), 8000, 'the paid request told');
    const told = s.zalo.sentTo(CASHIER).slice(before).find((m) => m.text.startsWith('✅'));
    expect(told?.text).toContain(code);
    expect(told?.text).toContain('250.000 ₫');
    expect((await get(url)).status).toBe(404);
    // The payment's alert names the request too.
    expect(s.zalo.sentTo(CASHIER).slice(before).some((m) => m.text.includes('+250.000 ₫') && m.text.includes(code))).toBe(true);
  });

  it('tells a request that expired in a new message, and its image is gone', async () => {
    const webPort = await freePort();
    const s = await setup({ WEB_PORT: String(webPort), WEB_PUBLIC_URL: `http://127.0.0.1:${webPort}`, QR_EXPIRY_MINUTES: '0.03' });
    const { answer, code } = await askQr(s, '/qr 90000');
    const before = s.zalo.sentTo(CASHIER).length;
    await until(() => s.zalo.sentTo(CASHIER).length > before, 8000, 'the expiry told');
    const told = s.zalo.sentTo(CASHIER)[before];
    expect(told?.text).toMatch(/^⌛/);
    expect(told?.text).toContain(code);
    expect((await get(answer.photo?.url ?? '')).status).toBe(404);
  });

  it('sends the request as text, with what the image needs, when the bot has no WEB_PORT', async () => {
    const s = await setup();
    const { answer, code } = await askQr(s, '/qr 250k');
    expect(answer.photo).toBeUndefined();
    expect(answer.text).toContain('WEB_PUBLIC_URL');
    expect(answer.text).toContain(SHOP);
    expect(answer.text).toContain('250.000 ₫');
    const before = s.zalo.sentTo(CASHIER).length;
    await s.pay(100_000, `CK ${code}`);
    await until(() => s.zalo.sentTo(CASHIER).slice(before).some((m) => m.text.startsWith('⚠️')), 8000, 'the underpaid request told');
    expect(s.zalo.sentTo(CASHIER).slice(before).find((m) => m.text.startsWith('⚠️'))?.text).toContain(code);
  });
});
