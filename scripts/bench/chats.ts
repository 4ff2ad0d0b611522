import { startFakeCasso, type FakeCasso } from '../../fakes/casso/server.js';
import { freePort } from '../../fakes/free-port.js';
import { startFakeSepay, type FakeSepay } from '../../fakes/sepay/v1.js';
import { silentLogger } from '../../src/log/logger.js';
import type { Design } from './designs.js';
import { config, pollingEnv, sleep, withTempDir } from './environment.js';
import { percentile, report, info } from './figures.js';
import { deliverSepayWebhook, WEBHOOK_KEY } from './sepay-webhook.js';
import { delays, GROUP, startChats, untilVisible, type Chats } from './watched-chats.js';

/*
 * `npm run bench chats`: what a shop sees, from a payment appearing at a fake provider (or a
 * webhook delivery) until the fake Telegram or Slack, with their limits on, accepts the message.
 */

/** The bot of `design` polling both fake providers on `pollCron`, posting to both fake chats. */
async function withChatBot(
  design: Design,
  pollCron: string,
  run: (ctx: { casso: FakeCasso; sepay: FakeSepay; chats: Chats; cassoAccount: number; env: Record<string, string> }) => Promise<void>,
  extraEnv: Record<string, string> = {},
): Promise<void> {
  const casso = await startFakeCasso();
  const sepay = await startFakeSepay();
  const chats = await startChats();
  const cassoAccount = casso.addAccount({ accountNumber: '1111111111' }).id;
  sepay.addBankAccount({ accountNumber: '2222222222' });
  await withTempDir(async (dataDir) => {
    const env = { ...pollingEnv(casso, sepay, dataDir, pollCron), ...chats.env, ...extraEnv };
    const bot = await design.startBot(config(env, design.parseConfig), { logger: silentLogger });
    try {
      await bot.pollNow(); // first start: what exists is history
      await run({ casso, sepay, chats, cassoAccount, env });
    } finally {
      await bot.stop();
    }
  });
  await chats.close();
  await casso.close();
  await sepay.close();
}

let codeCounter = 0;
const nextCode = () => `BB${++codeCounter}Z`;

function addPayment(ctx: { casso: FakeCasso; sepay: FakeSepay; cassoAccount: number }, code: string, i: number, when?: Date): void {
  const content = `${code} NGUYEN VAN AN chuyen tien thanh toan don hang ${i}`;
  if (i % 2 === 0) ctx.casso.addTransaction(ctx.cassoAccount, { amount: 10_000 + i, description: content, ...(when ? { when } : {}) });
  else ctx.sepay.addTransaction({ accountNumber: '2222222222', amountIn: 10_000 + i, content, ...(when ? { date: when } : {}) });
}

/**
 * One payment at a time at random points of a 1-second schedule, 5–6 s apart: each alone to the
 * group's budget, which refills a message every 4.4 s. Closer together (they were 3–4 s apart)
 * they are a flow the group cannot keep up with (Telegram's 20 a minute, spread); the bot then
 * gathers them, and a few minutes of it cost ~4 s at p95 whatever the pacing (bench chain and
 * test/chat/telegram-limits measure busy groups).
 */
export async function onePayment(design: Design, samples: number, extraEnv: Record<string, string> = {}): Promise<void> {
  const appeared = new Map<string, number>();
  let chats: Chats | undefined;
  await withChatBot(
    design,
    '* * * * * *',
    async (ctx) => {
      chats = ctx.chats;
      for (let i = 0; i < samples; i++) {
        await sleep(5000 + Math.random() * 1000);
        const code = nextCode();
        appeared.set(code, Date.now());
        addPayment(ctx, code, i);
      }
      await untilVisible(ctx.chats, [...appeared.keys()], 30_000);
    },
    extraEnv,
  );
  if (!chats) return;
  const d = delays(chats, appeared);
  report(`one payment, 1 s schedule: Telegram group p95 (${samples})`, percentile(d.telegram, 95), 's', 1.5, false, design);
  report(`one payment, 1 s schedule: Slack channel p95 (${samples})`, percentile(d.slack, 95), 's', 1.5, false, design);
}

