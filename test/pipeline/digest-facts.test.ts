import { describe, expect, it } from 'vitest';
import { startFakeCasso, type FakeCasso } from '../../fakes/casso/server.js';
import { startFakeSepay, type FakeSepay } from '../../fakes/sepay/v1.js';
import { slashCommand, startFakeSlack, type FakeSlack, type SlackPost } from '../../fakes/slack/server.js';
import { startFakeTelegram, type FakeTelegram } from '../../fakes/telegram/server.js';
import { startHarness, type Harness } from '../helpers/bot-harness.js';
import { closedAfterEach } from '../helpers/closers.js';
import { freePort } from '../../fakes/free-port.js';
import { tempDir } from '../helpers/temp-dir.js';
import { until } from '../helpers/until.js';

/*
 * Guarantee 4 holds for a payment that arrives together with others: in a digest every payment
 * still shows its bank, its account number (its last 4 digits under /privacy) and its provider.
 * A shop with three accounts on two providers must see where each payment went, in a burst, in
 * what quiet hours held, and in the catch-up after the bot was down, on Telegram and Slack.
 */

const GROUP = -1001234567890;
const CHANNEL = 'C0ALERTS1';
const SECRET = 'slack-signing-secret-for-tests';
const ADMIN = { id: 1, first_name: 'Hoa' };

/** Three accounts of two providers; every payment's content starts with its account's key. */
const ACCOUNTS = {
  MB: { accountNumber: '0071000888888', bank: 'MBBank', provider: 'Casso' },
  VCB: { accountNumber: '1900112233', bank: 'Vietcombank', provider: 'Casso' },
  ACB: { accountNumber: '2222333344', bank: 'ACB', provider: 'SePay' },
} as const;
type Key = keyof typeof ACCOUNTS;
const KEYS = Object.keys(ACCOUNTS) as Key[];

const closers = closedAfterEach();

interface Setup {
  casso: FakeCasso;
  cassoIds: Record<'MB' | 'VCB', number>;
  sepay: FakeSepay;
  telegram: FakeTelegram;
  slack: FakeSlack;
  dataDir: string;
  port: number;
  h: Harness;
}

async function startBot(s: Omit<Setup, 'h'>): Promise<Harness> {
  const h = await startHarness({
    dataDir: s.dataDir,
    casso: s.casso,
    sepay: s.sepay,
    env: { ...s.telegram.botEnv(String(GROUP)), ...s.slack.botEnv({ channels: CHANNEL, signingSecret: SECRET, port: s.port }) },
  });
  await h.bot.pollNow();
  return h;
}

async function setup(): Promise<Setup> {
  const casso = await startFakeCasso();
  const sepay = await startFakeSepay();
  // Pacing is tested elsewhere: messages here should not queue behind the platforms' limits.
  const telegram = await startFakeTelegram({ perChatBurst: 50, perChatPerSecond: 50, groupLimitPerMinute: 200 });
  const slack = await startFakeSlack({ perChannelBurst: 50, perChannelPerSecond: 50 });
  closers.push(casso, sepay, telegram, slack);
  telegram.addChat(GROUP, { admins: [ADMIN.id] });
  slack.invite(CHANNEL);
  const cassoIds = {
    MB: casso.addAccount({ accountNumber: ACCOUNTS.MB.accountNumber, bankName: ACCOUNTS.MB.bank }).id,
    VCB: casso.addAccount({ accountNumber: ACCOUNTS.VCB.accountNumber, bankName: ACCOUNTS.VCB.bank }).id,
  };
  sepay.addBankAccount({ accountNumber: ACCOUNTS.ACB.accountNumber, bankShortName: ACCOUNTS.ACB.bank });
  const base = { casso, cassoIds, sepay, telegram, slack, dataDir: await tempDir(), port: await freePort() };
  return { ...base, h: await startBot(base) };
}

let counter = 0;
/** A payment to `key`'s account; its content starts `<key>-<n>`, which names the account it went to and is returned. */
function pay(s: Setup, key: Key, filler = ''): string {
  const token = `${key}-${++counter}`;
  const content = `${token}${filler}`;
  const amount = 10_000 + counter * 1_000;
  if (key === 'ACB') s.sepay.addTransaction({ accountNumber: ACCOUNTS.ACB.accountNumber, amountIn: amount, content });
  else s.casso.addTransaction(s.cassoIds[key], { amount, description: content });
  return token;
}

