import { readFile } from 'node:fs/promises';
import { Agent } from 'undici';
import { freePort } from '../../fakes/free-port.js';
import { startFakeSepay } from '../../fakes/sepay/v1.js';
import { slashCommand, startFakeSlack } from '../../fakes/slack/server.js';
import { startFakeTelegram } from '../../fakes/telegram/server.js';
import { botProcessRss, procStatus } from './bot-process.js';
import type { Design } from './designs.js';
import { sleep, withTempDir } from './environment.js';
import { info, percentile, report } from './figures.js';
import { deliverSepayWebhook, WEBHOOK_KEY } from './sepay-webhook.js';

/*
 * `npm run bench chain`: a chain of 100 shops on one bot, as `npm start` runs it. 100 Telegram
 * groups (one per branch) and 20 Slack channels, 300 SePay (virtual) accounts, webhooks at 20
 * payments a second for BENCH_CHAIN_SECONDS (300 by default) and SePay's API polled each minute
 * beside them; the fake Telegram keeps 1 message
 * a second per chat, 20 a minute per group and 30 a second across the bot, the fake Slack about
 * one a second per channel.
 *
 * Who sees what, as a chain sets it up: each branch's group follows its own 3 accounts
 * (`/accounts`), 18 regional Slack channels follow the accounts of their branches, and 2 Slack
 * channels of the head office see all. Not every payment in every chat: a Telegram group takes
 * 20 messages a minute, so a group that saw all 20 payments a second would get a digest every
 * 3 s at best (its p95 could not be under 2 s whatever the bot did), and 100 such groups would
 * need 33 messages a second, over the bot's 30. The head office's chats are Slack channels for
 * that reason (a message a second, digests of ~20). What is left is the shape the issue is
 * about: 100 destinations sharing Telegram's 30 a second (about 20 a second asked of it here),
 * each under its own limits.
 *
 * Figures: per chat, from the webhook's delivery to the message (alone or in a digest) accepted
 * by the fake, p95 over every chat's alerts and the worst chat's p95; alerts lost (a payment
 * never shown in a chat that follows it) and doubled; 429 answers; the bot's peak resident memory.
 */

const GROUPS = 100;
const CHANNELS = 20;
const HEAD_OFFICE = 2;
const ACCOUNTS_PER_BRANCH = 3;
const PER_SECOND = 20;
const ADMIN = { id: 4100, first_name: 'Quan ly' };
const SLACK_TOKEN = 'xoxb-bench-chain';
const SLACK_SECRET = 'bench-chain-signing-secret';
const SEPAY_TOKEN = 'bench-chain-sepay-token';

const groupId = (branch: number) => `-100300000${String(branch).padStart(4, '0')}`;
const channelId = (n: number) => `CCHAIN${String(n).padStart(2, '0')}`;
const accountOf = (branch: number, k: number) => `96247${String(branch * ACCOUNTS_PER_BRANCH + k).padStart(8, '0')}`;
const regions = CHANNELS - HEAD_OFFICE;
/** The regional channel of a branch. */
const regionChannel = (branch: number) => channelId(HEAD_OFFICE + (branch % regions));

/** SePay's wall-clock time now, in Vietnam. */
const vietnamNow = () => new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');

