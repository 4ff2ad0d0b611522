import { describe, expect, it } from 'vitest';
import { startFakeSepay, type FakeSepay } from '../../fakes/sepay/v1.js';
import { startFakeTelegram, type FakeTelegram } from '../../fakes/telegram/server.js';
import { startHarness, type Harness } from '../helpers/bot-harness.js';
import { tempDir } from '../helpers/temp-dir.js';
import { until } from '../helpers/until.js';
import { closedAfterEach } from '../helpers/closers.js';

const GROUP = -1001234567890;
const OWNER = 777001;
const STRANGER = -1009999999999;
const SHOP = '0071000888888';
const LAN = { id: 4242, first_name: 'Lan', last_name: 'Nguyễn' };
const HOA = { id: 1, first_name: 'Hoa' };

const closers = closedAfterEach();

interface Setup {
  h: Harness;
  sepay: FakeSepay;
  telegram: FakeTelegram;
  dataDir: string;
}

async function startBot(sepay: FakeSepay, telegram: FakeTelegram, dataDir: string): Promise<Harness> {
  const h = await startHarness({
    dataDir,
    sepay,
    env: telegram.botEnv(`${GROUP},${OWNER}`),
  });
  await h.bot.pollNow();
  return h;
}

async function setup(): Promise<Setup> {
  const sepay = await startFakeSepay();
  // Pacing is tested elsewhere: alerts and answers here should not queue behind the flood limit.
  const telegram = await startFakeTelegram({ perChatBurst: 20, perChatPerSecond: 20 });
  closers.push(sepay, telegram);
  telegram.addChat(GROUP, { admins: [HOA.id] });
  sepay.addBankAccount({ accountNumber: SHOP, accumulated: 5_000_000, bankShortName: 'MBBank' });
  const dataDir = await tempDir();
  return { h: await startBot(sepay, telegram, dataDir), sepay, telegram, dataDir };
}

/** Polls and waits until every owed alert went out; returns the group's new messages. */
async function alertsAfterPoll({ h, telegram }: Setup) {
  const before = telegram.sentTo(GROUP).length;
  await h.bot.pollNow();
  await until(() => h.bot.store.outboxSize === 0, 8000, 'the outbox to drain');
  return telegram.sentTo(GROUP).slice(before);
}

/** Presses the button and waits for the bot to answer the press; returns that answer's text. */
async function press(telegram: FakeTelegram, chatId: number, messageId: number, from: { id: number; first_name: string }): Promise<string | undefined> {
  const id = telegram.pressButton(chatId, messageId, { from });
  await until(() => telegram.callbackAnswers.some((a) => a.callbackQueryId === id), 5000, 'the answer to the press');
  return telegram.callbackAnswers.find((a) => a.callbackQueryId === id)?.text;
}

async function ask(telegram: FakeTelegram, chatId: number, text: string, from = HOA): Promise<string> {
  const before = telegram.sentTo(chatId).length;
  telegram.sendText(chatId, text, { from });
  await until(() => telegram.sentTo(chatId).length > before, 5000, `the answer to ${text}`);
  return telegram.sentTo(chatId)[before]?.visible ?? '';
}