/** A Slack post as a person reads it: header and sections, without mrkdwn markers. */
function slackText(post: SlackPost): string {
  return (post.blocks ?? [])
    .flatMap((b) => (b.type === 'header' || b.type === 'section' ? [b.text.text] : []))
    .join('\n')
    .replace(/[`*_]/g, '');
}

/**
 * Checks one message: every payment line lies under an account line that names its account's
 * bank, number (or last 4 digits) and provider, and no other account's number. Returns the
 * contents of the payments it carries.
 */
function paymentsIn(message: string, privacy: boolean): string[] {
  const shown: string[] = [];
  let account = '';
  for (const line of message.split('\n')) {
    if (/^(Tài khoản|Account):/.test(line)) account = line;
    const content = /([A-Z]+)-\d+/.exec(line);
    if (content === null || !line.includes('₫')) continue;
    const key = content[1] as Key;
    const facts = ACCOUNTS[key];
    expect(account, `the account line above ${content[0]}`).toContain(facts.bank);
    expect(account).toContain(facts.provider);
    expect(account).toContain(privacy ? `…${facts.accountNumber.slice(-4)}` : facts.accountNumber);
    if (privacy) expect(message).not.toContain(facts.accountNumber);
    shown.push(content[0]);
  }
  return shown;
}

/** Runs `poll` (a poll, a restart) and returns what each chat got, checking every payment in it. */
async function sendAndCollect(s: Setup, poll: () => Promise<Harness>, expected: readonly string[]): Promise<{ telegram: string[]; slack: string[] }> {
  const tgBefore = s.telegram.sentTo(GROUP).length;
  const slBefore = s.slack.posts.length;
  const h = await poll();
  await until(() => h.bot.store.outboxSize === 0, 15_000, 'every alert sent');
  const telegram = s.telegram.sentTo(GROUP).slice(tgBefore).map((m) => m.visible);
  const slack = s.slack.posts.slice(slBefore).map(slackText);
  expect(telegram.length).toBeGreaterThan(0);
  for (const messages of [telegram, slack]) expect(messages.flatMap((m) => paymentsIn(m, false)).sort()).toEqual([...expected].sort());
  return { telegram, slack };
}

async function askSlack(s: Setup, command: string, text: string) {
  const id = `r${++counter}`;
  await slashCommand(`http://127.0.0.1:${s.port}`, SECRET, { command, text, channel_id: CHANNEL, response_url: s.slack.responseUrl(id) });
  await until(() => s.slack.responses.some((r) => r.id === id), 5000, `the answer to ${command} ${text}`);
}

async function askTelegram(s: Setup, text: string) {
  const before = s.telegram.sentTo(GROUP).length;
  s.telegram.sendText(GROUP, text, { from: ADMIN });
  await until(() => s.telegram.sentTo(GROUP).length > before, 5000, `the answer to ${text}`);
}

/** `HH:MM-HH:MM` from a minute ago to an hour ahead, in TZ_DISPLAY (Vietnam, UTC+7). */
function quietNow(): string {
  const at = (offsetMinutes: number) => new Date(Date.now() + (7 * 60 + offsetMinutes) * 60_000).toISOString().slice(11, 16);
  return `${at(-1)}-${at(60)}`;
}

describe('a digest names the bank, account and provider of every payment in it', () => {
  it('in a burst over three accounts of two providers, with and without /privacy, on Telegram and Slack', async () => {
    const s = await setup();
    // Each provider's payments are committed, and so sent, as soon as that provider answered.
    const burst = KEYS.flatMap((key) => [pay(s, key), pay(s, key)]);
    await sendAndCollect(s, () => s.h.bot.pollNow().then(() => s.h), burst);

    await askTelegram(s, '/privacy on');
    await askSlack(s, '/privacy', 'on');
    const masked = KEYS.flatMap((key) => [pay(s, key), pay(s, key)]);
    const before = { telegram: s.telegram.sentTo(GROUP).length, slack: s.slack.posts.length };
    await s.h.bot.pollNow();
    await until(() => s.h.bot.store.outboxSize === 0, 15_000, 'every alert sent');
    const telegram = s.telegram.sentTo(GROUP).slice(before.telegram).map((m) => m.visible);
    const slack = s.slack.posts.slice(before.slack).map(slackText);
    for (const messages of [telegram, slack]) expect(messages.flatMap((m) => paymentsIn(m, true)).sort()).toEqual([...masked].sort());
  });

  it('in what quiet hours held: one digest, three accounts of two providers', async () => {
    const s = await setup();
    await askTelegram(s, `/quiet ${quietNow()}`);
    await askSlack(s, '/quiet', quietNow());
    const held = KEYS.flatMap((key) => [pay(s, key), pay(s, key)]);
    await s.h.bot.pollNow();
    await until(() => s.h.logs.filter((l) => l.includes('alert.quiet')).length >= 2, 5000, 'both chats holding');
    const before = { telegram: s.telegram.sentTo(GROUP).length, slack: s.slack.posts.length };
    await askTelegram(s, '/quiet off');
    await askSlack(s, '/quiet', 'off');
    await until(() => s.h.bot.store.outboxSize === 0, 15_000, 'the held alerts sent');
    // Beside the digest, Telegram gets the echo of `/quiet off`, before or after it.
    const telegram = s.telegram
      .sentTo(GROUP)
      .slice(before.telegram)
      .map((m) => m.visible)
      .filter((m) => !m.includes('đã đổi cài đặt'));
    const slack = s.slack.posts.slice(before.slack).map(slackText);
    expect(telegram).toHaveLength(1);
    expect(slack).toHaveLength(1);
    for (const digest of [...telegram, ...slack]) expect(paymentsIn(digest, false).sort()).toEqual([...held].sort());
  });

  it('in the catch-up after downtime, each message of it, every content whole, as few messages as that allows', async () => {
    const s = await setup();
    await s.h.stop();
    // Long contents: 120 payments cannot share one message, so the catch-up takes several.
    const filler = ` chuyen tien thanh toan don hang so ${'x'.repeat(60)}`;
    const missed = Array.from({ length: 120 }, (_, i) => pay(s, KEYS[i % 3] ?? 'MB', filler));
    const { telegram, slack } = await sendAndCollect(s, () => startBot(s), missed);
    for (const messages of [telegram, slack]) {
      expect(messages.length).toBeGreaterThan(1);
      const lines = messages.flatMap((m) => m.split('\n')).filter((line) => /[A-Z]+-\d+ /.test(line));
      expect(lines).toHaveLength(120);
      for (const line of lines) expect(line.endsWith(filler)).toBe(true);
    }
    // A line of about 125 characters: some 30 to a Telegram message, 90 to a Slack one.
    expect(telegram.length).toBeLessThanOrEqual(5);
    expect(slack.length).toBeLessThanOrEqual(2);
  });
});
