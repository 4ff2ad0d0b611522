import { request } from 'undici';
import { openStream, type StreamPage } from '../../fakes/counter-page.js';
import { freePort } from '../../fakes/free-port.js';
import { startFakeTelegram } from '../../fakes/telegram/server.js';
import { openFileStore } from '../../src/store/files/file-store.js';
import { botProcessRss, procStatus } from './bot-process.js';
import type { Design } from './designs.js';
import { sleep, withTempDir } from './environment.js';
import { info, percentile, report } from './figures.js';
import { deliverSepayWebhook, WEBHOOK_KEY } from './sepay-webhook.js';

/*
 * `npm run bench counter`: counter screens, as `npm start` serves them on WEB_PORT. 200 pages
 * open at once over 4 chats (each page loads its HTML, script and style, then holds its live
 * stream, as a browser does); a webhook payment, until every page has it; and the bot's memory.
 */

const GROUPS = ['-1001000000001', '-1001000000002', '-1001000000003', '-1001000000004'];
const PAGES = 200;
const PAYMENTS = 50;

/** SePay's wall-clock time now, in Vietnam (a payment of today, which the pages show). */
const vietnamNow = () => new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');

export async function counter(designs: readonly Design[]): Promise<void> {
  for (const design of designs.filter((d) => !d.current)) console.log(`[${design.label}] counter screens: that design has none, nothing to measure`);
  const design = designs.find((d) => d.current);
  if (!design) return;
  const telegram = await startFakeTelegram();
  const [webPort, webhookPort] = [await freePort(), await freePort()];
  try {
    await withTempDir(async (dataDir) => {
      // Each chat typed /counter before: its link is in the state.
      const store = await openFileStore({ dataDir });
      const links: string[] = [];
      for (const [i, group] of GROUPS.entries()) {
        const secret = `bench${String(i).padStart(27, '0')}`;
        await store.setCounterLink(`telegram:${group}`, { secret, createdAt: new Date().toISOString() });
        links.push(`http://127.0.0.1:${webPort}/counter/${secret}`);
      }
      await store.close();
      const env = {
        TELEGRAM_BOT_TOKEN: telegram.token,
        TELEGRAM_API_ROOT: telegram.url,
        TELEGRAM_CHAT_IDS: GROUPS.join(','),
        SEPAY_API_TOKEN: 'bench-unused',
        SEPAY_API_BASE: 'http://127.0.0.1:9',
        SEPAY_WEBHOOK_API_KEY: WEBHOOK_KEY,
        WEBHOOK_PORT: String(webhookPort),
        WEB_PORT: String(webPort),
      };
      const pages: StreamPage[] = [];
      let before = NaN;
      let open = NaN;
      const latencies: number[] = [];
      try {
        const withPages = await botProcessRss(design, dataDir, env, async (pid) => {
          before = await procStatus(pid, 'VmRSS');
          for (let i = 0; i < PAGES; i++) {
            const link = links[i % links.length] ?? '';
            for (const asset of ['', '/counter.js', '/counter.css']) await (await request(`${link}${asset}`)).body.dump();
            pages.push(await openStream(link));
          }
          while (pages.some((p) => !p.events.some((e) => e.event === 'ready'))) await sleep(10);
          if (pages.some((p) => p.status !== 200)) throw new Error(`pages refused: ${pages.filter((p) => p.status !== 200).length}`);
          await sleep(500);
          open = await procStatus(pid, 'VmRSS');
          // Every chat follows every account: each payment goes to all 200 pages.
          for (let n = 0; n < PAYMENTS; n++) {
            const content = `CT${n}X chuyen tien`;
            const t0 = performance.now();
            const status = await deliverSepayWebhook(webhookPort, {
              id: 700_000 + n,
              accountNumber: '0123456789',
              content,
              referenceCode: `FT7${n}`,
              transactionDate: vietnamNow(),
            });
            if (status !== 200) throw new Error(`webhook answered ${status}`);
            const has = (p: StreamPage) => p.events.some((e) => e.event === 'payment' && e.data.includes(content));
            while (!pages.every(has)) await sleep(1);
            latencies.push(performance.now() - t0);
          }
        });
        info('RSS of `npm start` before any counter page (Telegram, 4 chats)', before / 1024, 'MB');
        report(`RSS of \`npm start\` with ${PAGES} counter pages open (4 chats)`, open / 1024, 'MB', 150);
        info('RSS each open counter page adds', (open - before) / PAGES, 'kB');
        report(`webhook payment to all ${PAGES} open counter pages p95 (${PAYMENTS} payments)`, percentile(latencies, 95), 'ms', 500);
        info(`RSS of \`npm start\` after ${PAYMENTS} payments to ${PAGES} pages`, withPages / 1024, 'MB');
      } finally {
        pages.forEach((p) => p.close());
      }
    });
  } finally {
    await telegram.close();
  }
}
