import { describe, expect, it } from 'vitest';
import { startFakeCasso, type FakeCasso } from '../../fakes/casso/server.js';
import { FOUND_TYPES, type MessageEntity } from '../../fakes/telegram/entities.js';
import { startFakeTelegram, type FakeTelegram } from '../../fakes/telegram/server.js';
import { startHarness, type Harness } from '../helpers/bot-harness.js';
import { closedAfterEach } from '../helpers/closers.js';
import { tempDir } from '../helpers/temp-dir.js';
import { until } from '../helpers/until.js';

/*
 * Whoever sends the shop 1 000 ₫ writes the transfer content, and the sender's name is theirs
 * too; a member of the group picks their own display name. Telegram turns `@username`, links,
 * `#tags` and `/commands` in a message's plain text into live entities (a mention notifies that
 * member; a link is one tap away). The fake answers each message with the entities Telegram
 * would give it, so these tests see what a member of the group would see.
 */

const GROUP = -1001234567890;
const SHOP = '0071000888888';
const HOSTILE = '@chu_shop_vn https://e.vil t.me/x #tag /export@bot';
const HOSTILE_NAME = '@chu_shop_vn t.me/x #boss';
const ADMIN = { id: 7, first_name: '@chu_shop_vn', last_name: 'https://e.vil' };

const closers = closedAfterEach();

interface Setup {
  h: Harness;
  casso: FakeCasso;
  accountId: number;
  telegram: FakeTelegram;
}

async function setup(): Promise<Setup> {
  const casso = await startFakeCasso();
  const telegram = await startFakeTelegram({ perChatBurst: 20, perChatPerSecond: 20 });
  closers.push(casso, telegram);
  telegram.addChat(GROUP, { admins: [ADMIN.id] });
  const { id: accountId } = casso.addAccount({ accountNumber: SHOP, bankName: 'MBBank' });
  const h = await startHarness({ dataDir: await tempDir(), casso, env: telegram.botEnv(String(GROUP)) });
  await h.bot.pollNow();
  return { h, casso, accountId, telegram };
}

function pay(s: Setup, amount: number, description: string) {
  s.casso.addTransaction(s.accountId, { amount, description, counterAccountName: HOSTILE_NAME, counterAccountNumber: '1900112233' });
}

async function alertsAfterPoll(s: Setup) {
  const before = s.telegram.sentTo(GROUP).length;
  await s.h.bot.pollNow();
  await until(() => s.h.bot.store.outboxSize === 0 && s.telegram.sentTo(GROUP).length > before, 8000, 'the alerts');
  return s.telegram.sentTo(GROUP).slice(before);
}

async function ask(s: Setup, text: string, from?: { id: number; first_name: string; last_name?: string }) {
  const before = s.telegram.sentTo(GROUP).length;
  s.telegram.sendText(GROUP, text, from === undefined ? {} : { from });
  await until(() => s.telegram.sentTo(GROUP).length > before, 5000, `the answer to ${text}`);
  const answer = s.telegram.sentTo(GROUP)[before];
  if (answer === undefined) throw new Error('no answer');
  return answer;
}

/** Mentions, links, hashtags, cashtags, commands and e-mail addresses a member could tap, with their text. */
function live(message: { visible: string; entities: MessageEntity[] }): string[] {
  return message.entities.filter((e) => FOUND_TYPES.has(e.type)).map((e) => `${e.type} ${message.visible.slice(e.offset, e.offset + e.length)}`);
}

describe('untrusted text in Telegram is never a mention, link, hashtag or command', () => {
  it('in an alert, a digest, a /find answer and an acknowledged alert, content and names alike', async () => {
    const s = await setup();
    pay(s, 250_000, HOSTILE);
    const [alert] = await alertsAfterPoll(s);
    expect(alert?.visible).toContain(HOSTILE);
    expect(alert?.visible).toContain(HOSTILE_NAME);
    expect(live(alert!)).toEqual([]);

    for (const n of [1, 2, 3]) pay(s, n * 100_000, `DH${n} ${HOSTILE}`);
    const [digest] = await alertsAfterPoll(s);
    expect(digest?.visible).toContain(`DH3 ${HOSTILE}`);
    expect(live(digest!)).toEqual([]);

    const found = await ask(s, '/find chu_shop_vn');
    expect(found.visible).toContain(HOSTILE);
    expect(live(found)).toEqual([]);

    s.telegram.pressButton(GROUP, alert!.messageId, { from: ADMIN });
    await until(() => s.telegram.edits.length === 1, 5000, 'the acknowledged alert');
    const [edit] = s.telegram.edits;
    expect(edit?.visible).toContain('@chu_shop_vn https://e.vil đã nhận lúc');
    expect(live(edit!)).toEqual([]);

    const echo = await ask(s, '/privacy on', ADMIN);
    expect(echo.visible).toContain('@chu_shop_vn https://e.vil');
    expect(live(echo)).toEqual([]);
  });

  it('in the plain text sent when Telegram refuses the HTML, alert and acknowledgement alike', async () => {
    const s = await setup();
    s.telegram.failNextSend(GROUP, 'parse_error');
    pay(s, 250_000, HOSTILE);
    const [alert] = await alertsAfterPoll(s);
    expect(alert?.parseMode).toBeUndefined();
    expect(alert?.visible).toContain(HOSTILE);
    expect(alert?.visible).toContain(HOSTILE_NAME);
    expect(live(alert!)).toEqual([]);

    // The acknowledgement's edit is refused as HTML too, and goes as plain text.
    const parseError = { ok: false, error_code: 400, description: "Bad Request: can't parse entities: Unsupported start tag \"x\" at byte offset 0" };
    s.telegram.injectFaults({ status: 400, body: parseError, pathPrefix: `/bot${s.telegram.token}/editMessageText` });
    s.telegram.pressButton(GROUP, alert!.messageId, { from: ADMIN });
    await until(() => s.telegram.edits.length === 1, 5000, 'the acknowledged alert');
    const [edit] = s.telegram.edits;
    expect(edit?.visible).toContain(HOSTILE);
    expect(edit?.visible).toContain('@chu_shop_vn https://e.vil đã nhận lúc');
    expect(live(edit!)).toEqual([]);
  });

  it('in a /qr request confirmed by a payment whose sender names a link', async () => {
    const s = await setup();
    const request = await ask(s, '/qr 250k');
    const code = /Mã thanh toán:\s*([A-Z0-9]{6,10})/.exec(request.visible)?.[1];
    if (code === undefined) throw new Error(`no request: ${request.visible}`);
    await until(() => s.h.bot.store.paymentRequests().some((r) => r.messageRef !== null), 5000, 'the request placed');
    pay(s, 250_000, `${code} ${HOSTILE}`);
    await s.h.bot.pollNow();
    await until(() => s.telegram.captionEdits.length === 1, 5000, 'the confirmation');
    const [confirmation] = s.telegram.captionEdits;
    expect(confirmation?.visible).toContain(`từ ${HOSTILE_NAME} lúc`);
    expect(live(confirmation!)).toEqual([]);
  });
});
