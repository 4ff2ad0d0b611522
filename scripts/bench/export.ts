import { writeFile } from 'node:fs/promises';
import { HISTORY_START, storeBigHistory } from './big-history.js';
import { botProcessRss, procStatus } from './bot-process.js';
import type { Design } from './designs.js';
import { sleep, withTempDir } from './environment.js';
import { info, report } from './figures.js';
import { GROUP, startChats } from './watched-chats.js';

/* `npm run bench export`: /export of a big history, as `npm start` runs it. */

/**
 * `/export` of all 100 000 stored transactions, asked in the Telegram group of the bot as
 * `npm start` runs it (Telegram and Slack on), until the fake Telegram has accepted the whole
 * document: time, and the process's peak RSS while exporting (VmHWM, reset just before). Twice:
 * the first export builds the search index, as the first search after a start does.
 */
export async function exportPart(designs: readonly Design[]): Promise<void> {
  for (const design of designs.filter((d) => !d.current)) {
    console.log(`[${design.label}] /export of 100 000 rows: that design has no /export, nothing to measure`);
  }
  if (designs.length === 1) console.log('/export is new: the previous design had no /export, so there is no earlier figure to compare with');
  const design = designs.find((d) => d.current);
  if (!design) return;
  await withTempDir(async (dataDir) => {
    await storeBigHistory(dataDir);
    const chats = await startChats();
    const vn = (epoch: number) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh' }).format(epoch);
    const query = `/export from:${vn(HISTORY_START)} to:${vn(Date.now())}`;
    const runs: { seconds: number; peakMb: number; beforeMb: number; rows: number; megabytes: number }[] = [];
    try {
      await botProcessRss(design, dataDir, chats.env, async (pid) => {
        for (let run = 0; run < 2; run++) {
          const beforeMb = (await procStatus(pid, 'VmRSS')) / 1024;
          // Writing 5 resets the peak (VmHWM) to the current RSS.
          await writeFile(`/proc/${pid}/clear_refs`, '5');
          const count = chats.telegram.documents.length;
          const t0 = performance.now();
          chats.telegram.sendText(GROUP, query);
          while (chats.telegram.documents.length === count) {
            if (chats.telegram.errors.length > 0) throw new Error(`Telegram refused: ${JSON.stringify(chats.telegram.errors)}`);
            if (chats.telegram.sentTo(GROUP).length > 0) throw new Error(`answered with a message: ${chats.telegram.sentTo(GROUP)[0]?.visible ?? ''}`);
            await sleep(5);
          }
          const seconds = (performance.now() - t0) / 1000;
          const peakMb = (await procStatus(pid, 'VmHWM')) / 1024;
          const bytes = chats.telegram.documents[count]?.bytes ?? Buffer.alloc(0);
          const rows = bytes.toString('utf8').split('\r\n').length - 2;
          runs.push({ seconds, peakMb, beforeMb, rows, megabytes: bytes.length / 1024 / 1024 });
        }
      });
    } finally {
      await chats.close();
    }
    const [cold, warm] = runs;
    if (!cold || !warm) return;
    info(`/export rows in the document (${cold.megabytes.toFixed(1)} MB)`, cold.rows, '');
    report('/export 100 000 rows, first (builds the index): command to document accepted', cold.seconds, 's', 10);
    report('/export 100 000 rows, again: command to document accepted', warm.seconds, 's', 5);
    info('RSS of `npm start` before the first /export', cold.beforeMb, 'MB');
    report('peak RSS of `npm start` during the first /export', cold.peakMb, 'MB', 200);
    report('peak RSS of `npm start` during the second /export', warm.peakMb, 'MB', 200);
  });
}
