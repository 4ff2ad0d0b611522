import { afterEach, describe, expect, it } from 'vitest';
import { answerCommand, COMMANDS } from '../../src/commands/index.js';
import type { CommandRequest } from '../../src/core/command.js';
import { createBalanceReader } from '../../src/commands/balance/balance-reader.js';
import { searchOver } from '../helpers/search-over.js';
import { createTelegramChat, type TelegramChat } from '../../src/chats/telegram/telegram-chat.js';
import { DEFAULT_RULES, type ChatRules } from '../../src/core/chat-rules.js';
import { ok } from '../../src/core/result.js';
import { createLogger, silentLogger } from '../../src/log/logger.js';
import type { Account, Transaction } from '../../src/core/model.js';
import { refusalDoc } from '../../src/commands/answer-command.js';
import type { Locale } from '../../src/core/locale.js';
import { messagesFor, type RenderContext } from '../../src/render/messages.js';
import { toPlainText } from '../../src/render/plain-text.js';
import { TELEGRAM_MAX_CHARS } from '../../src/chats/telegram/telegram-html.js';
import { startFakeTelegram, type FakeTelegram, type FakeTelegramOptions } from '../../fakes/telegram/server.js';
import { makeTransaction } from '../../fakes/transactions.js';
import { memoryRuleBook } from '../helpers/memory-rules.js';
import { textAnswer } from '../../src/commands/command.js';
import { renderContext } from '../helpers/render-context.js';
import { unpaced } from '../helpers/unpaced.js';

const GROUP = -1001234567890;
const STRANGER = -1009999;

const account: Account = {
  provider: 'sepay',
  providerId: '20',
  bank: 'MBBank',
  accountNumber: '0071000888888',
  holder: 'CONG TY TNHH BANKBELL',
  bin: '970422',
  balance: 12_345_678,
  readAt: new Date().toISOString(),
};

const running: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const r of running.splice(0).reverse()) await r.close();
});

interface Setup {
  telegram: FakeTelegram;
  chat: TelegramChat;
  logs: string[];
}

async function setup(
  options: {
    history?: Transaction[];
    locale?: Locale;
    token?: string;
    fake?: FakeTelegramOptions;
    brokenBalances?: boolean;
    /** The group's rules, as if set with the rule commands. */
    rules?: Partial<ChatRules>;
    now?: string;
  } = {},
): Promise<Setup> {
  const telegram = await startFakeTelegram(options.fake);
  running.push(telegram);
  const render: RenderContext = renderContext(options.locale ?? 'vi');
  const history = options.history ?? [];
  const listAccounts = options.brokenBalances
    ? () => Promise.reject(new Error('balance reader bug'))
    : async () => ok([account]);
  const balances = createBalanceReader({ sources: [{ provider: 'sepay', listAccounts }], watch: null, logger: silentLogger });
  const logs: string[] = [];
  const rules = memoryRuleBook('telegram', [String(GROUP)]);
  if (options.rules) rules.saved.set(`telegram:${GROUP}`, { ...DEFAULT_RULES, ...options.rules });
  const now = options.now === undefined ? Date.now : () => Date.parse(options.now ?? '');
  const chat = createTelegramChat({
    inTurn: unpaced,
    token: options.token ?? telegram.token,
    // A trailing slash, as an operator may write TELEGRAM_API_ROOT; grammY itself would throw on it.
    apiRoot: `${telegram.url}/`,
    logger: createLogger({ level: 'debug', write: (line) => logs.push(line) }),
    render,
    isAllowed: (chatId) => chatId === String(GROUP),
    commands: COMMANDS,
    answer: (request: CommandRequest) =>
      answerCommand(request, { balances, search: searchOver(history), render, rules, logger: silentLogger, now }),
    sendTimeoutSeconds: 3,
  });
  await chat.start();
  running.push({ close: () => chat.stop() });
  return { telegram, chat, logs };
}

