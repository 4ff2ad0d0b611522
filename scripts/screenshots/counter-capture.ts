import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startCounter } from '../../src/counter/counter.js';
import type { Transaction } from '../../src/core/model.js';
import { silentLogger } from '../../src/log/logger.js';
import { openFileStore } from '../../src/store/files/file-store.js';
import { startWebServer } from '../../src/web/web-server.js';
import { launchBrowser } from './chromium.js';

const DEST = 'telegram:-1001234567890';
const SECRET = 'README0picture0of0the0counter000';

/**
 * The counter screen as a tablet at the till shows it: the real page, served by the bot's own
 * counter on a real WEB_PORT server over a store holding `payments`, opened in Chromium at
 * `viewport`, with sound turned on (the button gone). The bot's clock is `now`, so the
 * picture shows the same times on every run. A PNG.
 */
export async function captureCounter(
  chromium: string,
  payments: readonly Transaction[],
  now: number,
  viewport: { width: number; height: number },
): Promise<Buffer> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'bankbell-counter-'));
  const store = await openFileStore({ dataDir, now: () => new Date(now) });
  const counter = startCounter({ store, destinations: [DEST], timeZone: 'Asia/Ho_Chi_Minh', locale: 'vi', logger: silentLogger, now: () => now });
  const server = await startWebServer({ port: 0, host: '127.0.0.1', routes: [counter.route], logger: silentLogger });
  const browser = await launchBrowser(chromium);
  try {
    await store.setCounterLink(DEST, { secret: SECRET, createdAt: new Date(now).toISOString() });
    for (const tx of payments) await store.commit({ transactions: [{ tx, alert: true }], destinations: [DEST] });
    const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
    // No sound in a picture: what the page asks to say is dropped.
    await context.addInitScript('if (window.speechSynthesis) window.speechSynthesis.speak = () => {};');
    const page = await context.newPage();
    await page.goto(`http://127.0.0.1:${server.port}/counter/${SECRET}`);
    await page.locator('#status.live').waitFor();
    await page.locator('#sound').click();
    return await page.screenshot();
  } finally {
    await browser.close();
    counter.close();
    await server.close();
    await store.close();
    await rm(dataDir, { recursive: true, force: true });
  }
}