/** Four payments appearing in the same second, three times: the slowest to show in each chat. */
async function fourAtOnce(design: Design): Promise<void> {
  const appeared = new Map<string, number>();
  let chats: Chats | undefined;
  await withChatBot(design, '* * * * * *', async (ctx) => {
    chats = ctx.chats;
    for (let round = 0; round < 3; round++) {
      await sleep(2000 + Math.random() * 1000);
      const now = Date.now();
      const codes = Array.from({ length: 4 }, (_, i) => {
        const code = nextCode();
        appeared.set(code, now);
        addPayment(ctx, code, i);
        return code;
      });
      await untilVisible(ctx.chats, codes, 30_000);
    }
  });
  if (!chats) return;
  const d = delays(chats, appeared);
  report('4 payments in one second: all in the Telegram group (worst of 3)', Math.max(...d.telegram), 's', 2, false, design);
  report('4 payments in one second: all in the Slack channel (worst of 3)', Math.max(...d.slack), 's', 2, false, design);
}

/** Three SePay webhook deliveries 1 s apart: each one's time from delivery to the chat. */
async function webhookBurst(design: Design): Promise<void> {
  const port = await freePort();
  const appeared = new Map<string, number>();
  let chats: Chats | undefined;
  await withChatBot(
    design,
    '0 0 1 1 *',
    async (ctx) => {
      chats = ctx.chats;
      for (let n = 0; n < 3; n++) {
        if (n > 0) await sleep(1000);
        const code = nextCode();
        appeared.set(code, Date.now());
        await deliverSepayWebhook(port, {
          id: 800_000 + codeCounter,
          accountNumber: '2222222222',
          content: `${code} thanh toan`,
          referenceCode: `FT${codeCounter}`,
        });
      }
      await untilVisible(ctx.chats, [...appeared.keys()], 30_000);
    },
    { WEBHOOK_PORT: String(port), SEPAY_WEBHOOK_API_KEY: WEBHOOK_KEY },
  );
  if (!chats) return;
  const d = delays(chats, appeared);
  report('3 webhooks 1 s apart: each in the Telegram group, worst', Math.max(...d.telegram), 's', 1, false, design);
  report('3 webhooks 1 s apart: each in the Slack channel, worst', Math.max(...d.slack), 's', 1, false, design);
}

/** 250 Casso and 250 SePay payments appearing at once, on a 1-second schedule. */
async function fiveHundred(design: Design): Promise<void> {
  const appeared = new Map<string, number>();
  let chats: Chats | undefined;
  await withChatBot(design, '* * * * * *', async (ctx) => {
    chats = ctx.chats;
    const now = Date.now();
    for (let i = 0; i < 500; i++) {
      const code = nextCode();
      appeared.set(code, now);
      addPayment(ctx, code, i, new Date(now - (500 - i) * 1000)); // distinct seconds: pages can split by date
    }
    await untilVisible(ctx.chats, [...appeared.keys()], 120_000);
  });
  if (!chats) return;
  const d = delays(chats, appeared);
  const limited = chats.rateLimited();
  report('500 at once: all in the Telegram group', Math.max(...d.telegram), 's', 15, false, design);
  report('500 at once: all in the Slack channel', Math.max(...d.slack), 's', 15, false, design);
  report('500 at once: 429 answers (Telegram + Slack)', limited.telegram + limited.slack, '', 0, false, design);
  info('500 at once: 429 answers from Telegram', limited.telegram, '', design);
  info('500 at once: messages in the Telegram group', chats.telegram.sentTo(GROUP).length, '', design);
  info('500 at once: messages in the Slack channel', chats.slack.posts.length, '', design);
}

/** Every design, scenario by scenario. */
export async function chats(designs: readonly Design[]): Promise<void> {
  const samples = Number(process.env.BENCH_LATENCY_SAMPLES ?? 20);
  for (const design of designs) await onePayment(design, samples);
  for (const design of designs) await fourAtOnce(design);
  for (const design of designs) await webhookBurst(design);
  for (const design of designs) await fiveHundred(design);
}