async function until(check: () => boolean, timeoutMs = 3000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Types a command in a chat and waits for the bot's answer (all its messages). */
async function ask(telegram: FakeTelegram, chatId: number, text: string, parts = 1) {
  const before = telegram.sentTo(chatId).length;
  telegram.sendText(chatId, text);
  await until(() => telegram.sentTo(chatId).length >= before + parts);
  return telegram.sentTo(chatId).slice(before);
}

describe('Telegram commands', () => {
  it('registers the command menu in the configured language before polling', async () => {
    const vi = await setup();
    const en = await setup({ locale: 'en' });

    expect(vi.telegram.commands.map((c) => c.language_code)).toEqual([undefined, 'vi', 'en']);
    expect(vi.telegram.commands[2]?.commands.find((c) => c.command === 'quiet')?.description).toMatch(/quiet hours/);
    expect(vi.telegram.commands[1]?.commands.find((c) => c.command === 'quiet')?.description).toMatch(/giờ yên lặng/);
    expect(vi.telegram.commands[0]?.commands.map((c) => c.command)).toEqual([
      'balance',
      'find',
      'report',
      'export',
      'test',
      'qr',
      'check',
      'counter',
      'settings',
      'accounts',
      'min',
      'alerts',
      'quiet',
      'privacy',
      'ack',
      'summary',
      'ops',
      'lang',
      'help',
      'start',
    ]);
    expect(vi.telegram.commands[0]?.commands[0]?.description).toBe(COMMANDS[0]?.help.vi.description);
    expect(en.telegram.commands[0]?.commands[0]?.description).toBe('balances of the watched accounts');
    expect(vi.logs.some((l) => l.includes('telegram.polling') && l.includes('bankbell_test_bot'))).toBe(true);
  });

  it('answers /balance in an allowed group, as HTML quoting the question', async () => {
    const { telegram } = await setup();
    const [answer] = await ask(telegram, GROUP, '/balance');

    expect(answer?.visible).toContain('12.345.678 ₫');
    expect(answer?.visible).toContain('0071000888888');
    expect(answer?.parseMode).toBe('HTML');
    expect(answer?.linkPreviewDisabled).toBe(true);
    expect(answer?.replyTo).toBeTypeOf('number');
  });

  it('answers /find by amount and /find@thisbot by unaccented words, but not /find@otherbot', async () => {
    const history = [
      makeTransaction({ amount: 500_000, content: 'Thanh toan DH2001', occurredAt: '2025-11-03T03:00:00.000Z' }),
      makeTransaction({ amount: 250_000, content: 'Chuyển tiền thuê nhà', occurredAt: '2025-11-02T03:00:00.000Z' }),
    ];
    const { telegram } = await setup({ history });

    const [byAmount] = await ask(telegram, GROUP, '/find 500k');
    expect(byAmount?.visible).toContain('+500.000 ₫');
    expect(byAmount?.visible).toContain('DH2001');
    expect(byAmount?.visible).not.toContain('250.000');

    telegram.sendText(GROUP, '/find@some_other_bot chuyen tien');
    const [byWords] = await ask(telegram, GROUP, `/find@${telegram.botUsername} chuyen tien`);
    expect(byWords?.visible).toContain('Chuyển tiền thuê nhà');
    expect(byWords?.visible).not.toContain('DH2001');
    expect(telegram.sentTo(GROUP)).toHaveLength(2);
  });

  it('echoes a hostile query back literally', async () => {
    const { telegram } = await setup();
    const [answer] = await ask(telegram, GROUP, '/find acc:<b>&amp;</b>');
    expect(answer?.visible).toContain('<b>&amp;</b>');
    expect(telegram.errors).toEqual([]);
  });

  it('refuses a /find longer than the cap and says the limit', async () => {
    const { telegram } = await setup({ history: [makeTransaction({ amount: 500_000, content: 'Thanh toan ZX9' })] });
    const [answer] = await ask(telegram, GROUP, `/find ${'ZX9 '.repeat(70)}`);
    expect(answer?.visible).toContain('tối đa 200 ký tự');
    expect(answer?.visible).not.toContain('Thanh toan ZX9');
  });

  it('splits a long /find answer into several messages under the limit', async () => {
    const history = Array.from({ length: 10 }, (_, i) =>
      makeTransaction({ amount: 500_000, content: `DH${3000 + i} ${'thanh toan '.repeat(90)}` }),
    );
    const { telegram } = await setup({ history, fake: { perChatBurst: 10 } });

    const answer = await ask(telegram, GROUP, '/find 500k', 3);
    await new Promise((r) => setTimeout(r, 100));
    const all = telegram.sentTo(GROUP);
    expect(all.length).toBeGreaterThan(2);
    expect(all.every((m) => m.visible.length <= TELEGRAM_MAX_CHARS)).toBe(true);
    for (let i = 0; i < 10; i++) expect(all.filter((m) => m.visible.includes(`DH${3000 + i}`))).toHaveLength(1);
    expect(answer[0]?.replyTo).toBeTypeOf('number');
    expect(all[1]?.replyTo).toBeUndefined();
  });

  it('apologises in the chat when a command cannot be answered, and logs why once', async () => {
    const { telegram, logs } = await setup({ brokenBalances: true, locale: 'en' });
    const [reply] = await ask(telegram, GROUP, '/balance');
    expect(reply?.text).toBe(messagesFor('en').commandFailed);
    expect(logs.filter((line) => line.includes('command.failed'))).toEqual([expect.stringContaining('balance reader bug')]);
    // Still answering afterwards.
    expect((await ask(telegram, GROUP, '/help'))[0]?.text).toContain('/find');
  });

  it('refuses a stranger without data, but /start tells any chat its id', async () => {
    const { telegram } = await setup();

    const [refusal] = await ask(telegram, STRANGER, '/balance');
    expect(refusal?.visible).toBe(toPlainText(refusalDoc('vi')));
    const [findRefusal] = await ask(telegram, STRANGER, '/find 500k');
    expect(findRefusal?.visible).toBe(toPlainText(refusalDoc('vi')));

    const [start] = await ask(telegram, STRANGER, '/start');
    expect(start?.visible).toContain(String(STRANGER));
    expect(start?.visible).not.toContain('0071000888888');
  });

  it('answers /help in a private chat with the command list', async () => {
    const { telegram } = await setup({ locale: 'en' });
    const [help] = await ask(telegram, 777, '/help');
    // A private chat is not in the allow list here: /help is still refused, like any data command.
    expect(help?.visible).toBe(toPlainText(refusalDoc('en')));

    const [groupHelp] = await ask(telegram, GROUP, '/help');
    for (const command of ['/balance', '/find', '/help', '/start']) expect(groupHelp?.visible).toContain(command);
  });

  it('confirms handled updates and stops polling on stop()', async () => {
    const { telegram, chat } = await setup();
    await ask(telegram, GROUP, '/help');

    await chat.stop();
    const polls = telegram.requests.filter((r) => r.path.endsWith('/getUpdates')).length;
    await new Promise((r) => setTimeout(r, 300));

    expect(telegram.pendingUpdates).toBe(0);
    expect(telegram.requests.filter((r) => r.path.endsWith('/getUpdates')).length).toBe(polls);
  });
});

/**
 * Around 3 November 2025 in Vietnam (UTC+7): that day runs from 2 Nov 17:00 to 3 Nov 17:00 UTC,
 * so UTC midnight falls inside it.
 */
const SHOP = '0071000888888';
const BRANCH = '1902345678';
const DAY_HISTORY = [
  makeTransaction({ accountNumber: SHOP, amount: 70_000, content: 'day before noon', occurredAt: '2025-11-02T05:00:00.000Z' }),
  makeTransaction({ accountNumber: SHOP, amount: 100_000, content: 'day before 23:59:59', occurredAt: '2025-11-02T16:59:59.000Z' }),
  makeTransaction({ accountNumber: SHOP, amount: 200_000, content: 'first second of the day', occurredAt: '2025-11-02T17:00:00.000Z' }),
  makeTransaction({ accountNumber: SHOP, amount: 300_000, content: 'after UTC midnight', occurredAt: '2025-11-03T10:00:00.000Z' }),
  makeTransaction({ accountNumber: SHOP, amount: -50_000, content: 'paid a supplier', occurredAt: '2025-11-03T12:00:00.000Z' }),
  makeTransaction({ accountNumber: BRANCH, bank: 'Techcombank', amount: 400_000, content: 'branch late', occurredAt: '2025-11-03T16:59:00.000Z' }),
  makeTransaction({ accountNumber: SHOP, amount: 999_000, content: 'next day', occurredAt: '2025-11-03T17:00:00.000Z' }),
];

describe('/report and /test on Telegram', () => {
  it('counts a Vietnam day across UTC midnight, per account, and agrees with /find for that day', async () => {
    const { telegram } = await setup({ history: DAY_HISTORY, now: '2025-11-20T03:00:00.000Z' });
    const [report] = await ask(telegram, GROUP, '/report 03/11/2025');
    const lines = report?.visible.split('\n') ?? [];

    expect(lines[0]).toBe('Báo cáo 03/11/2025');
    expect(lines).toContain(`MBBank ${SHOP}: vào 2 khoản +500.000 ₫ · ra 1 khoản -50.000 ₫`);
    expect(lines).toContain(`Techcombank ${BRANCH}: vào 1 khoản +400.000 ₫ · ra 0 khoản 0 ₫`);
    expect(lines).toContain('Tổng tiền vào: +900.000 ₫ (3 khoản)');
    // The whole day before, from its noon payment to its last second; never the 4th's midnight one.
    expect(lines).toContain('Kỳ trước (02/11/2025): +170.000 ₫ (2 khoản)');
    expect(report?.visible).not.toContain('999.000');

    const [found] = await ask(telegram, GROUP, '/find 2025-11-03');
    expect(found?.visible).toContain('Tìm thấy 4 giao dịch');
  });

  it("defaults to today up to now, and compares with yesterday up to the same time", async () => {
    // 23:59:30 on 3 November in Vietnam.
    const { telegram } = await setup({ history: DAY_HISTORY, now: '2025-11-03T16:59:30.000Z' });
    const [report] = await ask(telegram, GROUP, '/report');
    const lines = report?.visible.split('\n') ?? [];

    expect(lines[0]).toBe('Báo cáo 03/11/2025 (đến 23:59)');
    expect(lines).toContain('Tổng tiền vào: +900.000 ₫ (3 khoản)');
    // Yesterday's 23:59:59 payment came later in its day than now is in today.
    expect(lines).toContain('Kỳ trước (02/11/2025, đến cùng giờ): +70.000 ₫ (1 khoản)');
  });

  it("counts only the accounts the chat follows, in its language and privacy, as /find does", async () => {
    const { telegram } = await setup({
      history: DAY_HISTORY,
      now: '2025-11-20T03:00:00.000Z',
      rules: { accounts: ['8888'], privacy: true, lang: 'en' },
    });
    const [report] = await ask(telegram, GROUP, '/report from:2025-11-03 to:03/11/2025');
    const lines = report?.visible.split('\n') ?? [];

    expect(lines[0]).toBe('Report for 3\u00a0Nov\u00a02025');
    expect(lines).toContain('MBBank …8888: in 2 payments +500.000 ₫ · out 1 payment -50.000 ₫');
    expect(lines).toContain('Money in: +500.000 ₫ (2 payments)');
    expect(report?.visible).not.toContain(SHOP);
    expect(report?.visible).not.toContain(BRANCH);
    expect(report?.visible).not.toContain('400.000');

    const [found] = await ask(telegram, GROUP, '/find 03/11/2025');
    expect(found?.visible).toContain('3 results');
  });

  it('covers a range of days, and refuses words that are not dates', async () => {
    const { telegram } = await setup({ history: DAY_HISTORY, now: '2025-11-20T03:00:00.000Z' });
    const [range] = await ask(telegram, GROUP, '/report from:02/11/2025 to:03/11/2025');
    expect(range?.visible.split('\n')).toContain('Tổng tiền vào: +1.070.000 ₫ (5 khoản)');
    expect(range?.visible.split('\n')[0]).toBe('Báo cáo 02/11/2025 – 03/11/2025');

    const [refused] = await ask(telegram, GROUP, '/report tien hang');
    expect(refused?.visible).toContain('Báo cáo chỉ nhận ngày.');
    const [badDay] = await ask(telegram, GROUP, '/report 31/02/2025');
    expect(badDay?.visible).toContain('Ngày không hợp lệ: 31/02/2025');
  });

  it('/test posts a sample alert marked as a test, with the chat’s language and privacy', async () => {
    const vi = await setup();
    const [sample] = await ask(vi.telegram, GROUP, '/test');
    expect(sample?.visible.split('\n')[0]).toBe('🧪 THỬ — tin mẫu, không phải giao dịch thật');
    expect(sample?.visible).toContain('Tiền vào');
    expect(sample?.visible).toContain('+500.000 ₫');
    expect(sample?.visible).toContain('0123456789');
    expect(sample?.parseMode).toBe('HTML');

    const en = await setup({ rules: { privacy: true, lang: 'en' } });
    const [masked] = await ask(en.telegram, GROUP, '/test');
    expect(masked?.visible.split('\n')[0]).toBe('🧪 TEST — a sample, not a real payment');
    expect(masked?.visible).toContain('Money in');
    expect(masked?.visible).toContain('…6789');
    expect(masked?.visible).not.toMatch(/0123456789|9876543210/);
  });
});

describe('Telegram start-up problems', () => {
  it('logs a rejected token with the fix, keeps running, and stops cleanly', async () => {
    const { telegram, chat, logs } = await setup({ token: '999:not-the-token' });

    const line = logs.find((l) => l.includes('telegram.unauthorized'));
    expect(line).toContain('ERROR');
    expect(line).toContain('TELEGRAM_BOT_TOKEN');
    expect(line).not.toContain('not-the-token');
    await chat.stop();
    expect(telegram.requests.filter((r) => r.path.endsWith('/getUpdates'))).toEqual([]);
  });

  it('keeps trying an unreachable Telegram until stop(), which ends the attempt at once', async () => {
    const gone = await startFakeTelegram();
    await gone.close();
    const logs: string[] = [];
    const chat = createTelegramChat({
      inTurn: unpaced,
      token: gone.token,
      apiRoot: gone.url,
      logger: createLogger({ level: 'debug', write: (line) => logs.push(line) }),
      render: renderContext('vi'),
      isAllowed: () => true,
      commands: COMMANDS,
      answer: async () => textAnswer([]),
    });

    const starting = chat.start();
    await new Promise((r) => setTimeout(r, 300));
    const stopped = Date.now();
    await chat.stop();
    await starting;

    expect(Date.now() - stopped).toBeLessThan(1_000);
    expect(logs.filter((l) => l.includes('ERROR'))).toEqual([]);
  });

  it('logs a second poller (409) with the fix, and stops cleanly', async () => {
    const { telegram, chat, logs } = await setup();
    telegram.startOtherPoller();

    await until(() => logs.some((l) => l.includes('telegram.conflict')));
    expect(logs.find((l) => l.includes('telegram.conflict'))).toContain('stop the other instance');
    await chat.stop();
  });
});
