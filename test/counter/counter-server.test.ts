import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from '../../src/core/chat-rules.js';
import { startCounter } from '../../src/counter/counter.js';
import { silentLogger } from '../../src/log/logger.js';
import { openFileStore } from '../../src/store/files/file-store.js';
import type { MemoryStore } from '../../src/store/memory-store.js';
import { startWebServer } from '../../src/web/web-server.js';
import { openStream, type StreamPage } from '../../fakes/counter-page.js';
import { makeTransaction } from '../../fakes/transactions.js';
import { closedAfterEach } from '../helpers/closers.js';
import { tempDir } from '../helpers/temp-dir.js';
import { until } from '../helpers/until.js';
import { makeRequest } from '../store/payment-request-contract.js';
import { vietQrPayload } from '../../src/qr/vietqr-payload.js';

const closers = closedAfterEach();
const GROUP = 'telegram:-100';
const SECRET = 'S'.repeat(16) + 'e'.repeat(16);
const OTHER_SECRET = 'x'.repeat(32);
const GONE = 'telegram:-200';
const NOW = Date.parse('2025-04-10T05:00:00.000Z');

/** A counter on a real store and a real WEB_PORT server, without a bot. */
async function serve(options: { limits?: { perLink?: number; total?: number } } = {}) {
  const store: MemoryStore = await openFileStore({ dataDir: await tempDir(), now: () => new Date(NOW) });
  await store.setCounterLink(GROUP, { secret: SECRET, createdAt: new Date(NOW).toISOString() });
  // A chat no longer configured keeps its link in the state, but it shows nothing.
  await store.setCounterLink(GONE, { secret: OTHER_SECRET, createdAt: new Date(NOW).toISOString() });
  const counter = startCounter({ store, destinations: [GROUP, 'slack:C1'], timeZone: 'Asia/Ho_Chi_Minh', locale: 'vi', logger: silentLogger, now: () => NOW, limits: options.limits });
  const server = await startWebServer({ port: 0, host: '127.0.0.1', routes: [counter.route], logger: silentLogger });
  const pages: StreamPage[] = [];
  closers.push({
    close: async () => {
      pages.forEach((p) => p.close());
      counter.close();
      await server.close();
      await store.close();
    },
  });
  const root = `http://127.0.0.1:${server.port}`;
  const link = `${root}/counter/${SECRET}`;
  const open = async (lastEventId?: string | null) => {
    const page = await openStream(link, { lastEventId });
    pages.push(page);
    return page;
  };
  return { store, counter, root, link, open };
}

const pay = (store: MemoryStore, amount: number, overrides: Parameters<typeof makeTransaction>[0] = {}) =>
  store.commit({ transactions: [{ tx: makeTransaction({ amount, occurredAt: new Date(NOW - 1000).toISOString(), ...overrides }), alert: true }], destinations: [GROUP] });

const payments = (page: StreamPage) => page.events.filter((e) => e.event === 'payment').map((e) => JSON.parse(e.data) as { amount: string; words: string; speak: boolean });

