import { Agent } from 'undici';
import { freePort } from '../../fakes/free-port.js';
import { startBot } from '../../src/app/start-bot.js';
import { silentLogger } from '../../src/log/logger.js';
import { config, sleep, withTempDir } from './environment.js';
import { percentile, report } from './figures.js';
import { deliverSepayWebhook, WEBHOOK_KEY } from './sepay-webhook.js';

/* `npm run bench webhooks`: the push receiver on its own (alerts printed, no chat). */

/** SePay webhook deliveries on loopback: time to the send call, and how many per second are stored. */
export async function webhooks(): Promise<void> {
  const port = await freePort();
  const sentAt = new Map<string, number>();
  await withTempDir(async (dataDir) => {
    const bot = await startBot(
      config({ SEPAY_API_TOKEN: 'unused', SEPAY_API_BASE: 'http://127.0.0.1:9', DATA_DIR: dataDir, POLL_CRON: '0 0 1 1 *', WEBHOOK_PORT: String(port), SEPAY_WEBHOOK_API_KEY: WEBHOOK_KEY }),
      {
        logger: silentLogger,
        print: (text) => {
          const code = /WH-(\d+)-X/.exec(text)?.[1];
          if (code !== undefined) sentAt.set(code, performance.now());
        },
      },
    );
    // At most 32 connections: the most one client address may hold on a port of the bot
    // (src/http/server-limits.ts); past that it closes new ones, as it would a flood's.
    const connections = new Agent({ connections: 32 });
    const deliver = async (n: number) => {
      const delivery = { id: 900_000 + n, accountNumber: '0123456789', content: `WH-${n}-X thanh toan`, referenceCode: `FT${n}` };
      const status = await deliverSepayWebhook(port, delivery, connections);
      if (status !== 200) throw new Error(`webhook answered ${status}`);
    };

    try {
      // Latency: one delivery at a time, from the POST leaving to the alert's send call.
      const latencies: number[] = [];
      for (let n = 0; n < 100; n++) {
        const t0 = performance.now();
        await deliver(n);
        while (!sentAt.has(String(n))) await sleep(1);
        latencies.push((sentAt.get(String(n)) ?? NaN) - t0);
      }
      report('webhook to send call p95 (100 deliveries, loopback)', percentile(latencies, 95), 'ms', 100);

      // Throughput: 2 000 deliveries, 50 at a time over those connections, each answered only once stored on disk.
      const total = 2000;
      let next = 1000;
      const t0 = performance.now();
      await Promise.all(
        Array.from({ length: 50 }, async () => {
          while (next < 1000 + total) await deliver(next++);
        }),
      );
      const perSecond = total / ((performance.now() - t0) / 1000);
      report('webhook deliveries stored per second (50 concurrent, 32 connections)', perSecond, '/s', 500, true);
    } finally {
      await connections.close();
      await bot.stop();
    }
  });
}
