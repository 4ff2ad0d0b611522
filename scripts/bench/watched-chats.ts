import { freePort } from '../../fakes/free-port.js';
import { startFakeSlack, type FakeSlack } from '../../fakes/slack/server.js';
import { startFakeTelegram, type FakeTelegram } from '../../fakes/telegram/server.js';
import { sleep } from './environment.js';

export const GROUP = '-1001234567890';
const CHANNEL = 'C0BENCH';
const SLACK_TOKEN = 'xoxb-bench-token';

/**
 * A fake Telegram and a fake Slack with their real limits on (Telegram: ~1 message/s per chat
 * after a burst of 3, 20 a minute per group, 30/s per bot; Slack: ~1/s per channel after a
 * burst of 3), one group and one channel, and what each shows: when every payment code
 * (`BB<n>Z`, at the start of the content) first became visible.
 */
export interface Chats {
  env: Record<string, string>;
  telegram: FakeTelegram;
  slack: FakeSlack;
  /** Code → when the chat accepted the first message showing it. */
  seen: { telegram: Map<string, number>; slack: Map<string, number> };
  scan(): void;
  rateLimited(): { telegram: number; slack: number };
  close(): Promise<void>;
}

export async function startChats(): Promise<Chats> {
  const telegram = await startFakeTelegram();
  const slack = await startFakeSlack({ botToken: SLACK_TOKEN });
  slack.invite(CHANNEL);
  const seen = { telegram: new Map<string, number>(), slack: new Map<string, number>() };
  const note = (where: Map<string, number>, text: string, at: number) => {
    for (const [code] of text.matchAll(/BB\d+Z/g)) if (!where.has(code)) where.set(code, at);
  };
  let telegramScanned = 0;
  let slackScanned = 0;
  return {
    env: {
      TELEGRAM_BOT_TOKEN: telegram.token,
      TELEGRAM_CHAT_IDS: GROUP,
      TELEGRAM_API_ROOT: telegram.url,
      SLACK_BOT_TOKEN: SLACK_TOKEN,
      SLACK_SIGNING_SECRET: 'bench-signing-secret',
      SLACK_PORT: String(await freePort()),
      SLACK_API_URL: slack.apiUrl,
      SLACK_CHANNEL_IDS: CHANNEL,
    },
    telegram,
    slack,
    seen,
    scan() {
      for (; telegramScanned < telegram.sent.length; telegramScanned++) {
        const m = telegram.sent[telegramScanned];
        if (m) note(seen.telegram, m.visible, m.at);
      }
      for (; slackScanned < slack.posts.length; slackScanned++) {
        const p = slack.posts[slackScanned];
        if (p) note(seen.slack, `${p.text} ${JSON.stringify(p.blocks)}`, p.at);
      }
    },
    rateLimited: () => ({
      telegram: telegram.errors.filter((e) => e.errorCode === 429).length,
      slack: slack.refusedPosts.filter((r) => r.error === 'rate_limited').length,
    }),
    async close() {
      await telegram.close();
      await slack.close();
    },
  };
}

/** Waits until both chats show every code in `codes` (or `timeoutMs` passed). */
export async function untilVisible(chats: Chats, codes: readonly string[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    chats.scan();
    if (codes.every((c) => chats.seen.telegram.has(c) && chats.seen.slack.has(c))) return;
    if (Date.now() > deadline) return;
    await sleep(5);
  }
}

/** When each code became visible in each chat, minus when it appeared (missing: never). */
export function delays(chats: Chats, appeared: ReadonlyMap<string, number>) {
  const of = (where: Map<string, number>) => [...appeared].map(([code, at]) => ((where.get(code) ?? Infinity) - at) / 1000);
  return { telegram: of(chats.seen.telegram), slack: of(chats.seen.slack) };
}
