import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { startFakeCasso, type FakeCasso } from '../../fakes/casso/server.js';
import { freePort } from '../../fakes/free-port.js';
import { startFakeZalo, type FakeZalo, type ZaloSent } from '../../fakes/zalo/server.js';
import { startHarness, type Harness } from '../helpers/bot-harness.js';
import { closedAfterEach } from '../helpers/closers.js';
import { tempDir } from '../helpers/temp-dir.js';
import { until } from '../helpers/until.js';

/*
 * Zalo as the third chat, through the real bot against a fake Zalo Bot API: two people (the
 * owner, a cashier) each wrote to the bot once and are in ZALO_CHAT_IDS; a stranger is not.
 */

const OWNER = 'e4ea2cd5189df1c3a88c';
const CASHIER = '7a1c9f0b3e5d2a4c6b8d';
const STRANGER = '0f9e8d7c6b5a49382716';
const SHOP = '0071000888888';

const closers = closedAfterEach();

interface Setup {
  h: Harness;
  casso: FakeCasso;
  zalo: FakeZalo;
  pay(amount: number, content: string): void;
}

async function setup(options: { env?: Record<string, string>; zalo?: Parameters<typeof startFakeZalo>[0] } = {}): Promise<Setup> {
  const casso = await startFakeCasso();
  const zalo = await startFakeZalo(options.zalo);
  closers.push(casso, zalo);
  zalo.addChat(OWNER);
  zalo.addChat(CASHIER);
  const account = casso.addAccount({ accountNumber: SHOP, balance: 5_000_000, bankName: 'MBBank' }).id;
  const h = await startHarness({
    dataDir: await tempDir(),
    casso,
    env: { ...zalo.botEnv(`${OWNER},${CASHIER}`), LOCALE: 'en', ...options.env },
    notices: { checkMs: 20 },
  });
  await h.bot.pollNow();
  return { h, casso, zalo, pay: (amount, content) => void casso.addTransaction(account, { amount, description: content }) };
}

const texts = (zalo: FakeZalo, chat: string) => zalo.sentTo(chat).map((m) => m.text);

/** A person writes `text` to the bot; resolves with what the bot answered (every message, once it stops coming). */
async function ask(s: Setup, chat: string, text: string, messages = 1): Promise<ZaloSent[]> {
  const before = s.zalo.sentTo(chat).length;
  s.zalo.sendText(chat, text, { displayName: chat === OWNER ? 'Chị Hoa' : 'Lan' });
  await until(() => s.zalo.sentTo(chat).length >= before + messages, 8000, `the answer to ${text}`);
  return s.zalo.sentTo(chat).slice(before);
}

