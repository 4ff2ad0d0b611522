import { startFakeCasso } from '../../fakes/casso/server.js';
import { startFakeSepay } from '../../fakes/sepay/v1.js';
import { startBot } from '../../src/app/start-bot.js';
import { silentLogger } from '../../src/log/logger.js';
import { config, pollingEnv, sleep, withTempDir } from './environment.js';
import { report } from './figures.js';

/* `npm run bench catch-up`: a bot that comes back to a backlog. */

/** 10 000 new transactions over 10 accounts (5 Casso, 5 SePay) until every alert is sent. */
export async function catchUp(): Promise<void> {
  const casso = await startFakeCasso();
  const sepay = await startFakeSepay();
  const cassoAccounts = Array.from({ length: 5 }, (_, i) => casso.addAccount({ accountNumber: `10000000${i}` }).id);
  const sepayAccounts = Array.from({ length: 5 }, (_, i) => sepay.addBankAccount({ accountNumber: `20000000${i}` }).account_number);
  let printed = 0;
  await withTempDir(async (dataDir) => {
    const bot = await startBot(
      config(pollingEnv(casso, sepay, dataDir, '0 0 1 1 *')),
      { logger: silentLogger, print: () => (printed += 1) },
    );
    await bot.pollNow();
    const now = Date.now();
    for (let i = 0; i < 1000; i++) {
      const when = new Date(now - (1000 - i) * 1000); // distinct seconds: pages can be split by date
      for (const id of cassoAccounts) casso.addTransaction(id, { amount: 1_000 + i, description: `CATCHUP ${id} ${i}`, when });
      for (const acc of sepayAccounts) sepay.addTransaction({ accountNumber: acc, amountIn: 1_000 + i, content: `CATCHUP ${acc} ${i}`, date: when });
    }
    const started = performance.now();
    await bot.pollNow();
    while (bot.store.outboxSize > 0) await sleep(10);
    const elapsed = performance.now() - started;
    await bot.stop();
    report('catch-up: 10 000 new over 10 accounts, all sent', elapsed / 1000, 's', 10);
  });
  await casso.close();
  await sepay.close();
}
