import { afterEach, describe, expect, it } from 'vitest';
import { startFakeCasso, type FakeCasso } from '../../fakes/casso/server.js';
import { spawnBot, waitForOutput, type ChildBot } from '../helpers/child-bot.js';
import { tempDir } from '../helpers/temp-dir.js';
import { until } from '../helpers/until.js';
import { occurrences as count, repeatedMessages } from '../helpers/repeated-messages.js';

const children: ChildBot[] = [];
const fakes: FakeCasso[] = [];
let feeding: NodeJS.Timeout | undefined;
afterEach(async () => {
  clearInterval(feeding);
  for (const child of children.splice(0)) child.process.kill('SIGKILL');
  await Promise.all(fakes.splice(0).map((f) => f.close()));
});

const KILLS = 5;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the bot killed with SIGKILL at random moments while payments keep arriving', () => {
  it(`loses nothing, repeats at most one alert per kill, and every restart starts (${KILLS} kills)`, async () => {
    const casso = await startFakeCasso();
    fakes.push(casso);
    const account = casso.addAccount({ accountNumber: '1111111111' }).id;
    const env = {
      CASSO_API_KEY: casso.apiKey,
      CASSO_API_BASE: casso.url,
      DATA_DIR: await tempDir(),
      POLL_CRON: '* * * * * *',
      LOG_LEVEL: 'info',
    };
    const start = () => {
      const child = spawnBot(env);
      children.push(child);
      return child;
    };
    const bots: ChildBot[] = [];
    const output = () => bots.map((b) => b.output()).join('');

    // The first start records what exists as seen: let it commit before anything is killed.
    bots.push(start());
    await waitForOutput(bots[0]!, 'bot.started', 20_000);
    const polls = () => casso.requests.filter((r) => r.path.endsWith('/transactions')).length;
    await until(() => polls() >= 2, 20_000, 'two polls');

    const codes: string[] = [];
    feeding = setInterval(() => {
      const code = `KILLPAY-${String(codes.length).padStart(3, '0')}-X`;
      codes.push(code);
      casso.addTransaction(account, { amount: 1_000 + codes.length, description: code });
    }, 150);

    for (let kill = 0; kill < KILLS; kill++) {
      const bot = bots.at(-1)!;
      // Anywhere from start-up (lock, state, history) to sending alerts.
      await sleep(300 + Math.random() * 2_500);
      bot.process.kill('SIGKILL');
      expect(await bot.exited).toBe('SIGKILL');
      bots.push(start());
    }
    await sleep(1_000);
    clearInterval(feeding);
    const last = bots.at(-1)!;
    for (const code of codes) await until(() => output().includes(code), 30_000, code);
    last.process.kill('SIGTERM');
    expect(await last.exited).toBe(0);

    for (const bot of bots.slice(1)) expect(bot.output()).not.toMatch(/another bankbell/);
    expect(last.output()).toContain('bot.started');
    const all = output();
    for (const code of codes) expect(count(all, code), code).toBeGreaterThanOrEqual(1);
    // At most the message on its way at each kill: one alert, or a digest of consecutive payments.
    const repeats = repeatedMessages(all, codes);
    expect(repeats.longest, `repeated: ${repeats.codes.join(' ')}`).toBeLessThanOrEqual(50);
    expect(repeats.messages, `repeated: ${repeats.codes.join(' ')}`).toBeLessThanOrEqual(KILLS);
    expect(codes.length).toBeGreaterThan(20);
  }, 120_000);
});
