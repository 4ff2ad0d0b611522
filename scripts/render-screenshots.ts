/**
 * Draws the README's pictures from the code: a payment alert and a digest exactly as the bot
 * renders them for Telegram (the HTML the sender posts) and Slack (the Block Kit blocks), shown
 * in look-alike chat pages, the counter screen as the bot serves it, on a tablet, and a run of
 * `npm run demo`; each page is screenshotted by headless Chromium into docs/images/. A docs tool, not part of the tests: without Chromium it says so
 * and does nothing.
 *
 *   npx tsx scripts/render-screenshots.ts [--skip-demo]
 */
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { alertMessages, digestMessages } from '../src/chats/slack/slack-blocks.js';
import type { Transaction } from '../src/core/model.js';
import { alertDoc, digestDoc } from '../src/render/alert.js';
import { wallClock } from '../src/core/zoned-time.js';
import { providerNames } from '../src/providers/index.js';
import type { RenderContext } from '../src/render/messages.js';
import { toTelegramMessages } from '../src/chats/telegram/telegram-html.js';
import { findChromium, missingFonts, screenshot } from './screenshots/chromium.js';
import { captureCounter } from './screenshots/counter-capture.js';
import { counterPage } from './screenshots/counter-page.js';
import { captureDemo } from './screenshots/demo-capture.js';
import { BURST, CASSO_PAYMENT, SEPAY_PAYMENT } from './screenshots/samples.js';
import { parseVietnamTime } from '../src/core/zoned-time.js';
import { slackPage } from './screenshots/slack-page.js';
import { telegramPage } from './screenshots/telegram-page.js';
import { terminalPage } from './screenshots/terminal-page.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const IMAGES = path.join(ROOT, 'docs', 'images');
/** The pages are kept here so they can be opened in a browser. */
const PAGES = path.join(tmpdir(), 'bankbell-screenshots');

/** The bot's defaults: LOCALE=vi, TZ_DISPLAY=Asia/Ho_Chi_Minh. */
const CTX: RenderContext = { locale: 'vi', timeZone: 'Asia/Ho_Chi_Minh', providers: providerNames() };
const WIDTH = 720;
const PHONE_WIDTH = 390;
const MAX_BYTES = 150 * 1024;
/** A common terminal size: the demo's banner lines fit in 100 columns. */
const TERMINAL = { cols: 100, rows: 44 };

const pad = (n: number): string => String(n).padStart(2, '0');

/** The clock a chat shows next to the message: the poll that found the last payment, ~20 s later. */
function postedAt(txs: readonly Transaction[]): { time: string; day: string } {
  const last = Math.max(...txs.map((tx) => Date.parse(tx.occurredAt)));
  const t = wallClock(last + 20_000, CTX.timeZone);
  return { time: `${pad(t.hour)}:${pad(t.minute)}`, day: `${t.day} tháng ${t.month}` };
}

/** Exactly what the Telegram sender posts for these payments: one alert, or a digest. */
function telegramHtml(txs: readonly Transaction[]): string {
  const [only] = txs;
  const messages = toTelegramMessages(only && txs.length === 1 ? alertDoc(only, CTX) : digestDoc(txs, CTX));
  const [message] = messages;
  if (message === undefined || messages.length > 1) throw new Error(`expected one Telegram message, got ${messages.length}`);
  return message;
}

function telegram(txs: readonly Transaction[], width: number): string {
  const { time, day } = postedAt(txs);
  return telegramPage({ chatTitle: 'Cửa hàng Lan Anh', members: '5 thành viên', day, botName: 'bankbell', html: telegramHtml(txs), time }, width);
}

function slack(txs: readonly Transaction[]): string {
  const [only] = txs;
  // The pictures' payments each fit one message.
  const [message] = only && txs.length === 1 ? alertMessages(only, CTX) : digestMessages(txs, CTX);
  if (message === undefined) throw new Error('nothing to draw');
  return slackPage({ workspace: 'Lan Anh Shop', channel: 'ban-hang', botName: 'bankbell', time: postedAt(txs).time, message });
}

interface Picture {
  name: string;
  /** Width of the window the page is laid out in; the picture is cropped to the page. */
  layoutWidth: number;
  html(chromium: string): Promise<string> | string;
}

/** A landscape tablet's screen, and the bot's clock a minute after the last of the burst. */
const TABLET = { width: 1024, height: 640 };
const COUNTER_NOW = Date.parse(parseVietnamTime('2025-04-10 11:05:30') ?? '');

const PICTURES: Picture[] = [
  { name: 'telegram-alert', layoutWidth: WIDTH, html: () => telegram([SEPAY_PAYMENT], WIDTH) },
  { name: 'telegram-alert-phone', layoutWidth: PHONE_WIDTH, html: () => telegram([SEPAY_PAYMENT], PHONE_WIDTH) },
  { name: 'telegram-digest', layoutWidth: WIDTH, html: () => telegram(BURST, WIDTH) },
  { name: 'slack-alert', layoutWidth: WIDTH, html: () => slack([CASSO_PAYMENT]) },
  { name: 'slack-digest', layoutWidth: WIDTH, html: () => slack(BURST) },
  {
    name: 'counter-screen',
    layoutWidth: 1200,
    html: async (chromium) => counterPage(await captureCounter(chromium, [CASSO_PAYMENT, ...BURST], COUNTER_NOW, TABLET), TABLET.width, TABLET.height),
  },
  {
    name: 'demo-terminal',
    layoutWidth: 1000,
    html: async () =>
      terminalPage('bankbell — npm run demo', await captureDemo({ cwd: ROOT, digestTimeoutMs: 40_000, log: console.warn }), TERMINAL),
  },
];

async function main(): Promise<number> {
  const chromium = findChromium();
  if (chromium === null) {
    console.log('Skipped: no Chromium found. Install it (Debian: apt-get install -y chromium fonts-noto-core fonts-noto-mono) or set CHROMIUM=/path/to/chrome.');
    return 0;
  }
  const missing = await missingFonts();
  if (missing && missing.length > 0) {
    console.log(`Stopped: the pictures would show broken Vietnamese. Install ${missing.join('; ')}.`);
    return 1;
  }
  const skipDemo = process.argv.includes('--skip-demo');
  await mkdir(IMAGES, { recursive: true });
  await mkdir(PAGES, { recursive: true });
  let oversized = 0;
  for (const picture of PICTURES) {
    if (skipDemo && picture.name === 'demo-terminal') continue;
    const htmlFile = path.join(PAGES, `${picture.name}.html`);
    const pngFile = path.join(IMAGES, `${picture.name}.png`);
    await writeFile(htmlFile, await picture.html(chromium));
    const { width, height } = await screenshot(chromium, htmlFile, pngFile, picture.layoutWidth);
    const { size } = await stat(pngFile);
    if (size > MAX_BYTES) oversized += 1;
    const note = size > MAX_BYTES ? `  over ${MAX_BYTES / 1024} KB: simplify the page` : '';
    console.log(`${path.relative(ROOT, pngFile)}  ${width}×${height}  ${Math.round(size / 1024)} KB${note}`);
  }
  console.log(`Pages: ${PAGES}`);
  return oversized === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? (error.stack ?? error.message) : String(error));
    process.exit(1);
  },
);
