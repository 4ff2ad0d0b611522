import { Api, GrammyError } from 'grammy';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ChatBlockedError,
  ChatMovedError,
  ChatRateLimitError,
  ChatRejectedError,
  ChatTransientError,
} from '../../src/core/chat-errors.js';
import type { AlertLook, ChatSender } from '../../src/core/chat-sender.js';
import { createTelegramChat } from '../../src/chats/telegram/telegram-chat.js';
import { ok } from '../../src/core/result.js';
import { createLogger } from '../../src/log/logger.js';
import type { Transaction } from '../../src/core/model.js';
import { widestAcknowledgedLine } from '../../src/render/acknowledgement.js';
import { refusalDoc } from '../../src/commands/answer-command.js';
import { toPlainText } from '../../src/render/plain-text.js';
import type { Locale } from '../../src/core/locale.js';
import { TELEGRAM_MAX_CHARS } from '../../src/chats/telegram/telegram-html.js';
import { FOUND_TYPES, type MessageEntity } from '../../fakes/telegram/entities.js';
import { startFakeTelegram, type FakeTelegram } from '../../fakes/telegram/server.js';
import { makeTransaction } from '../../fakes/transactions.js';
import { textAnswer } from '../../src/commands/command.js';
import { renderContext } from '../helpers/render-context.js';
import { COMMANDS } from '../../src/commands/index.js';
import { unpaced } from '../helpers/unpaced.js';

let telegram: FakeTelegram;
let logLines: string[];

beforeEach(async () => {
  telegram = await startFakeTelegram();
  logLines = [];
});
afterEach(() => telegram.close());

function senderFor(options: { token?: string; locale?: Locale } = {}): ChatSender {
  return createTelegramChat({
    inTurn: unpaced,
    token: options.token ?? telegram.token,
    apiRoot: telegram.url,
    logger: createLogger({ level: 'debug', write: (line) => logLines.push(line) }),
    render: renderContext(options.locale ?? 'vi'),
    isAllowed: () => true,
    commands: COMMANDS,
    answer: async () => textAnswer(refusalDoc('vi')),
    sendTimeoutSeconds: 2,
  }).sender;
}

const payment = (overrides: Partial<Transaction> = {}): Transaction =>
  makeTransaction({
    provider: 'casso',
    amount: 18_067_000,
    content: 'NGUYEN VAN A chuyen tien DH1042',
    accountNumber: '0071000888888',
    bank: 'Vietcombank',
    occurredAt: '2025-11-03T03:15:00.000Z',
    ...overrides,
  });

const sendMessageCalls = () => telegram.requests.filter((r) => r.path.endsWith('/sendMessage')).length;

