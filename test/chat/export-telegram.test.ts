import { afterEach, describe, expect, it } from 'vitest';
import { answerCommand, COMMANDS } from '../../src/commands/index.js';
import type { CommandRequest } from '../../src/core/command.js';
import { createBalanceReader } from '../../src/commands/balance/balance-reader.js';
import { searchOver } from '../helpers/search-over.js';
import { createTelegramChat } from '../../src/chats/telegram/telegram-chat.js';
import { DEFAULT_RULES, type ChatRules } from '../../src/core/chat-rules.js';
import type { Transaction } from '../../src/core/model.js';
import { createLogger, silentLogger } from '../../src/log/logger.js';
import { messagesFor } from '../../src/render/messages.js';
import { startFakeTelegram, type FakeTelegram, type SentDocument } from '../../fakes/telegram/server.js';
import { memoryRuleBook } from '../helpers/memory-rules.js';
import { parseExport, unguarded } from '../helpers/parse-csv.js';
import { makeTransaction } from '../../fakes/transactions.js';
import { until } from '../helpers/until.js';
import { renderContext } from '../helpers/render-context.js';
import { unpaced } from '../helpers/unpaced.js';

const GROUP = -1001234567890;
const SHOP = '0071000888888';
const BRANCH = '1902345678';

/**
 * 3 November 2025 in Vietnam (UTC+7) runs from 2 Nov 17:00 to 3 Nov 17:00 UTC, so UTC midnight
 * falls inside it. Contents a spreadsheet or a naive writer would trip on.
 */
const HISTORY: Transaction[] = [
  makeTransaction({ providerId: '1', accountNumber: SHOP, amount: 70_000, content: 'hôm trước', occurredAt: '2025-11-02T05:00:00.000Z' }),
  makeTransaction({
    providerId: '2',
    accountNumber: SHOP,
    amount: 200_000,
    content: 'Trần Thị Bích Ngọc chuyển tiền đơn DH1043, "gấp"',
    occurredAt: '2025-11-02T17:00:00.000Z',
    counterparty: { name: 'TRAN THI BICH NGOC', accountNumber: '1900112233', bank: 'Vietcombank' },
  }),
  makeTransaction({ provider: 'casso', providerId: '3', accountNumber: SHOP, amount: 300_000, content: 'dòng 1\r\ndòng 2\nđơn DH1044', occurredAt: '2025-11-03T10:00:00.000Z' }),
  makeTransaction({ providerId: '4', accountNumber: SHOP, amount: -50_000, content: '=HYPERLINK("http://evil.example","bấm")', reference: null, occurredAt: '2025-11-03T12:00:00.000Z' }),
  makeTransaction({ providerId: '5', accountNumber: BRANCH, bank: 'Techcombank', amount: 400_000, content: '+84 912 345 678 tra no', occurredAt: '2025-11-03T16:59:00.000Z' }),
  makeTransaction({ providerId: '6', accountNumber: SHOP, amount: 999_000, content: 'hôm sau', occurredAt: '2025-11-03T17:00:00.000Z' }),
];

const running: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const r of running.splice(0).reverse()) await r.close();
});

async function setup(options: { rules?: Partial<ChatRules>; now?: string; history?: Transaction[] } = {}) {
  const telegram = await startFakeTelegram({ perChatBurst: 20 });
  running.push(telegram);
  const render = renderContext('vi');
  const rules = memoryRuleBook('telegram', [String(GROUP)]);
  if (options.rules) rules.saved.set(`telegram:${GROUP}`, { ...DEFAULT_RULES, ...options.rules });
  const logs: string[] = [];
  const search = searchOver(options.history ?? HISTORY);
  const balances = createBalanceReader({ sources: [], watch: null, logger: silentLogger });
  const now = () => Date.parse(options.now ?? '2025-11-20T03:00:00.000Z');
  const chat = createTelegramChat({
    inTurn: unpaced,
    token: telegram.token,
    apiRoot: telegram.url,
    logger: createLogger({ level: 'debug', write: (line) => logs.push(line) }),
    render,
    isAllowed: (chatId) => chatId === String(GROUP),
    commands: COMMANDS,
    answer: (request: CommandRequest) => answerCommand(request, { balances, search, render, rules, logger: silentLogger, now }),
    sendTimeoutSeconds: 3,
  });
  await chat.start();
  running.push({ close: () => chat.stop() });
  return { telegram, logs };
}

/** Types a command and waits for a document or a message in answer. */
async function ask(telegram: FakeTelegram, text: string, options: { threadId?: number } = {}) {
  const [documents, messages] = [telegram.documents.length, telegram.sentTo(GROUP).length];
  telegram.sendText(GROUP, text, options);
  await until(() => telegram.documents.length > documents || telegram.sentTo(GROUP).length > messages, 5000, `an answer to ${text}`);
  return { document: telegram.documents[documents], message: telegram.sentTo(GROUP)[messages] };
}

function rowsOf(document: SentDocument | undefined) {
  if (!document) throw new Error('no document was sent');
  return parseExport(document.bytes);
}