/** A fixed pseudo-random number for `n` (murmur3's finaliser): payments fall on branches at random, the same in every run and design. */
function branchOf(n: number): number {
  let h = Math.imul(n ^ (n >>> 16), 0x85eb_ca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2_ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** What one design showed. */
interface Outcome {
  /** Chat → latencies (s) of the alerts it should show; Infinity where never shown. */
  latencies: Map<string, number[]>;
  doubled: number;
  rateLimited: number;
  peakRssKb: number;
  webhookFailures: number;
  /** A delivery's answer (the payment stored), p95 in ms. */
  answeredP95: number;
  /** CPU the bot used in all (user + system), s. */
  cpuSeconds: number;
  messages: { telegram: number; slack: number };
}

async function runChain(design: Design, seconds: number): Promise<Outcome> {
  const telegram = await startFakeTelegram();
  const slack = await startFakeSlack({ botToken: SLACK_TOKEN });
  const groups = Array.from({ length: GROUPS }, (_, b) => groupId(b));
  const channels = Array.from({ length: CHANNELS }, (_, c) => channelId(c));
  for (const group of groups) telegram.addChat(group, { admins: [ADMIN.id] });
  for (const channel of channels) slack.invite(channel);
  // SePay's API works (every account listed, polled each minute) as it does for a chain: with it
  // unreachable the bot would tell every chat so after 5 minutes, in the middle of the load.
  const sepay = await startFakeSepay({ apiToken: SEPAY_TOKEN });
  for (let branch = 0; branch < GROUPS; branch++) {
    for (let k = 0; k < ACCOUNTS_PER_BRANCH; k++) sepay.addBankAccount({ accountNumber: accountOf(branch, k), bankShortName: 'MBBank' });
  }
  const [webhookPort, slackPort, healthPort] = [await freePort(), await freePort(), await freePort()];
  const env = {
    TELEGRAM_BOT_TOKEN: telegram.token,
    TELEGRAM_API_ROOT: telegram.url,
    TELEGRAM_CHAT_IDS: groups.join(','),
    SLACK_BOT_TOKEN: SLACK_TOKEN,
    SLACK_SIGNING_SECRET: SLACK_SECRET,
    SLACK_PORT: String(slackPort),
    SLACK_API_URL: slack.apiUrl,
    SLACK_CHANNEL_IDS: channels.join(','),
    CASSO_API_KEY: '',
    SEPAY_API_TOKEN: SEPAY_TOKEN,
    SEPAY_API_BASE: sepay.url,
    POLL_CRON: '* * * * *',
    HEALTH_PORT: String(healthPort),
    SEPAY_WEBHOOK_API_KEY: WEBHOOK_KEY,
    WEBHOOK_PORT: String(webhookPort),
    // Alerts sent are logged at info: 6 000 payments' worth of lines would be the bench's memory, not the bot's.
    LOG_LEVEL: 'warn',
  };

  // Code → chat → when the chat first accepted a message showing it; how many showed it again.
  const seen = new Map<number, Map<string, number>>();
  let doubled = 0;
  const note = (chat: string, text: string, at: number) => {
    // A Slack message carries its text twice (the notification text and the blocks): each code once a message.
    for (const n of new Set([...text.matchAll(/\bCH(\d+)X\b/g)].map((m) => Number(m[1])))) {
      const chats = seen.get(n) ?? new Map<string, number>();
      seen.set(n, chats);
      if (chats.has(chat)) doubled++;
      else chats.set(chat, at);
    }
  };
  let telegramScanned = 0;
  let slackScanned = 0;
  const scan = () => {
    for (; telegramScanned < telegram.sent.length; telegramScanned++) {
      const m = telegram.sent[telegramScanned];
      if (m) note(m.chatId, m.visible, m.at);
    }
    for (; slackScanned < slack.posts.length; slackScanned++) {
      const p = slack.posts[slackScanned];
      if (p) note(p.channel, `${p.text} ${JSON.stringify(p.blocks)}`, p.at);
    }
  };

  const deliveredAt: number[] = [];
  const branches: number[] = [];
  let webhookFailures = 0;
  /** How long each delivery took to be answered (stored), ms. */
  const answered: number[] = [];
  let cpuSeconds = NaN;
  let peakRssKb = 0;
  // 429s counted from the first payment on: what the setup's commands met is not delivery's.
  const limitedBefore = { telegram: 0, slack: 0 };
  try {
    const rssAtEnd = await withTempDir((dataDir) =>
      botProcessRss(design, dataDir, env, async (pid) => {
        await followTheirAccounts(telegram, slack, slackPort, groups);
        limitedBefore.telegram = telegram.errors.filter((e) => e.errorCode === 429).length;
        limitedBefore.slack = slack.refusedPosts.filter((r) => r.error === 'rate_limited').length;
        const sampler = setInterval(() => {
          void procStatus(pid, 'VmRSS').then((kb) => (peakRssKb = Math.max(peakRssKb, kb)), () => {});
        }, 1000);
        const scanner = setInterval(scan, 200);
        try {
          const connections = new Agent({ connections: 32 });
          const total = seconds * PER_SECOND;
          const start = Date.now();
          const inFlight: Promise<void>[] = [];
          for (let n = 0; n < total; n++) {
            const due = start + (n * 1000) / PER_SECOND;
            if (due > Date.now()) await sleep(due - Date.now());
            const branch = branchOf(n) % GROUPS;
            const account = accountOf(branch, branchOf(n * 7 + 3) % ACCOUNTS_PER_BRANCH);
            branches[n] = branch;
            deliveredAt[n] = Date.now();
            const delivery = { id: 5_000_000 + n, accountNumber: account, content: `CH${n}X chuyen tien chi nhanh ${branch}`, referenceCode: `FTCH${n}`, transactionDate: vietnamNow(), amount: 10_000 + (n % 500) * 1_000 };
            const sent = performance.now();
            inFlight.push(
              deliverSepayWebhook(webhookPort, delivery, connections).then(
                (status) => {
                  answered.push(performance.now() - sent);
                  if (status !== 200) webhookFailures++;
                },
                () => void webhookFailures++,
              ),
            );
          }
          await Promise.all(inFlight);
          // What is still owed drains; a minute after the last delivery, what is missing is lost.
          const deadline = Date.now() + 60_000;
          while (Date.now() < deadline && !allShown(seen, branches)) {
            scan();
            await sleep(200);
          }
          await connections.close();
          cpuSeconds = await cpuTime(pid);
        } finally {
          clearInterval(sampler);
          clearInterval(scanner);
        }
        scan();
      }, firstPollDone(healthPort)),
    );
    peakRssKb = Math.max(peakRssKb, rssAtEnd);
  } finally {
    await telegram.close();
    await slack.close();
    await sepay.close();
  }

  const latencies = new Map<string, number[]>();
  for (const [n, branch] of branches.entries()) {
    for (const chat of chatsOf(branch)) {
      const shown = seen.get(n)?.get(chat);
      const list = latencies.get(chat) ?? [];
      latencies.set(chat, list);
      list.push(shown === undefined ? Infinity : (shown - (deliveredAt[n] ?? NaN)) / 1000);
    }
  }
  return {
    latencies,
    doubled,
    rateLimited:
      telegram.errors.filter((e) => e.errorCode === 429).length -
      limitedBefore.telegram +
      slack.refusedPosts.filter((r) => r.error === 'rate_limited').length -
      limitedBefore.slack,
    peakRssKb,
    webhookFailures,
    answeredP95: percentile(answered, 95),
    cpuSeconds,
    messages: { telegram: telegram.sent.length, slack: slack.posts.length },
  };
}

/** The bot has polled SePay once its /healthz says healthy. */
function firstPollDone(healthPort: number): () => Promise<boolean> {
  return () => fetch(`http://127.0.0.1:${healthPort}/healthz`).then((r) => r.status === 200, () => false);
}

/** CPU time (user + system) the process `pid` used so far, in s. */
async function cpuTime(pid: number): Promise<number> {
  const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).replace(/^.*\) /, '').split(' ');
  // utime and stime, the 14th and 15th fields of the line (12th and 13th after the name), in clock ticks of 1/100 s.
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** The chats that follow a branch's accounts: its group, its region's channel, the head office's. */
function chatsOf(branch: number): string[] {
  return [groupId(branch), regionChannel(branch), ...Array.from({ length: HEAD_OFFICE }, (_, c) => channelId(c))];
}

function allShown(seen: ReadonlyMap<number, ReadonlyMap<string, number>>, branches: readonly number[]): boolean {
  return branches.every((branch, n) => chatsOf(branch).every((chat) => seen.get(n)?.has(chat) === true));
}

/** Each group follows its branch's accounts, each regional channel its branches'; the head office's channels keep `all`. */
async function followTheirAccounts(
  telegram: Awaited<ReturnType<typeof startFakeTelegram>>,
  slack: Awaited<ReturnType<typeof startFakeSlack>>,
  slackPort: number,
  groups: readonly string[],
): Promise<void> {
  const accounts = (branch: number) => Array.from({ length: ACCOUNTS_PER_BRANCH }, (_, k) => accountOf(branch, k));
  // Typed over a few seconds, as people would: 100 answers at once would meet the bot's 30 a second.
  for (const [branch, group] of groups.entries()) {
    telegram.sendText(group, `/accounts ${accounts(branch).join(' ')}`, { from: ADMIN });
    await sleep(100);
  }
  for (let region = 0; region < regions; region++) {
    const theirs = Array.from({ length: GROUPS }, (_, b) => b).filter((b) => b % regions === region);
    await slashCommand(`http://127.0.0.1:${slackPort}`, SLACK_SECRET, {
      command: '/accounts',
      text: theirs.flatMap(accounts).join(' '),
      channel_id: channelId(HEAD_OFFICE + region),
      response_url: slack.responseUrl(`rules-${region}`),
    });
  }
  const deadline = Date.now() + 60_000;
  const done = () =>
    groups.every((g) => telegram.sentTo(g).length > 0) && Array.from({ length: regions }, (_, r) => `rules-${r}`).every((id) => slack.responses.some((r) => r.id === id));
  while (!done()) {
    if (Date.now() > deadline) throw new Error('the chats did not all confirm their /accounts within a minute');
    await sleep(100);
  }
  const refused = groups.filter((g) => !telegram.sentTo(g).some((m) => m.visible.includes(accounts(groups.indexOf(g))[0]?.slice(-4) ?? '?')));
  if (refused.length > 0) throw new Error(`/accounts not confirmed in ${refused.length} groups, e.g. ${telegram.sentTo(refused[0] ?? '')[0]?.visible}`);
}

export async function chain(designs: readonly Design[]): Promise<void> {
  const seconds = Number(process.env.BENCH_CHAIN_SECONDS ?? 300);
  const what = `${GROUPS} groups + ${CHANNELS} channels, ${PER_SECOND}/s for ${seconds} s`;
  for (const design of designs) {
    const o = await runChain(design, seconds);
    const all = [...o.latencies.values()].flat();
    const chatP95 = [...o.latencies].map(([chat, l]) => ({ chat, p95: percentile(l, 95) }));
    const worst = chatP95.reduce((a, b) => (b.p95 > a.p95 ? b : a));
    const telegramAll = [...o.latencies].filter(([chat]) => chat.startsWith('-')).flatMap(([, l]) => l);
    const slackAll = [...o.latencies].filter(([chat]) => !chat.startsWith('-')).flatMap(([, l]) => l);
    report(`chain (${what}): delivery to accepted, p95 over every chat's alerts`, percentile(all, 95), 's', 2, false, design);
    report(`chain: the worst chat's p95 (${worst.chat})`, worst.p95, 's', 2, false, design);
    info('chain: the median chat p95', percentile(chatP95.map((c) => c.p95), 50), 's', design);
    info('chain: Telegram groups, p95 of their alerts', percentile(telegramAll, 95), 's', design);
    info('chain: Slack channels, p95 of their alerts', percentile(slackAll, 95), 's', design);
    const slowest = [...o.latencies].map(([chat, l]) => ({ chat, max: Math.max(...l) })).reduce((a, b) => (b.max > a.max ? b : a));
    info(`chain: the slowest alert (${slowest.chat})`, slowest.max, 's', design);
    info("chain: p99 over every chat's alerts", percentile(all, 99), 's', design);
    report('chain: alerts lost (a payment never shown in a chat following it)', all.filter((l) => l === Infinity).length, '', 0, false, design);
    report('chain: alerts doubled', o.doubled, '', 0, false, design);
    report('chain: 429 answers (Telegram + Slack)', o.rateLimited, '', 0, false, design);
    report('chain: peak RSS of `npm start`', o.peakRssKb / 1024, 'MB', 250, false, design);
    info('chain: webhook deliveries not answered 200', o.webhookFailures, '', design);
    info('chain: webhook delivery answered (stored), p95', o.answeredP95, 'ms', design);
    info(`chain: CPU the bot used (of ${seconds} s of load)`, o.cpuSeconds, 's', design);
    info('chain: messages accepted by Telegram', o.messages.telegram, '', design);
    info('chain: messages accepted by Slack', o.messages.slack, '', design);
  }
}