describe('Zalo, end to end', () => {
  it('alerts every allowed chat exactly once, as plain text with the content literal and no button', async () => {
    const s = await setup();
    const content = 'Nguyễn Văn B chuyển tiền <b>DH1042</b> *đậm* [link](https://evil.example) @all';
    s.pay(18_067_000, content);
    await s.h.bot.pollNow();
    await until(() => s.zalo.sentTo(OWNER).length === 1 && s.zalo.sentTo(CASHIER).length === 1, 8000, 'both alerts');
    await s.h.bot.pollNow();
    for (const chat of [OWNER, CASHIER]) {
      const [alert] = s.zalo.sentTo(chat);
      expect(alert?.parseMode).toBeUndefined();
      expect(alert?.text).toContain('+18.067.000 ₫');
      expect(alert?.text).toContain(content);
      expect(alert?.text).toContain(SHOP);
      expect(alert?.text).toContain('MBBank');
      expect(alert?.text).toContain('Casso');
      expect(alert?.text).not.toContain('Got it');
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(s.zalo.sent).toHaveLength(2);
    expect(s.h.printed).toEqual([]);
  });

  it('answers /balance, /find, /report and /settings in an allowed chat, and a rule change there, echoed with its person', async () => {
    const s = await setup();
    s.pay(250_000, 'DH2001 ca phe');
    await s.h.bot.pollNow();
    await until(() => s.zalo.sentTo(OWNER).length === 1, 8000, 'the alert');

    const [balance] = await ask(s, OWNER, '/balance');
    expect(balance?.text).toContain('5.250.000 ₫');
    expect(balance?.text).toContain(SHOP);
    const [found] = await ask(s, OWNER, '/find ca phe');
    expect(found?.text).toContain('DH2001');
    const [report] = await ask(s, OWNER, '/report');
    expect(report?.text).toMatch(/^Report for /);
    expect(report?.text).toContain('250.000 ₫');

    const [echo] = await ask(s, OWNER, '/min 500k');
    expect(echo?.text).toContain('Chị Hoa changed the settings');
    expect(echo?.text).toContain('500.000 ₫');
    const [settings] = await ask(s, OWNER, '/settings');
    expect(settings?.text).toContain('Minimum amount: 500.000 ₫');
    // The rule is the owner's chat's own: the cashier's chat still gets the small payment.
    s.pay(100_000, 'DH2002 tra sua');
    await s.h.bot.pollNow();
    await until(() => texts(s.zalo, CASHIER).some((t) => t.includes('DH2002')), 8000, "the cashier's alert");
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(texts(s.zalo, OWNER).some((t) => t.includes('DH2002'))).toBe(false);
  });

  it('answers any message from a chat not allowed with its chat id and nothing else', async () => {
    const s = await setup();
    s.zalo.sendText(STRANGER, '/balance');
    s.zalo.sendSticker(STRANGER);
    s.zalo.sendText(STRANGER, 'xin chào');
    await until(() => s.zalo.sentTo(STRANGER).length === 3, 8000, 'three answers');
    for (const answer of texts(s.zalo, STRANGER)) {
      expect(answer).toContain(STRANGER);
      expect(answer).toContain('ZALO_CHAT_IDS');
      expect(answer).not.toMatch(/0071000888888|5\.000\.000|balance/i);
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(s.zalo.sentTo(STRANGER)).toHaveLength(3);
  });

  it('skips what it cannot read from getUpdates (garbage, an unknown event, a bot) and answers what comes after', async () => {
    const s = await setup();
    s.zalo.queueRaw({ event_name: 'message.text.received', message: { text: '/balance' } });
    s.zalo.queueRaw('<html>');
    s.zalo.queueRaw({ event_name: 'message.reaction.received', message: { chat: { id: OWNER }, from: { id: OWNER } } });
    s.zalo.queueRaw({ event_name: 'message.text.received', message: { text: '/balance', chat: { id: OWNER }, from: { id: 'b0t', is_bot: true } } });
    // Some samples give ids as numbers, and name the sender `first_name`.
    s.zalo.addChat('123456789');
    s.zalo.queueRaw({ message: { message_id: 7, date: 1766619597466, text: '/settings', chat: { id: 123456789, chat_type: 'PRIVATE' }, from: { id: 123456789, first_name: 'An' } } });
    const [settings] = await ask(s, OWNER, '/settings');
    expect(settings?.text).toMatch(/^This chat's settings/);
    await until(() => s.zalo.sentTo('123456789').length === 1, 5000, 'the id told');
    expect(s.zalo.sentTo('123456789')[0]?.text).toContain('123456789');
    expect(s.h.logs.filter((l) => l.includes('zalo.update_unreadable'))).toHaveLength(2);
    expect(s.zalo.sentTo(OWNER)).toHaveLength(1);
  });

  it('says there is no button for /ack, and answers a message that is no command with the help', async () => {
    const s = await setup();
    const [ack] = await ask(s, OWNER, '/ack off');
    expect(ack?.text).toMatch(/no buttons/);
    const [settings] = await ask(s, OWNER, '/settings');
    expect(settings?.text).toMatch(/Acknowledge button: .*no buttons/);
    const [help] = await ask(s, OWNER, 'hello?');
    expect(help?.text).toContain('/balance');
    expect(help?.text).not.toContain('/start');
  });

  it('answers /export with what the file would hold and that Zalo bots send no files; in a Zalo group nobody changes the rules', async () => {
    const GROUP = 'a0b1c2d3e4f5a6b7c8d9';
    const s = await setup({ env: { ZALO_CHAT_IDS: `${OWNER},${GROUP}` } });
    s.zalo.addChat(GROUP);
    s.pay(250_000, 'DH3001');
    await s.h.bot.pollNow();
    await until(() => s.zalo.sentTo(OWNER).length === 1, 8000, 'the alert');
    const [exported] = await ask(s, OWNER, '/export');
    expect(exported?.text).toMatch(/1 transaction/);
    expect(exported?.text).toContain('cannot send files');
    const before = s.zalo.sentTo(GROUP).length;
    s.zalo.sendText(GROUP, '/min 1tr', { chatType: 'GROUP', fromId: OWNER, displayName: 'Chị Hoa' });
    await until(() => s.zalo.sentTo(GROUP).length > before, 8000, 'the refusal');
    expect(s.zalo.sentTo(GROUP).at(-1)?.text).toMatch(/administrators/);
    expect(s.h.bot.store.chatRules(`zalo:${GROUP}`).min).toBeNull();
  });

  it('delivers each payment exactly once through 500s, 502 pages, dropped connections and bodies that are not JSON', async () => {
    const s = await setup();
    s.zalo.failNext(OWNER, 'server_error');
    s.zalo.failNext(OWNER, 'not_json');
    s.zalo.failNext(CASHIER, 'bad_gateway');
    s.zalo.failNext(CASHIER, 'network');
    s.pay(120_000, 'FAULT-1');
    s.pay(130_000, 'FAULT-2');
    await s.h.bot.pollNow();
    await until(() => [OWNER, CASHIER].every((chat) => ['FAULT-1', 'FAULT-2'].every((code) => texts(s.zalo, chat).some((t) => t.includes(code)))), 20_000, 'every alert');
    await new Promise((resolve) => setTimeout(resolve, 300));
    for (const chat of [OWNER, CASHIER]) {
      for (const code of ['FAULT-1', 'FAULT-2']) expect(texts(s.zalo, chat).filter((t) => t.includes(code)), `${code} in ${chat}`).toHaveLength(1);
    }
    expect(s.h.logs.join('\n')).not.toContain(s.zalo.token);
  }, 30_000);

  it('honours the wait a 429 names (a proxy\'s Retry-After too), a short one in place and a long one from the outbox, and sends nothing before it ends', async () => {
    const s = await setup({ env: { ZALO_CHAT_IDS: OWNER } });
    s.zalo.failNext(OWNER, 'proxy_rate_limit', { retryAfter: 1 });
    s.zalo.failNext(OWNER, 'rate_limit', { retryAfter: 7 });
    s.pay(120_000, 'SLOW-1');
    await s.h.bot.pollNow();
    await until(() => s.h.logs.some((l) => l.includes('alert.rate_limited')), 8000, 'the long wait');
    const heldAt = Date.now();
    s.pay(130_000, 'SLOW-2');
    await s.h.bot.pollNow();
    await until(() => ['SLOW-1', 'SLOW-2'].every((code) => texts(s.zalo, OWNER).some((t) => t.includes(code))), 20_000, 'both alerts');
    expect(Date.now() - heldAt).toBeGreaterThan(5_000);
    expect(texts(s.zalo, OWNER)).toHaveLength(1);
    expect(s.zalo.early).toEqual([]);
    // The proxy's one second was slept through in place, then the call made again.
    expect(s.h.logs.some((l) => l.includes('zalo.retry') && l.includes('retry_after_ms=1000'))).toBe(true);
  }, 30_000);

  it('tells the other chats when a person blocked the bot or a chat is unknown, and holds that chat\'s alerts', async () => {
    const s = await setup({ env: { ZALO_CHAT_IDS: `${OWNER},${CASHIER},ffffffffffffffffffff` } });
    s.zalo.block(CASHIER);
    s.pay(300_000, 'BLOCKED-1');
    await s.h.bot.pollNow();
    await until(() => texts(s.zalo, OWNER).filter((t) => t.startsWith('⚠️')).length >= 2, 10_000, 'two notices');
    const notices = texts(s.zalo, OWNER).filter((t) => t.startsWith('⚠️'));
    const about = (chat: string) => notices.find((t) => t.includes(`Zalo ${chat}`)) ?? '';
    expect(about(CASHIER)).toMatch(/blocked/);
    expect(about(CASHIER)).toContain('ZALO_CHAT_IDS');
    expect(about('ffffffffffffffffffff')).toMatch(/write to the bot|wrote to the bot/);
    expect(texts(s.zalo, OWNER).some((t) => t.includes('BLOCKED-1'))).toBe(true);
    expect(s.h.bot.store.pending(`zalo:${CASHIER}`)).toHaveLength(1);
  });

  it('shows Zalo in /healthz and /metrics', async () => {
    const port = await freePort();
    const s = await setup({ env: { HEALTH_PORT: String(port) } });
    s.pay(100_000, 'HEALTH-1');
    await s.h.bot.pollNow();
    await until(() => s.zalo.sentTo(OWNER).length === 1, 8000, 'the alert');
    await until(() => s.zalo.polls > 1, 5000, 'Zalo polled');
    const health = await request(`http://127.0.0.1:${port}/healthz`);
    const body = JSON.stringify(await health.body.json());
    expect(body).toContain('"zalo"');
    expect(body).not.toContain(OWNER);
    const metrics = await (await request(`http://127.0.0.1:${port}/metrics`)).body.text();
    expect(metrics).toMatch(/destination="zalo-1"/);
    expect(metrics).not.toContain(OWNER);
  });
});