describe('the counter screen on WEB_PORT', () => {
  it('serves the page, its script, style and stream under the right secret only; a wrong one gets 404 and nothing else', async () => {
    const { root, link } = await serve();
    const page = await request(link);
    expect(page.statusCode).toBe(200);
    const html = await page.body.text();
    expect(html).toContain('<html lang="vi">');
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("connect-src 'self'");
    // Nothing from anywhere else: no outside address in the policy or the page.
    expect(csp).not.toMatch(/https?:|\*/);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    for (const asset of ['counter.js', 'counter.css']) {
      const answer = await request(`${link}/${asset}`);
      expect(answer.statusCode, asset).toBe(200);
      expect(await answer.body.text(), asset).not.toMatch(/https?:\/\//);
    }

    for (const path of [
      `/counter/${OTHER_SECRET}`,
      `/counter/${OTHER_SECRET}/events`,
      `/counter/${OTHER_SECRET}/counter.js`,
      `/counter/${SECRET.slice(0, -1)}`,
      `/counter/${SECRET}x`,
      `/counter/${SECRET}/`,
      `/counter/${SECRET}/qr/NOSUCH42.png`,
      `/counter/${SECRET}/events/x`,
      '/counter/',
    ]) {
      const answer = await request(`${root}${path}`);
      expect(answer.statusCode, path).toBe(404);
      expect(await answer.body.text(), path).toBe('');
    }
  });

  it("streams the chat's payments as they are stored, with the words to say; not those its rules leave out, and silent in quiet hours", async () => {
    const { store, open } = await serve();
    await store.setChatRules(GROUP, { ...DEFAULT_RULES, min: 20_000, accounts: ['6789'] });
    const page = await open();
    expect(page.status).toBe(200);
    await until(() => page.events.some((e) => e.event === 'ready'), 2000, 'the page ready');
    await pay(store, 10_000); // below /min
    await pay(store, 500_000, { accountNumber: '0000001111' }); // an account the chat does not follow
    await pay(store, -300_000); // money out
    await pay(store, 250_000);
    await until(() => payments(page).length === 1, 2000, 'the payment');
    expect(payments(page)[0]).toMatchObject({ amount: '250.000 ₫', words: 'Đã nhận hai trăm năm mươi nghìn đồng', speak: true });

    // 12:00 in Vietnam is inside 11:00-13:00.
    await store.setChatRules(GROUP, { ...DEFAULT_RULES, quiet: { from: 11 * 60, to: 13 * 60 } });
    await pay(store, 1_200_000);
    await until(() => payments(page).length === 2, 2000, 'the quiet payment');
    expect(payments(page)[1]).toMatchObject({ amount: '1.200.000 ₫', speak: false });
  });

  it('sends a page that comes back what it missed, once, from where its Last-Event-ID says it was', async () => {
    const { store, open } = await serve();
    const first = await open();
    await until(() => first.events.some((e) => e.event === 'ready'), 2000, 'the page ready');
    await pay(store, 21_000);
    await until(() => payments(first).length === 1, 2000, 'the first payment');
    const where = first.lastEventId();
    first.close();
    await pay(store, 25_000);
    await pay(store, 105_000);

    const back = await open(where);
    await until(() => back.events.some((e) => e.event === 'ready'), 2000, 'the page back');
    expect(payments(back).map((p) => p.words)).toEqual(['Đã nhận hai mươi lăm nghìn đồng', 'Đã nhận một trăm linh năm nghìn đồng']);
    // A page opened afresh is shown today's last payments, not told them as new.
    const fresh = await open();
    await until(() => fresh.events.some((e) => e.event === 'ready'), 2000, 'the fresh page ready');
    expect(payments(fresh)).toEqual([]);
    const ready = JSON.parse(fresh.events.find((e) => e.event === 'ready')?.data ?? '{}') as { recent: { amount: string }[] };
    expect(ready.recent.map((p) => p.amount)).toEqual(['21.000 ₫', '25.000 ₫', '105.000 ₫']);
    // A cursor that is no payment's (made up, or from long ago) gets the newest ones: the page keeps those it lacks.
    const lost = await open('sepay%3Ano-such-payment');
    await until(() => lost.events.some((e) => e.event === 'ready'), 2000, 'the lost page ready');
    expect(payments(lost)).toHaveLength(3);
    // One longer than any key is no cursor at all.
    const garbage = await open('x'.repeat(600));
    await until(() => garbage.events.some((e) => e.event === 'ready'), 2000, 'the garbage page ready');
    expect(payments(garbage)).toEqual([]);
  });

  it('ends open pages when the link is revoked, and refuses more pages than a link may have', async () => {
    const { store, open, link } = await serve({ limits: { perLink: 2 } });
    const [a, b] = [await open(), await open()];
    const third = await open();
    expect(third.status).toBe(503);
    await store.setCounterLink(GROUP, null);
    await Promise.all([a.ended, b.ended]);
    expect(a.events.at(-1)?.event).toBe('revoked');
    expect(b.events.at(-1)?.event).toBe('revoked');
    expect((await request(link)).statusCode).toBe(404);
  });

  it("draws the chat's open /qr request as a PNG that decodes to its VietQR payload, and no other chat's", async () => {
    const { store, link, open } = await serve();
    const expiresAt = new Date(NOW + 15 * 60_000).toISOString();
    await store.addPaymentRequest(makeRequest({ code: 'OURS2345', dest: GROUP, createdAt: new Date(NOW).toISOString(), expiresAt }));
    await store.addPaymentRequest(makeRequest({ code: 'THEIRS23', dest: 'slack:C1', createdAt: new Date(NOW).toISOString(), expiresAt }));
    const page = await open();
    await until(() => page.events.some((e) => e.event === 'ready'), 2000, 'the page ready');
    const ready = JSON.parse(page.events.find((e) => e.event === 'ready')?.data ?? '{}') as { request: { code: string; payload: string; expiresIn: number } };
    const payload = vietQrPayload({ bin: '970422', accountNumber: '0123456789', amount: 250_000, purpose: 'OURS2345' });
    expect(ready.request).toMatchObject({ code: 'OURS2345', payload: payload.ok ? payload.value : null, expiresIn: 15 * 60_000 });

    const image = await request(`${link}/qr/OURS2345.png`);
    expect(image.headers['content-type']).toBe('image/png');
    const png = PNG.sync.read(Buffer.from(await image.body.arrayBuffer()));
    expect(jsQR.default(new Uint8ClampedArray(png.data), png.width, png.height)?.data).toBe(ready.request.payload);
    const theirs = await request(`${link}/qr/THEIRS23.png`);
    expect(theirs.statusCode).toBe(404);
    expect(await theirs.body.text()).toBe('');
  });
});
