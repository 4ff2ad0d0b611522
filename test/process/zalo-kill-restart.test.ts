import { afterEach, describe, expect, it } from 'vitest';
import { startFakeCasso, type FakeCasso } from '../../fakes/casso/server.js';
import { startFakeZalo, type FakeZalo, type ZaloFailureKind } from '../../fakes/zalo/server.js';
import { spawnBot, waitForOutput, type ChildBot } from '../helpers/child-bot.js';
import { tempDir } from '../helpers/temp-dir.js';
import { until } from '../helpers/until.js';

const OWNER = 'e4ea2cd5189df1c3a88c';
const CASHIER = '7a1c9f0b3e5d2a4c6b8d';
const KILLS = 3;

const children: ChildBot[] = [];
const fakes: (FakeCasso | FakeZalo)[] = [];
const timers: NodeJS.Timeout[] = [];
afterEach(async () => {
  for (const timer of timers.splice(0)) clearInterval(timer);
  for (const child of children.splice(0)) child.process.kill('SIGKILL');
  await Promise.all(fakes.splice(0).map((f) => f.close()));
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const FAULTS: ZaloFailureKind[] = ['server_error', 'rate_limit', 'network', 'bad_gateway', 'not_json'];

describe('the bot with Zalo, killed with SIGKILL while payments arrive and Zalo answers ok:false now and then', () => {
  it(`alerts each payment in each Zalo chat, repeating at most one message per kill (${KILLS} kills)`, async () => {
    const casso = await startFakeCasso();
    const zalo = await startFakeZalo({ perChatBurst: 5, perChatPerSecond: 5 });
    fakes.push(casso, zalo);
    zalo.addChat(OWNER);
    zalo.addChat(CASHIER);
    const account = casso.addAccount({ accountNumber: '1111111111' }).id;
    const env = {
      CASSO_API_KEY: casso.apiKey,
      CASSO_API_BASE: casso.url,
      ...zalo.botEnv(`${OWNER},${CASHIER}`),
      DATA_DIR: await tempDir(),
      POLL_CRON: '* * * * * *',
      LOG_LEVEL: 'info',
    };
    const start = () => {
      const child = spawnBot(env);
      children.push(child);
      return child;
    };
    const bots: ChildBot[] = [start()];
    await waitForOutput(bots[0]!, 'bot.started', 20_000);
    await until(() => casso.requests.filter((r) => r.path.endsWith('/transactions')).length >= 2, 20_000, 'two polls');

    const codes: string[] = [];
    timers.push(
      setInterval(() => {
        const code = `ZKILL-${String(codes.length).padStart(3, '0')}-X`;
        codes.push(code);
        casso.addTransaction(account, { amount: 1_000 + codes.length, description: code });
      }, 200),
    );

    for (let kill = 0; kill < KILLS; kill++) {
      const bot = bots.at(-1)!;
      // Zalo refuses one message in each chat in this stretch, each time in another way.
      zalo.failNext(OWNER, FAULTS[kill % FAULTS.length] ?? 'server_error', { retryAfter: 1 });
      zalo.failNext(CASHIER, FAULTS[(kill + 2) % FAULTS.length] ?? 'server_error', { retryAfter: 1 });
      await sleep(1_000 + Math.random() * 2_500);
      bot.process.kill('SIGKILL');
      expect(await bot.exited).toBe('SIGKILL');
      bots.push(start());
    }
    await sleep(1_000);
    for (const timer of timers.splice(0)) clearInterval(timer);
    const seen = (chat: string, code: string) => zalo.sentTo(chat).filter((m) => m.text.includes(code)).length;
    for (const chat of [OWNER, CASHIER]) for (const code of codes) await until(() => seen(chat, code) >= 1, 40_000, `${code} in ${chat}`);
    const last = bots.at(-1)!;
    last.process.kill('SIGTERM');
    expect(await last.exited).toBe(0);

    expect(codes.length).toBeGreaterThan(15);
    for (const chat of [OWNER, CASHIER]) {
      // A repeat is a message that was on its way when the bot was killed: at most one per kill.
      const repeated = zalo.sentTo(chat).filter((m) => codes.some((code) => m.text.includes(code) && seen(chat, code) > 1));
      // The first of two copies and its repeat: two messages per kill at most.
      expect(repeated.length, `messages repeated in ${chat}`).toBeLessThanOrEqual(KILLS * 2);
    }
    for (const bot of bots) expect(bot.output()).not.toContain(zalo.token.split(':')[1] ?? zalo.token);
  }, 150_000);
});
