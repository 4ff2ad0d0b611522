import { providerNames } from '../../src/providers/index.js';
import { createBalanceReader } from '../../src/commands/balance/balance-reader.js';
import { answerCommand } from '../../src/commands/index.js';
import { searchStoredHistory } from '../../src/search/search-index.js';
import { storedRuleBook } from '../../src/commands/rules/rule-book.js';
import { silentLogger } from '../../src/log/logger.js';
import { openFileStore } from '../../src/store/files/file-store.js';
import { storeBigHistory } from './big-history.js';
import { botProcessRss } from './bot-process.js';
import type { Design } from './designs.js';
import { sleep, withTempDir } from './environment.js';
import { info, percentile, report } from './figures.js';
import { stateWriteP95 } from './state-writes.js';
import { GROUP, startChats } from './watched-chats.js';

/*
 * `npm run bench history`: what the history in DATA_DIR costs, at 100 000 and at 300 000 stored
 * (BENCH_HISTORY_SIZES, comma-separated, to measure others): the memory of `npm start` and
 * `/find`'s time, so that the README's limit for DATA_DIR is a measured one.
 */

/** The sizes measured; the targets are the ones set for 100 000, held against every size. */
const SIZES = (process.env.BENCH_HISTORY_SIZES ?? '100000,300000').split(',').map(Number);

/** State write per cycle, and memory, with `size` transactions stored; then /find over them. */
async function atSize(designs: readonly Design[], size: number): Promise<void> {
  const stored = `${size.toLocaleString('en').replace(/,/g, ' ')} stored`;
  await withTempDir(async (dataDir) => {
    await storeBigHistory(dataDir, size);
    for (const design of designs) {
      report(`RSS of \`npm start\` with ${stored}, no chat`, (await botProcessRss(design, dataDir, {})) / 1024, 'MB', 150, false, design);
      // Both chats on, as in a real deployment (both libraries loaded), and one /find answered.
      // The median of three starts: when the garbage collector runs varies by tens of MB.
      const samples: number[] = [];
      for (let run = 0; run < 3; run++) {
        const chats = await startChats();
        samples.push(
          await botProcessRss(design, dataDir, chats.env, async () => {
            chats.telegram.sendText(GROUP, '/find chuyen tien');
            while (chats.telegram.sentTo(GROUP).length === 0) await sleep(50);
          }),
        );
        await chats.close();
      }
      report(`RSS of \`npm start\`, ${stored}, Telegram + Slack, after /find (median of 3)`, percentile(samples, 50) / 1024, 'MB', 150, false, design);
    }
    const store = await openFileStore({ dataDir });
    report(`state write per cycle p95 (${stored}, 3 new)`, await stateWriteP95(store), 'ms', 20);

    const deps = {
      balances: createBalanceReader({ sources: [], watch: null, logger: silentLogger }),
      search: searchStoredHistory(store),
      render: { timeZone: 'Asia/Ho_Chi_Minh', locale: 'vi' as const, providers: providerNames() },
      rules: storedRuleBook(store, (platform, chatId) => (platform === 'telegram' && chatId === '1' ? 'telegram:1' : null)),
      logger: silentLogger,
    };
    const queries = ['chuyen tien', '500k', 'DH4242', 'acc:3210 200k', 'nguyen van 12', 'from:2026-01-01 to:2026-12-31 1tr5'];
    const find = (args: string) => answerCommand({ command: 'find', args, chatId: '1', allowed: true, platform: 'telegram' }, deps);
    // The first search builds the index from the stored history: shown apart, as it happens once.
    const cold = performance.now();
    await find(queries[0] ?? '');
    info(`/find first query over ${stored} (builds the index), command to answer`, performance.now() - cold, 'ms');
    const times: number[] = [];
    for (let i = 0; i < 120; i++) {
      const args = queries[i % queries.length] ?? '';
      const t0 = performance.now();
      await find(args);
      times.push(performance.now() - t0);
    }
    report(`/find over ${stored}, command to answer p95`, percentile(times, 95), 'ms', 50);
    await store.close();
  });
}

export async function history(designs: readonly Design[]): Promise<void> {
  for (const size of SIZES) await atSize(designs, size);
}
