import { describe, expect, it } from 'vitest';
import { startFakeCasso, type FakeCasso } from '../../fakes/casso/server.js';
import { startFakeSepay, type FakeSepay } from '../../fakes/sepay/v1.js';
import { startFakeZalo, type FakeZalo } from '../../fakes/zalo/server.js';
import { startHarness, type Harness } from '../helpers/bot-harness.js';
import { closedAfterEach } from '../helpers/closers.js';
import { tempDir } from '../helpers/temp-dir.js';
import { until } from '../helpers/until.js';

/*
 * Zalo takes at most 2000 characters a message. A digest longer than that goes over several
 * messages, none cut: every payment whole in one of them, under a line naming its account's bank,
 * number and provider (guarantee 4), and a content longer than a message goes on in the next.
 */

const OWNER = 'e4ea2cd5189df1c3a88c';
const ACCOUNTS = {
  MB: { accountNumber: '0071000888888', bank: 'MBBank', provider: 'Casso' },
  VCB: { accountNumber: '1900112233', bank: 'Vietcombank', provider: 'Casso' },
  ACB: { accountNumber: '2222333344', bank: 'ACB', provider: 'SePay' },
} as const;
type Key = keyof typeof ACCOUNTS;
const KEYS = Object.keys(ACCOUNTS) as Key[];

const closers = closedAfterEach();

interface Setup {
  h: Harness;
  casso: FakeCasso;
  sepay: FakeSepay;
  zalo: FakeZalo;
  cassoIds: Record<'MB' | 'VCB', number>;
}

async function setup(): Promise<Setup> {
  const casso = await startFakeCasso();
  const sepay = await startFakeSepay();
  const zalo = await startFakeZalo();
  closers.push(casso, sepay, zalo);
  zalo.addChat(OWNER);
  const cassoIds = {
    MB: casso.addAccount({ accountNumber: ACCOUNTS.MB.accountNumber, bankName: ACCOUNTS.MB.bank }).id,
    VCB: casso.addAccount({ accountNumber: ACCOUNTS.VCB.accountNumber, bankName: ACCOUNTS.VCB.bank }).id,
  };
  sepay.addBankAccount({ accountNumber: ACCOUNTS.ACB.accountNumber, bankShortName: ACCOUNTS.ACB.bank });
  const h = await startHarness({ dataDir: await tempDir(), casso, sepay, env: zalo.botEnv(OWNER) });
  await h.bot.pollNow();
  return { h, casso, sepay, zalo, cassoIds };
}

let counter = 0;
function pay(s: Setup, key: Key, content: string): string {
  const token = `${key}-${++counter}`;
  const amount = 10_000 + counter * 1_000;
  if (key === 'ACB') s.sepay.addTransaction({ accountNumber: ACCOUNTS.ACB.accountNumber, amountIn: amount, content: `${token}${content}` });
  else s.casso.addTransaction(s.cassoIds[key], { amount, description: `${token}${content}` });
  return token;
}

/** Every payment line of a message lies under the account line of its account; returns the payments it carries. */
function paymentsIn(message: string): string[] {
  const shown: string[] = [];
  let account = '';
  for (const line of message.split('\n')) {
    if (/^Tài khoản:/.test(line)) account = line;
    const payment = /([A-Z]+)-\d+/.exec(line);
    if (payment === null || !line.includes('₫')) continue;
    const facts = ACCOUNTS[payment[1] as Key];
    expect(account, `the account line above ${payment[0]}`).toContain(facts.accountNumber);
    expect(account).toContain(facts.bank);
    expect(account).toContain(facts.provider);
    shown.push(payment[0]);
  }
  return shown;
}

/** `HH:MM-HH:MM` from a minute ago to an hour ahead, in Vietnam. */
function quietNow(): string {
  const at = (offsetMinutes: number) => new Date(Date.now() + (7 * 60 + offsetMinutes) * 60_000).toISOString().slice(11, 16);
  return `${at(-1)}-${at(60)}`;
}

async function ask(s: Setup, text: string): Promise<void> {
  const before = s.zalo.sentTo(OWNER).length;
  s.zalo.sendText(OWNER, text);
  await until(() => s.zalo.sentTo(OWNER).length > before, 5000, `the answer to ${text}`);
}

describe('a Zalo digest', () => {
  it('of 30 payments held by quiet hours goes in messages of at most 2000 characters, each naming the bank and account of every payment in it', async () => {
    const s = await setup();
    await ask(s, `/quiet ${quietNow()}`);
    const filler = ' chuyen tien thanh toan don hang cua hang tap hoa';
    const held = Array.from({ length: 30 }, (_, i) => pay(s, KEYS[i % 3] ?? 'MB', filler));
    await s.h.bot.pollNow();
    await until(() => s.h.logs.some((l) => l.includes('alert.quiet')), 5000, 'the alerts held');
    const before = s.zalo.sentTo(OWNER).length;
    await ask(s, '/quiet off');
    await until(() => s.h.bot.store.outboxSize === 0, 20_000, 'the held alerts sent');
    const messages = s.zalo
      .sentTo(OWNER)
      .slice(before)
      .map((m) => m.text)
      .filter((t) => !t.includes('đã đổi cài đặt'));
    expect(messages.length).toBeGreaterThan(1);
    for (const message of messages) expect(message.length).toBeLessThanOrEqual(2000);
    expect(messages.flatMap(paymentsIn).sort()).toEqual([...held].sort());
    const lines = messages.flatMap((m) => m.split('\n')).filter((line) => /[A-Z]+-\d+ /.test(line));
    for (const line of lines) expect(line.endsWith(filler)).toBe(true);
  });

  it('carries a content longer than a message whole, over as many messages as it needs', async () => {
    const s = await setup();
    const words = Array.from({ length: 700 }, (_, i) => `tu${i}`).join(' ');
    const token = pay(s, 'MB', ` ${words}`);
    await s.h.bot.pollNow();
    await until(() => s.h.bot.store.outboxSize === 0, 15_000, 'the alert sent');
    const parts = s.zalo.sentTo(OWNER).map((m) => m.text);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(2000);
    expect(parts.join('').replace(/\s+/g, ' ')).toContain(`${token} ${words}`);
  });
});