describe('/export on Telegram', () => {
  it('sends every match as a CSV document that parses back to the same transactions, oldest first', async () => {
    const { telegram } = await setup();
    const { document, message } = await ask(telegram, '/export from:02/11/2025 to:2025-11-03');

    expect(message).toBeUndefined();
    expect(document?.chatId).toBe(String(GROUP));
    expect(document?.fileName).toBe('bankbell-2025-11-02_2025-11-03.csv');
    expect(document?.replyTo).toBeTypeOf('number');
    expect(document?.caption).toBe('5 giao dịch, 02/11/2025 – 03/11/2025, cũ trước mới sau.');
    const { header, rows } = rowsOf(document);
    expect(header).toEqual(['time', 'provider', 'bank', 'account', 'direction', 'amount', 'content', 'reference', 'counterparty', 'id']);
    expect(rows).toEqual([
      {
        time: '2025-11-02T12:00:00+07:00',
        provider: 'sepay',
        bank: 'MBBank',
        account: SHOP,
        direction: 'in',
        amount: '70000',
        content: 'hôm trước',
        reference: 'FT25100412345678',
        counterparty: '',
        id: '1',
      },
      expect.objectContaining({
        time: '2025-11-03T00:00:00+07:00',
        content: 'Trần Thị Bích Ngọc chuyển tiền đơn DH1043, "gấp"',
        counterparty: 'TRAN THI BICH NGOC · 1900112233 · Vietcombank',
        id: '2',
      }),
      expect.objectContaining({ time: '2025-11-03T17:00:00+07:00', provider: 'casso', content: 'dòng 1\r\ndòng 2\nđơn DH1044', id: '3' }),
      expect.objectContaining({ direction: 'out', amount: '-50000', reference: '', id: '4' }),
      expect.objectContaining({ bank: 'Techcombank', account: BRANCH, time: '2025-11-03T23:59:00+07:00', id: '5' }),
    ]);
    // A formula in someone's transfer content is shown, never run; removing the guard gives it back.
    expect(rows[3]?.content).toBe(`'${HISTORY[3]?.content ?? ''}`);
    expect(rows.map((row) => unguarded(row.content ?? ''))).toEqual(HISTORY.slice(0, 5).map((tx) => tx.content));
  });

  it('has the same rows as /find and /report count for the same day', async () => {
    const { telegram } = await setup();
    const { document } = await ask(telegram, '/export 03/11/2025');
    const { rows } = rowsOf(document);
    expect(document?.fileName).toBe('bankbell-2025-11-03.csv');

    const { message: found } = await ask(telegram, '/find 03/11/2025');
    expect(found?.visible).toContain(`Tìm thấy ${rows.length} giao dịch`);
    const { message: report } = await ask(telegram, '/report 03/11/2025');
    const incoming = rows.filter((row) => row.direction === 'in');
    const total = incoming.reduce((sum, row) => sum + Number(row.amount), 0);
    expect(report?.visible).toContain(`Tổng tiền vào: +${total.toLocaleString('de-DE')} ₫ (${incoming.length} khoản)`);
    expect(rows.some((row) => row.content === 'hôm sau')).toBe(false);
  });

  it('without a query exports today, into the topic it was asked in', async () => {
    const { telegram } = await setup({ now: '2025-11-03T16:59:30.000Z' });
    const { document } = await ask(telegram, '/export', { threadId: 42 });
    expect(document?.threadId).toBe(42);
    expect(rowsOf(document).rows.map((row) => row.id)).toEqual(['2', '3', '4', '5']);
  });

  it("keeps to the accounts the chat follows, and to its privacy", async () => {
    const { telegram } = await setup({ rules: { accounts: ['8888'], privacy: true, lang: 'en' } });
    const { document } = await ask(telegram, '/export from:2025-11-01 to:2025-11-30');
    const { rows } = rowsOf(document);
    expect(rows.map((row) => row.id)).toEqual(['1', '2', '3', '4', '6']);
    expect(new Set(rows.map((row) => row.account))).toEqual(new Set(['…8888']));
    expect(rows[1]?.counterparty).toBe('TRAN THI BICH NGOC · Vietcombank');
    expect(document?.bytes.toString('utf8')).not.toContain(SHOP);
    expect(document?.bytes.toString('utf8')).not.toContain('1900112233');
    expect(document?.caption).toBe('5 transactions, 2\u00a0Nov\u00a02025 – 4\u00a0Nov\u00a02025, oldest first.');
  });

  it('answers no match with a short text and no file, and a bad query with the usage', async () => {
    const { telegram } = await setup();
    const none = await ask(telegram, '/export khong co dau');
    expect(none.document).toBeUndefined();
    expect(none.message?.visible).toBe('Không có giao dịch nào khớp, nên không có tệp.');
    const bad = await ask(telegram, '/export 31/02/2025');
    expect(bad.message?.visible).toContain('Cách dùng: /export');
    expect(telegram.documents).toHaveLength(0);
  });

  it('apologises when Telegram refuses the file (413), and logs it once with the status', async () => {
    const { telegram, logs } = await setup();
    telegram.failNextSend(GROUP, 'too_large');
    const { document, message } = await ask(telegram, '/export 03/11/2025');
    expect(document).toBeUndefined();
    expect(message?.text).toBe(messagesFor('vi').commandFailed);
    expect(logs.filter((line) => line.includes('command.failed'))).toEqual([expect.stringContaining('413')]);
    // The next export goes through.
    expect((await ask(telegram, '/export 03/11/2025')).document).toBeDefined();
  });
});
