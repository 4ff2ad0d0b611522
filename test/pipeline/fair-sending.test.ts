import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from '../../src/core/chat-rules.js';
import { startFakeSepay } from '../../fakes/sepay/v1.js';
import { startFakeTelegram } from '../../fakes/telegram/server.js';
import { startHarness } from '../helpers/bot-harness.js';
import { closedAfterEach } from '../helpers/closers.js';
import { tempDir } from '../helpers/temp-dir.js';
import { until } from '../helpers/until.js';

const closers = closedAfterEach();
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** 40 groups, each following its own account: more than Telegram's 30 a second can serve at a message a second each. */
const GROUPS = Array.from({ length: 40 }, (_, i) => `-100200000${String(i).padStart(4, '0')}`);
const accountOf = (i: number) => `5550000${String(i).padStart(4, '0')}`;
/** The group whose one payment is timed: the last one configured. */
const LONE = GROUPS.length - 1;

describe('sending shared fairly under the bot-wide limit, through the real bot', () => {
  it("one payment to a quiet group goes within its share while 39 groups keep the bot's 30 a second busy; no 429", async () => {
    const sepay = await startFakeSepay();
    // Telegram's limits as they are: 1 a second per chat, 20 a minute per group, 30 a second across the bot.
    const telegram = await startFakeTelegram();
    closers.push(sepay, telegram);
    GROUPS.forEach((_, i) => sepay.addBankAccount({ accountNumber: accountOf(i) }));
    const h = await startHarness({ dataDir: await tempDir(), sepay, env: { ...telegram.botEnv(GROUPS.join(',')), LOG_LEVEL: 'info' } });
    // As each group's /accounts would have set it.
    for (const [i, group] of GROUPS.entries()) await h.bot.store.setChatRules(`telegram:${group}`, { ...DEFAULT_RULES, accounts: [accountOf(i)] });
    await h.bot.pollNow();

    // A payment a second in each busy group: 39 messages a second asked, about 27 a second given.
    let loneAt = NaN;
    for (let round = 0; round < 10; round++) {
      for (let i = 0; i < LONE; i++) sepay.addTransaction({ accountNumber: accountOf(i), amountIn: 10_000 + round, content: `BUSY R${round} G${i}` });
      if (round === 2) sepay.addTransaction({ accountNumber: accountOf(LONE), amountIn: 777_000, content: 'LONE DH1' });
      await h.bot.pollNow();
      if (round === 2) loneAt = Date.now();
      await pause(1000);
    }

    const lone = () => telegram.sentTo(GROUPS[LONE] ?? '').find((m) => m.visible.includes('LONE DH1'));
    await until(() => lone() !== undefined, 60_000, 'the lone payment alerted');
    const waited = (lone()?.at ?? NaN) - loneAt;
    // Its share: 40 groups with something to send, about 27 messages a second between them, so a
    // turn comes every 1.5 s or so. A group served only when no group before it in the list has
    // something due (or only once a backlog ahead of it is sent) waits until the load ends, 7 s on.
    expect(waited).toBeLessThan(3_000);
    const busyDone = () => GROUPS.slice(0, LONE).every((g, i) => telegram.sentTo(g).some((m) => m.visible.includes(`BUSY R9 G${i}`)));
    await until(busyDone, 60_000, 'every busy payment alerted');
    expect(telegram.errors.filter((e) => e.errorCode === 429)).toEqual([]);
  }, 120_000);
});