describe('Telegram sender: what a chat receives', () => {
  it('posts an alert as HTML without link preview, and returns the message id', async () => {
    const result = await senderFor().send('-1001', [payment()]);

    const [message] = telegram.sentTo('-1001');
    expect(result).toEqual(ok({ ref: String(message?.messageId) }));
    expect(message?.parseMode).toBe('HTML');
    expect(message?.linkPreviewDisabled).toBe(true);
    expect(message?.text).toContain('<b>+18.067.000 ₫</b>');
    for (const shown of ['+18.067.000 ₫', 'NGUYEN VAN A chuyen tien DH1042', '0071000888888', 'Vietcombank', '10:15\u00a003/11/2025', 'Casso']) {
      expect(message?.visible).toContain(shown);
    }
    // It ends with the bank reference, which lets a person recognise a repeat; no internal id.
    expect(message?.visible.split('\n').at(-1)).toMatch(/^Mã tham chiếu:\s\S+$/);
    expect(message?.visible).not.toMatch(/casso:/);
  });

  it('shows hostile transfer content literally, and the fake would have refused it unescaped', async () => {
    const hostile = '<b>x</b> & <a href="http://evil">click</a> @channel *bold* _it_ [link](http://x.io) &amp; </code>';
    const long = `DH77 ${'Ẫ'.repeat(5000)}`;
    const sender = senderFor();

    expect((await sender.send('-1001', [payment({ content: hostile })])).ok).toBe(true);
    expect((await sender.send('-1002', [payment({ content: long })])).ok).toBe(true);

    const [shown] = telegram.sentTo('-1001');
    expect(shown?.visible).toContain(hostile);
    expect(shown?.text).not.toContain('<a ');
    // Shown whole, however long: a content longer than a message goes on in the next one.
    const parts = telegram.sentTo('-1002');
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(part.visible.length).toBeLessThanOrEqual(TELEGRAM_MAX_CHARS);
    expect(parts.map((part) => part.visible).join('')).toContain(long);
    expect(telegram.errors).toEqual([]);

    // The same content as raw HTML is what the validator exists to catch.
    const raw = new Api(telegram.token, { apiRoot: telegram.url });
    const refused = await raw.sendMessage('-1003', hostile, { parse_mode: 'HTML' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(GrammyError);
    expect((refused as GrammyError).description).toMatch(/can't parse entities/);
    const tooLong = await raw.sendMessage('-1003', 'x'.repeat(TELEGRAM_MAX_CHARS + 1)).catch((e: unknown) => e);
    expect((tooLong as GrammyError).description).toBe('Bad Request: message is too long');
  });

  /** Each message of a backlog as `sender` packs it: batches taken one after the other, one chat per message. */
  async function sendBacklog(sender: ChatSender, waiting: Transaction[], look: AlertLook): Promise<{ batch: Transaction[]; messages: string[] }[]> {
    const batches: Transaction[][] = [];
    while (waiting.length > 0) {
      const count = sender.batchSize(waiting, look);
      expect(count).toBeGreaterThan(0);
      batches.push(waiting.slice(0, count));
      waiting = waiting.slice(count);
    }
    // One chat per batch: this checks what fits a message, not the pacing.
    for (const [m, batch] of batches.entries()) expect((await sender.send(`-100${m}`, batch, look)).ok).toBe(true);
    return batches.map((batch, m) => ({ batch, messages: telegram.sentTo(`-100${m}`).map((message) => message.visible) }));
  }

  /** Checks every line of a digest: whole content, under the account line that names its account. Returns the amounts shown. */
  function checkDigest(text: string, batch: readonly Transaction[], accountLine: (tx: Transaction) => string): number[] {
    let account = '';
    const shown: number[] = [];
    for (const line of text.split('\n')) {
      if (/^(Tài khoản|Account):/.test(line)) account = line;
      const tx = batch.find((t) => line.startsWith(`+${t.amount.toLocaleString('de-DE')} ₫`));
      if (tx === undefined) continue;
      expect(account).toContain(accountLine(tx));
      expect(line.endsWith(` · ${tx.content}`)).toBe(true);
      shown.push(tx.amount);
    }
    return shown;
  }

  it.each(['vi', 'en'] as const)(
    'packs a 500-payment backlog of 60–120-character contents into 18 messages, every content whole, with room for ✅ and absurd accounts (%s)',
    async (locale) => {
      const sender = senderFor({ locale });
      const look = { locale, privacy: false, ack: true };
      // Three accounts of absurd length, as a hostile provider could send them.
      const accounts = ['9', '8', '7'].map((digit) => ({ accountNumber: digit.repeat(200), bank: `${digit}B`.repeat(100) }));
      const filler = 'NGUYEN VAN AN chuyen tien thanh toan don hang so 1042 ca sang quay 2 '.repeat(2);
      const waiting = Array.from({ length: 500 }, (_, i) =>
        payment({ amount: 9_999_999_999_999 - i, content: `DH${i} ${filler}`.slice(0, 60 + ((i * 37) % 61)).trim(), ...accounts[i % 3] }),
      );
      const sent = await sendBacklog(sender, waiting, look);
      expect(sent.length).toBeLessThanOrEqual(18);
      const footer = toPlainText([widestAcknowledgedLine(renderContext(locale))]);
      for (const [m, { batch, messages }] of sent.entries()) {
        expect(messages).toHaveLength(1);
        const text = messages[0] ?? '';
        // The acknowledgement line still fits: a name of 64 characters and its words.
        expect(`${text}\n\n${footer}`.length).toBeLessThanOrEqual(TELEGRAM_MAX_CHARS);
        // Absurd account numbers and bank names are cut in a digest's account line (no bank's come near 40).
        const shown = checkDigest(text, batch, (tx) => `${tx.accountNumber.slice(0, 39)}… · ${tx.bank.slice(0, 39)}… · Casso`);
        expect(shown.sort()).toEqual(batch.map((tx) => tx.amount).sort());
        // As full as whole payments make it: the next payment's line would not have fitted.
        const next = sent[m + 1]?.batch[0];
        if (next !== undefined) expect(text.length + footer.length + next.content.length + 30).toBeGreaterThan(TELEGRAM_MAX_CHARS);
      }
    },
  );

  it('puts as many whole payments into a digest as fit one message, and never cuts a content', async () => {
    const sender = senderFor();
    const look = { locale: 'vi' as const, privacy: false, ack: true };
    const txs = Array.from({ length: 7 }, (_, i) => payment({ amount: 100_000 + i, content: `DH${i} ${'thanh toan don hang '.repeat(50)}end` }));
    // 1 000 characters each: three fit Telegram's 4 096 with the acknowledgement's room, four do not.
    expect(sender.batchSize(txs, look)).toBe(3);
    const sent = await sendBacklog(sender, txs, look);
    expect(sent.map(({ batch }) => batch.length)).toEqual([3, 3, 1]);
    for (const { batch, messages } of sent) {
      expect(messages).toHaveLength(1);
      for (const tx of batch) expect(messages[0]).toContain(tx.content);
    }
  });

  it('sends a content longer than a message whole, over as many messages as it needs, the button under the last with room for ✅', async () => {
    const sender = senderFor();
    const look = { locale: 'vi' as const, privacy: false, ack: true };
    const huge = `DH4000 ${'thanh toan don hang @shop '.repeat(200)}`.slice(0, 4000) + 'END';
    const waiting = [payment({ amount: 10_000, content: 'DH1 truoc' }), payment({ amount: 20_000, content: huge }), payment({ amount: 30_000, content: 'DH3 sau' })];
    // The long one goes alone, between digests of what comes before and after it.
    expect(sender.batchSize(waiting, look)).toBe(1);
    expect(sender.batchSize(waiting.slice(1), look)).toBe(1);

    const result = await sender.send('-1001', [waiting[1]!], look);
    const parts = telegram.sentTo('-1001');
    expect(parts).toHaveLength(2);
    expect(result).toEqual(ok({ ref: parts.map((p) => p.messageId).join(','), button: String(parts[1]?.messageId) }));
    const seen = parts.map((part) => part.visible).join('');
    expect(seen).toContain(`Nội dung:\u00a0${huge}\n`);
    expect(parts[0]?.visible).toContain('+20.000 ₫');
    for (const fact of ['0071000888888', 'Vietcombank', 'Casso', '10:15\u00a003/11/2025']) expect(parts[1]?.visible).toContain(fact);
    expect(parts.map((part) => part.buttons.length)).toEqual([0, 1]);
    const footer = toPlainText([widestAcknowledgedLine(renderContext('vi'))]);
    expect(`${parts[1]?.visible}\n\n${footer}`.length).toBeLessThanOrEqual(TELEGRAM_MAX_CHARS);
    // Untrusted all along: no part shows a live mention.
    for (const part of parts) expect(part.entities.filter((e) => FOUND_TYPES.has(e.type))).toEqual([]);
  });

  it('puts a few waiting payments into one digest with their content in full', async () => {
    const sender = senderFor();
    const txs = [0, 1, 2, 3].map((i) => payment({ content: `DH${i} ${'chuyen tien thanh toan don hang '.repeat(6)}end` }));
    expect(sender.batchSize(txs)).toBe(4);
    await sender.send('-1001', txs);
    const [message] = telegram.sentTo('-1001');
    for (const tx of txs) expect(message?.visible).toContain(tx.content.trim());
  });
});

describe('Telegram sender: failures become ChatErrors the outbox acts on', () => {
  it('hands a long retry_after to the outbox, in milliseconds', async () => {
    telegram.failNextSend('-1001', 'rate_limit', { retryAfter: 30 });
    const result = await senderFor().send('-1001', [payment()]);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toBeInstanceOf(ChatRateLimitError);
    expect(!result.ok && result.error instanceof ChatRateLimitError && result.error.retryAfterMs).toBe(30_000);
    expect(telegram.sentTo('-1001')).toEqual([]);
  });

  it('holds every chat while a long retry_after lasts: the next send is handed back without reaching Telegram', async () => {
    const sender = senderFor();
    telegram.failNextSend('-1001', 'rate_limit', { retryAfter: 30 });
    await sender.send('-1001', [payment()]);
    const calls = sendMessageCalls();
    const result = await sender.send('-1002', [payment()]);
    expect(!result.ok && result.error instanceof ChatRateLimitError && result.error.retryAfterMs).toBeGreaterThan(25_000);
    expect(sendMessageCalls()).toBe(calls);
    expect(telegram.early).toEqual([]);
  });

  it('waits out a short retry_after itself (auto-retry), then delivers once', async () => {
    telegram.failNextSend('-1001', 'rate_limit', { retryAfter: 1 });
    const started = Date.now();
    const result = await senderFor().send('-1001', [payment()]);
    expect(result.ok).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(telegram.sentTo('-1001')).toHaveLength(1);
    expect(sendMessageCalls()).toBe(2);
    const retries = logLines.filter((line) => line.includes('telegram.retry'));
    expect(retries).toHaveLength(1);
    expect(retries[0]).toMatch(/ WARN +telegram\.retry .*endpoint=sendMessage chat=-1001 status=429 retry_after_s=1 attempt=1/);
  });

  it('follows a group that became a supergroup', async () => {
    telegram.failNextSend('-4001', 'migrate', { migrateTo: -1004001 });
    const result = await senderFor().send('-4001', [payment()]);
    expect(!result.ok && result.error).toBeInstanceOf(ChatMovedError);
    expect(!result.ok && result.error instanceof ChatMovedError && result.error.to).toBe('-1004001');
  });

  it.each([
    ['kicked', 'add the bot back to the chat -1001'],
    ['blocked', 'send it /start'],
    ['chat_not_found', 'check TELEGRAM_CHAT_IDS'],
  ] as const)('holds alerts for a chat it cannot post in (%s) and says what to do', async (kind, fix) => {
    telegram.failNextSend('-1001', kind);
    const result = await senderFor().send('-1001', [payment()]);
    expect(!result.ok && result.error).toBeInstanceOf(ChatBlockedError);
    expect(!result.ok && result.error instanceof ChatBlockedError && result.error.hint).toContain(fix);
    expect(!result.ok && result.error.dest).toBe('telegram:-1001');
  });

  it('tells the operator to check the token when Telegram answers 401', async () => {
    const result = await senderFor({ token: '999:wrong' }).send('-1001', [payment()]);
    expect(!result.ok && result.error instanceof ChatBlockedError && result.error.hint).toContain('TELEGRAM_BOT_TOKEN');
    expect(telegram.errors.map((e) => e.errorCode)).toEqual([401]);
  });

  it.each(['server_error', 'bad_gateway', 'network'] as const)(
    'reports %s as transient without retrying inside grammY',
    async (kind) => {
      telegram.failNextSend('-1001', kind);
      const result = await senderFor().send('-1001', [payment()]);
      expect(!result.ok && result.error).toBeInstanceOf(ChatTransientError);
      expect(!result.ok && result.error.message).not.toContain(telegram.token);
      expect(sendMessageCalls()).toBe(1);
    },
  );

  it('rejects what Telegram refuses for good (other 4xx)', async () => {
    telegram.failNextSend('-1001', 'too_long');
    const result = await senderFor().send('-1001', [payment()]);
    expect(!result.ok && result.error).toBeInstanceOf(ChatRejectedError);
  });

  it('resends as plain text once when Telegram cannot parse the HTML, and logs an error', async () => {
    telegram.failNextSend('-1001', 'parse_error');
    const result = await senderFor().send('-1001', [payment({ content: 'A & B <c>' })]);

    expect(result.ok).toBe(true);
    const [message] = telegram.sentTo('-1001');
    expect(message?.parseMode).toBeUndefined();
    expect(message?.visible).toContain('+18.067.000 ₫');
    expect(message?.visible).toContain('A & B <c>');
    expect(message?.text).not.toContain('<b>');
    expect(logLines.some((l) => l.includes('ERROR') && l.includes('telegram.html_rejected'))).toBe(true);
  });
});

describe('the plain-text fallback keeps untrusted text inert', () => {
  const HOSTILE = '@chu_shop_vn https://e.vil t.me/x #tag $USD /export@bank_bot';

  /** Mentions, links, hashtags, cashtags, commands a member could tap, with their text. */
  const live = (message: { visible: string; entities: MessageEntity[] }): string[] =>
    message.entities.filter((e) => FOUND_TYPES.has(e.type)).map((e) => `${e.type} ${message.visible.slice(e.offset, e.offset + e.length)}`);

  it('sends the text with `code` entities around every untrusted span, so Telegram finds nothing to link in them', async () => {
    telegram.failNextSend('-1001', 'parse_error');
    const result = await senderFor().send('-1001', [payment({ content: HOSTILE, counterparty: { name: '@boss_vn #boss', accountNumber: null, bank: null } })]);

    expect(result.ok).toBe(true);
    const [message] = telegram.sentTo('-1001');
    expect(message?.parseMode).toBeUndefined();
    expect(message?.visible).toContain(`Nội dung:\u00a0${HOSTILE}\n`);
    expect(message?.visible).toContain('@boss_vn #boss');
    const codes = (message?.entities ?? []).filter((e) => e.type === 'code').map((e) => message?.visible.slice(e.offset, e.offset + e.length));
    expect(codes).toEqual(expect.arrayContaining([HOSTILE, '@boss_vn #boss', '0071000888888']));
    expect(live(message!)).toEqual([]);
  });

  it('is what the fake Telegram would otherwise have made live: the same text without entities', async () => {
    const raw = new Api(telegram.token, { apiRoot: telegram.url });
    const bare = await raw.sendMessage('-1002', `Nội dung: ${HOSTILE}`);
    expect(bare.entities?.map((e) => e.type)).toEqual(['mention', 'url', 'url', 'hashtag', 'cashtag', 'bot_command']);
    // Entities given with the text stand in for a parse mode: Telegram still finds links in the rest.
    const given = await raw.sendMessage('-1003', `Nội dung: ${HOSTILE} @other_shop`, { entities: [{ type: 'code', offset: 10, length: HOSTILE.length }] });
    expect(given.entities).toEqual([
      { type: 'code', offset: 10, length: HOSTILE.length },
      { type: 'mention', offset: 11 + HOSTILE.length, length: 11 },
    ]);
    // With a parse mode, Telegram ignores `entities`; one past the text's end is refused.
    const both = await raw.sendMessage('-1004', '<b>@chu_shop_vn</b>', { parse_mode: 'HTML', entities: [{ type: 'code', offset: 0, length: 12 }] });
    expect(both.entities?.map((e) => e.type)).toEqual(['bold', 'mention']);
    const outside = await raw.sendMessage('-1005', 'short', { entities: [{ type: 'code', offset: 2, length: 10 }] }).catch((e: unknown) => e);
    expect((outside as GrammyError).description).toBe('Bad Request: Entity beginning at UTF-16 offset 2 ends after the end of the text at UTF-16 offset 12');
  });
});

describe('a message that is not an alert (a service notice, a summary)', () => {
  it('is posted as escaped HTML, in as many parts as Telegram’s length limit needs', async () => {
    const sender = senderFor();
    const lines = Array.from({ length: 120 }, (_, i) => [{ text: `<b>line ${i}</b> & ${'x'.repeat(40)}` }]);
    const result = await sender.post('-1001', [[{ text: 'Báo cáo', style: 'bold' as const }], ...lines]);
    expect(result.ok).toBe(true);
    const sent = telegram.sentTo('-1001');
    expect(sent.length).toBeGreaterThan(1);
    expect(sent.every((m) => m.visible.length <= TELEGRAM_MAX_CHARS)).toBe(true);
    const seen = sent.map((m) => m.visible).join('\n');
    expect(seen).toContain('<b>line 0</b> & x');
    expect(seen).toContain('<b>line 119</b>');
    expect(sent[0]?.text.startsWith('<b>Báo cáo</b>')).toBe(true);
  });

  it('a kicked bot → blocked, with the hint', async () => {
    telegram.failNextSend('-1001', 'kicked');
    const result = await senderFor().post('-1001', [[{ text: 'hello' }]]);
    expect(!result.ok && result.error).toBeInstanceOf(ChatBlockedError);
  });
});