describe('the acknowledge button on Telegram', () => {
  it('edits the pressed alert once, records who and when, ignores a second press, and /find shows it after a restart', async () => {
    const s = await setup();
    s.sepay.addTransaction({ accountNumber: SHOP, amountIn: 350_000, content: 'DH1001 ca sang' });
    const [alert] = await alertsAfterPoll(s);
    expect(alert?.buttons).toEqual([{ text: '✅ Đã nhận', callbackData: 'ack' }]);
    // The fake edits the message in place: keep what it said before the press.
    const sent = alert!.visible;
    const ownerAlert = s.telegram.sentTo(OWNER).at(-1);

    expect(await press(s.telegram, GROUP, alert!.messageId, LAN)).toBe('Đã ghi nhận.');
    expect(s.telegram.edits).toHaveLength(1);
    const [edit] = s.telegram.edits;
    expect(edit).toMatchObject({ method: 'editMessageText', chatId: String(GROUP), messageId: alert!.messageId, buttons: [] });
    // Same alert, then who acknowledged it and when (in TZ_DISPLAY, the chat's language).
    expect(edit?.visible.startsWith(`${sent}\n\n`)).toBe(true);
    expect(edit?.visible).toMatch(/✅ Lan Nguyễn đã nhận lúc \d\d:\d\d\u00a0\d\d\/\d\d\/\d{4}$/);
    // The owner's own alert of the same payment is untouched.
    expect(ownerAlert?.buttons).toHaveLength(1);

    // A stale client still showing the button: nothing new is recorded or drawn.
    expect(await press(s.telegram, GROUP, alert!.messageId, HOA)).toMatch(/^Lan Nguyễn đã nhận rồi/);
    expect(s.telegram.edits).toHaveLength(1);

    expect(await ask(s.telegram, GROUP, '/find DH1001')).toMatch(/Đã nhận: Lan Nguyễn, \d\d:\d\d/);
    expect(await ask(s.telegram, OWNER, '/find DH1001')).not.toContain('Đã nhận:');

    await s.h.stop();
    const again = await startBot(s.sepay, s.telegram, s.dataDir);
    expect(await ask(s.telegram, GROUP, '/find DH1001')).toMatch(/Đã nhận: Lan Nguyễn/);
    expect(await press(s.telegram, GROUP, alert!.messageId, HOA)).toMatch(/^Lan Nguyễn đã nhận rồi/);
    expect(s.telegram.edits).toHaveLength(1);
    await again.stop();
  });

  it("acknowledges every payment of a digest with one press, and shows the presser's name literally", async () => {
    const s = await setup();
    for (const n of [1, 2, 3]) s.sepay.addTransaction({ accountNumber: SHOP, amountIn: n * 100_000, content: `DIGEST${n}` });
    const [digest] = await alertsAfterPoll(s);
    expect(digest?.visible).toContain('DIGEST3');
    expect(digest?.buttons).toHaveLength(1);

    const name = { id: 5, first_name: '<b>Tú</b> & <a href="x">co</a>' };
    expect(await press(s.telegram, GROUP, digest!.messageId, name)).toBe('Đã ghi nhận.');
    expect(s.telegram.edits[0]?.visible).toContain('✅ <b>Tú</b> & <a href="x">co</a> đã nhận lúc');
    const found = await ask(s.telegram, GROUP, '/find DIGEST');
    expect(found.match(/Đã nhận: <b>Tú<\/b> & <a href="x">co<\/a>/g)).toHaveLength(3);
  });

  it('keeps every line of a digest that filled a whole message when it is acknowledged, whoever presses', async () => {
    const s = await setup();
    // A backlog too long for one message: the first digest is packed as full as Telegram takes.
    for (let n = 0; n < 100; n++) s.sepay.addTransaction({ accountNumber: SHOP, amountIn: 10_000 + n, content: `P${n}-ca-sang ${'thanh toan '.repeat(7)}` });
    const [digest] = await alertsAfterPoll(s);
    // The fake edits the message in place: keep what it said before the press.
    const sent = digest!.visible;
    // As many whole payments as fit: every content in full.
    const lines = sent.split('\n').filter((line) => /P\d+-ca-sang/.test(line));
    expect(lines.length).toBeGreaterThanOrEqual(30);
    for (const line of lines) expect(line).toMatch(/ · P\d+-ca-sang( thanh toan){7}$/);
    expect(sent.length).toBeGreaterThan(3_800);

    // A name as long as the bot shows one (64 characters).
    const longest = { id: 9, first_name: 'Thu ngân ca sáng quầy số một', last_name: 'Nguyễn Thị Thanh Hương Bảo Ngọc Anh' };
    expect(await press(s.telegram, GROUP, digest!.messageId, longest)).toBe('Đã ghi nhận.');
    const [edit] = s.telegram.edits;
    expect(edit?.visible.slice(0, sent.length)).toBe(sent);
    expect(edit?.visible.slice(sent.length)).toMatch(/^\n\n✅ Thu ngân ca sáng quầy số một Nguyễn Thị Thanh Hương Bảo Ngọc Anh đã nhận lúc \d\d:\d\d/);
    expect(edit?.buttons).toEqual([]);
  });

  it('acknowledges an alert whose content took two messages on the last one, keeping all it said', async () => {
    const s = await setup();
    const content = `DH5000 ${'chuyen tien thanh toan don hang '.repeat(150)}END`;
    s.sepay.addTransaction({ accountNumber: SHOP, amountIn: 5_000_000, content });
    const alerts = await alertsAfterPoll(s);
    const parts = alerts.filter((m) => m.chatId === String(GROUP));
    expect(parts).toHaveLength(2);
    expect(parts.map((p) => p.visible).join('')).toContain(`Nội dung:\u00a0${content.trim()}`);
    expect(parts.map((p) => p.buttons.length)).toEqual([0, 1]);
    const sent = parts[1]!.visible;

    expect(await press(s.telegram, GROUP, parts[1]!.messageId, LAN)).toBe('Đã ghi nhận.');
    const [edit] = s.telegram.edits;
    expect(edit?.method).toBe('editMessageText');
    expect(edit?.messageId).toBe(parts[1]?.messageId);
    expect(edit?.visible.startsWith(`${sent}\n\n✅ Lan Nguyễn đã nhận lúc`)).toBe(true);
    expect(edit?.buttons).toEqual([]);
    expect(s.telegram.sentTo(GROUP)[0]?.visible).toBe(parts[0]?.visible);
  });

  it('keeps the line naming the /qr request a payment answered when its alert is acknowledged', async () => {
    const s = await setup();
    const request = await ask(s.telegram, GROUP, '/qr 250k bàn 5');
    const code = /Mã thanh toán:\s*([A-Z0-9]{6,10})/.exec(request)?.[1];
    if (code === undefined) throw new Error(`no request: ${request}`);
    await until(() => s.h.bot.store.paymentRequests().some((r) => r.messageRef !== null), 5000, 'the request placed');
    s.sepay.addTransaction({ accountNumber: SHOP, amountIn: 250_000, content: `${code} ca sang` });
    const alert = (await alertsAfterPoll(s)).find((m) => m.visible.includes(`${code} ca sang`));
    // The fake edits the message in place: keep what it said before the press.
    const sent = alert!.visible;
    expect(sent).toContain(`Yêu cầu QR:\u00a0${code} · bàn 5`);
    await press(s.telegram, GROUP, alert!.messageId, LAN);
    expect(s.telegram.edits.at(-1)?.visible.startsWith(`${sent}\n\n✅ Lan Nguyễn đã nhận lúc`)).toBe(true);
  });

  it('changes nothing for a press from a chat that is not allowed, or on a message that is no alert', async () => {
    const s = await setup();
    s.sepay.addTransaction({ accountNumber: SHOP, amountIn: 120_000, content: 'DH2002' });
    const [alert] = await alertsAfterPoll(s);

    expect(await press(s.telegram, STRANGER, alert!.messageId, LAN)).toBe('Cuộc trò chuyện này không được phép dùng bot.');
    const answer = await ask(s.telegram, GROUP, '/help');
    const helpMessage = s.telegram.sentTo(GROUP).at(-1)!.messageId;
    expect(answer).not.toBe('');
    expect(await press(s.telegram, GROUP, helpMessage, LAN)).toBe('Không còn tìm thấy thông báo này.');
    expect(s.telegram.edits).toEqual([]);
    expect(await ask(s.telegram, GROUP, '/find DH2002')).not.toContain('Đã nhận:');
  });

  it('records the press when the message can no longer be edited, and says so in the log once', async () => {
    const s = await setup();
    s.sepay.addTransaction({ accountNumber: SHOP, amountIn: 130_000, content: 'DH3003' });
    const [alert] = await alertsAfterPoll(s);
    s.telegram.deleteMessage(GROUP, alert!.messageId);

    expect(await press(s.telegram, GROUP, alert!.messageId, LAN)).toBe('Đã ghi nhận.');
    expect(s.telegram.edits).toEqual([]);
    expect(s.h.logs.filter((line) => line.includes('ack.edit_failed'))).toHaveLength(1);
    expect(await ask(s.telegram, GROUP, '/find DH3003')).toContain('Đã nhận: Lan Nguyễn');
  });

  it('sends alerts without the button in a chat that turned /ack off, in English for an English chat', async () => {
    const s = await setup();
    await ask(s.telegram, OWNER, '/ack off', { id: OWNER, first_name: 'Owner' });
    await ask(s.telegram, GROUP, '/lang en');
    s.sepay.addTransaction({ accountNumber: SHOP, amountIn: 140_000, content: 'DH4004' });
    const [alert] = await alertsAfterPoll(s);
    expect(alert?.buttons).toEqual([{ text: '✅ Got it', callbackData: 'ack' }]);
    expect(s.telegram.sentTo(OWNER).at(-1)?.buttons).toEqual([]);
    expect(await press(s.telegram, GROUP, alert!.messageId, LAN)).toBe('Recorded.');
    expect(s.telegram.edits[0]?.visible).toMatch(/✅ Acknowledged by Lan Nguyễn at \d\d?\s\w{3}\s\d{4}\s\d\d:\d\d$/);
  });

  it('acknowledges in the forum topic the alert was posted in, and keeps it there', async () => {
    const sepay = await startFakeSepay();
    const telegram = await startFakeTelegram({ perChatBurst: 20, perChatPerSecond: 20 });
    closers.push(sepay, telegram);
    telegram.addChat(GROUP, { topics: { 42: 'open', 43: 'open' } });
    sepay.addBankAccount({ accountNumber: SHOP, accumulated: 5_000_000, bankShortName: 'MBBank' });
    const h = await startHarness({
      dataDir: await tempDir(),
      sepay,
      env: telegram.botEnv(`${GROUP}:42,${GROUP}:43`),
    });
    await h.bot.pollNow();
    sepay.addTransaction({ accountNumber: SHOP, amountIn: 150_000, content: 'DH5005' });
    await h.bot.pollNow();
    await until(() => h.bot.store.outboxSize === 0, 8000, 'the outbox to drain');
    const in42 = telegram.sentTo(GROUP).find((m) => m.threadId === 42)!;

    expect(await press(telegram, GROUP, in42.messageId, LAN)).toBe('Đã ghi nhận.');
    expect(telegram.edits).toHaveLength(1);
    expect(telegram.sentTo(GROUP).find((m) => m.messageId === in42.messageId)).toMatchObject({ threadId: 42, buttons: [] });
    const findIn = async (thread: number) => {
      const before = telegram.sentTo(GROUP).length;
      telegram.sendText(GROUP, '/find DH5005', { from: HOA, threadId: thread });
      await until(() => telegram.sentTo(GROUP).length > before, 5000, 'the /find answer');
      return telegram.sentTo(GROUP)[before]?.visible ?? '';
    };
    expect(await findIn(42)).toContain('Đã nhận: Lan Nguyễn');
    expect(await findIn(43)).not.toContain('Đã nhận:');
  });
});
