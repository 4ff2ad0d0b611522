import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSlackChat, type SlackChat } from '../../src/chats/slack/slack-chat.js';
import { commandName, MAX_RESPONSES, slackCommands } from '../../src/chats/slack/slack-commands.js';
import { answerCommand, COMMANDS } from '../../src/commands/index.js';
import type { CommandRequest } from '../../src/core/command.js';
import { createBalanceReader } from '../../src/commands/balance/balance-reader.js';
import { searchOver } from '../helpers/search-over.js';
import { ok } from '../../src/core/result.js';
import { createLogger, silentLogger } from '../../src/log/logger.js';
import type { Account, Transaction } from '../../src/core/model.js';
import type { CommandAnswer } from '../../src/core/command.js';
import { refusalDoc } from '../../src/commands/answer-command.js';
import { WORDING as FIND_WORDING } from '../../src/commands/find/wording.js';
import { WORDING as REPORT_WORDING } from '../../src/commands/report/wording.js';
import type { RenderContext } from '../../src/render/messages.js';
import { toPlainText } from '../../src/render/plain-text.js';
import { SLACK_MAX_CHARS } from '../../src/chats/slack/slack-mrkdwn.js';
import { slashCommand, startFakeSlack, type FakeSlack } from '../../fakes/slack/server.js';
import { makeTransaction } from '../../fakes/transactions.js';
import { memoryRuleBook } from '../helpers/memory-rules.js';
import { until } from '../helpers/until.js';
import { renderContext } from '../helpers/render-context.js';
import { unpaced } from '../helpers/unpaced.js';

const TOKEN = 'xoxb-commands-test';
const SECRET = 'test-signing-secret';
const ALLOWED = 'C0ALLOWED';
const STRANGER = 'C0STRANGER';
/** The one user in SLACK_ADMIN_USER_IDS. */
const OWNER = 'U0OWNER';
const RENDER: RenderContext = renderContext('vi');

const ACCOUNT: Account = {
  provider: 'sepay',
  providerId: '20',
  bank: 'MBBank',
  accountNumber: '0071000888888',
  bin: '970422',
  holder: 'CONG TY ABC',
  balance: 12_345_678,
  readAt: '2025-04-10T03:40:00.000Z',
};

let slack: FakeSlack;
let chat: SlackChat;
let receiverUrl: string;
let history: Transaction[];
let balanceReads: number;
let answerDelayMs: number;
let logLines: string[];
let answer: (request: CommandRequest) => Promise<CommandAnswer>;
let nowMs: number;

/** The real command logic over a stub provider and an in-memory history. */
function realAnswer(): (request: CommandRequest) => Promise<CommandAnswer> {
  const balances = createBalanceReader({
    sources: [
      {
        provider: 'sepay',
        async listAccounts() {
          balanceReads++;
          await new Promise((resolve) => setTimeout(resolve, answerDelayMs));
          return ok([ACCOUNT]);
        },
      },
    ],
    watch: null,
    logger: silentLogger,
    cacheMs: 0,
  });
    const rules = memoryRuleBook('slack', [ALLOWED]);
  return (request) =>
    answerCommand(request, {
      balances,
      search: searchOver(() => history),
      render: RENDER,
      rules,
      logger: silentLogger,
      now: () => nowMs,
    });
}

beforeEach(async () => {
  slack = await startFakeSlack({ botToken: TOKEN });
  history = [];
  nowMs = Date.now();
  balanceReads = 0;
  answerDelayMs = 0;
  logLines = [];
  answer = realAnswer();
  chat = createSlackChat({
    inTurn: unpaced,
    botToken: TOKEN,
    signingSecret: SECRET,
    appToken: null,
    port: 0,
    apiUrl: slack.apiUrl,
    logger: createLogger({ level: 'info', write: (line) => logLines.push(line) }),
    render: RENDER,
    isAllowed: (channel) => channel === ALLOWED,
    adminUserIds: [OWNER],
    commands: COMMANDS,
    answer: (request) => answer(request),
  });
  const { port } = await chat.start();
  expect(port).toBeGreaterThan(0);
  receiverUrl = `http://127.0.0.1:${port}`;
});

afterEach(async () => {
  await chat.stop();
  await slack.close();
});

let nextResponse = 0;
function send(command: string, text: string, channel = ALLOWED, options: { badSignature?: boolean; user?: string } = {}) {
  const id = `r${nextResponse++}`;
  const user = options.user === undefined ? {} : { user_id: options.user, user_name: options.user.toLowerCase() };
  const sent = slashCommand(receiverUrl, SECRET, { command, text, channel_id: channel, response_url: slack.responseUrl(id), ...user }, options);
  return { id, sent, answers: () => slack.responses.filter((r) => r.id === id) };
}

describe('Slack slash commands through Bolt', () => {
  it('lets only SLACK_ADMIN_USER_IDS change a rule, echoes the change in the channel, and applies it to /balance', async () => {
    const cashier = send('/privacy', 'on');
    await until(() => cashier.answers().length === 1);
    expect(cashier.answers()[0]?.text).toContain('Chỉ quản trị viên');

    const owner = send('/privacy', 'on', ALLOWED, { user: OWNER });
    await until(() => owner.answers().length === 1);
    expect(owner.answers()[0]?.response_type).toBe('in_channel');
    expect(owner.answers()[0]?.text).toContain('u0owner đã đổi cài đặt');
    expect(owner.answers()[0]?.text).toContain('Riêng tư: *bật*');

    const balance = send('/balance', '');
    await until(() => balance.answers().length === 1);
    expect(balance.answers()[0]?.text).toContain('…8888');
    expect(balance.answers()[0]?.text).not.toMatch(/12\.345\.678|0071000888888/);

    const bad = send('/quiet', 'tonight', ALLOWED, { user: OWNER });
    await until(() => bad.answers().length === 1);
    expect(bad.answers()[0]?.text).toContain('/quiet HH:MM-HH:MM');
  });

  it('/balance from an allowed channel: acked at once, then the balances in the channel', async () => {
    answerDelayMs = 300;
    const { sent, answers } = send('/balance', '');
    const ack = await sent;
    expect(ack.status).toBe(200);
    expect(ack.body).toBe('');
    expect(ack.elapsedMs).toBeLessThan(1000);
    expect(answers()).toHaveLength(0);

    await until(() => answers().length === 1);
    const [reply] = answers();
    expect(reply?.response_type).toBe('in_channel');
    expect(reply?.text).toContain('12.345.678 ₫');
    expect(reply?.text).toContain('0071000888888');
    expect(reply?.text).toContain('MBBank');
    await until(() => logLines.some((l) => l.includes('slack.command ') && l.includes('command=balance')));
  });

  it('/find 500k from an allowed channel: the matching payment in the channel, not the others', async () => {
    history = [
      makeTransaction({ amount: 500_000, content: 'DH500 tien hang' }),
      makeTransaction({ amount: 200_000, content: 'DH200 tien hang' }),
    ];
    const { sent, answers } = send('/find', '500k');
    expect((await sent).status).toBe(200);

    await until(() => answers().length === 1);
    const [reply] = answers();
    expect(reply?.response_type).toBe('in_channel');
    expect(reply?.text).toContain('DH500 tien hang');
    expect(reply?.text).toContain('+500.000 ₫');
    expect(reply?.text).not.toContain('DH200');
  });

  it('a channel not in SLACK_CHANNEL_IDS gets a refusal only the asker sees, with no data', async () => {
    history = [makeTransaction({ amount: 500_000, content: 'DH500' })];
    const balance = send('/balance', '', STRANGER);
    const find = send('/find', '500k', STRANGER);
    expect((await balance.sent).status).toBe(200);
    expect((await find.sent).status).toBe(200);

    await until(() => balance.answers().length === 1 && find.answers().length === 1);
    for (const reply of [...balance.answers(), ...find.answers()]) {
      expect(reply.response_type).toBe('ephemeral');
      expect(reply.text).toBe(toPlainText(refusalDoc('vi')));
    }
    expect(balanceReads).toBe(0);
  });

  it('a request whose signature does not verify gets 401 and no answer', async () => {
    const { sent } = send('/balance', '', ALLOWED, { badSignature: true });
    const ack = await sent;
    expect(ack.status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(slack.responses).toHaveLength(0);
    expect(balanceReads).toBe(0);
  });

  it('/report counts the Vietnam day across UTC midnight as /find does, in the channel’s language and privacy', async () => {
    nowMs = Date.parse('2025-11-20T03:00:00.000Z');
    history = [
      makeTransaction({ accountNumber: '0071000888888', amount: 100_000, content: 'day before', occurredAt: '2025-11-02T16:59:59.000Z' }),
      makeTransaction({ accountNumber: '0071000888888', amount: 200_000, content: 'VN midnight', occurredAt: '2025-11-02T17:00:00.000Z' }),
      makeTransaction({ accountNumber: '0071000888888', amount: -30_000, content: 'fee', occurredAt: '2025-11-03T01:00:00.000Z' }),
      makeTransaction({ accountNumber: '0071000888888', amount: 300_000, content: 'afternoon', occurredAt: '2025-11-03T16:00:00.000Z' }),
      makeTransaction({ accountNumber: '0071000888888', amount: 999_000, content: 'next day', occurredAt: '2025-11-03T17:00:00.000Z' }),
    ];
    for (const [command, text] of [
      ['/privacy', 'on'],
      ['/lang', 'en'],
    ] as const) {
      const change = send(command, text, ALLOWED, { user: OWNER });
      await until(() => change.answers().length === 1);
    }

    const report = send('/report', '2025-11-03');
    await until(() => report.answers().length === 1);
    const [reply] = report.answers();
    expect(reply?.response_type).toBe('in_channel');
    const lines = reply?.text.split('\n') ?? [];
    expect(lines[0]).toBe('*Report for 3\u00a0Nov\u00a02025*');
    expect(lines).toContain('MBBank `…8888`: in 2 payments +500.000 ₫ · out 1 payment -30.000 ₫');
    expect(lines).toContain('*Money in: +500.000 ₫ (2 payments)*');
    expect(lines).toContain('Before (2\u00a0Nov\u00a02025): +100.000 ₫ (1 payment)');
    expect(reply?.text).not.toContain('0071000888888');

    const found = send('/find', '2025-11-03');
    await until(() => found.answers().length === 1);
    expect(found.answers()[0]?.text).toContain('3 results');
  });

  it('/test posts a sample alert marked TEST in the channel, and adds nothing to /find or /report', async () => {
    const sample = send('/test', '');
    await until(() => sample.answers().length === 1);
    const [reply] = sample.answers();
    expect(reply?.response_type).toBe('in_channel');
    expect(reply?.text.split('\n')[0]).toBe('*🧪 THỬ — tin mẫu, không phải giao dịch thật*');
    expect(reply?.text).toContain('+500.000 ₫');

    const found = send('/find', '500k');
    await until(() => found.answers().length === 1);
    expect(found.answers()[0]?.text).toBe(FIND_WORDING.vi.noResults);
    const report = send('/report', '');
    await until(() => report.answers().length === 1);
    expect(report.answers()[0]?.text).toContain(REPORT_WORDING.vi.none);
  });

  it('/help lists the commands, without Telegram’s /start', async () => {
    const { sent, answers } = send('/help', '');
    expect((await sent).status).toBe(200);
    await until(() => answers().length === 1);
    const [reply] = answers();
    expect(reply?.response_type).toBe('in_channel');
    expect(reply?.text).toContain('/balance');
    expect(reply?.text).toContain('/find');
    expect(reply?.text).not.toContain('/start');
  });

  it('echoes a hostile query only escaped', async () => {
    const { sent, answers } = send('/find', 'acc:<!channel>');
    expect((await sent).status).toBe(200);
    await until(() => answers().length >= 1);
    const text = answers()
      .map((r) => r.text)
      .join('\n');
    expect(text).toContain('&lt;!channel&gt;');
    expect(text).not.toMatch(/<!channel>/);
  });

  it('shows a payer’s links and mentions in a /find answer as text Slack does not link or parse', async () => {
    const content = 'DH9 <!channel> @here https://e.vil t.me/x #general';
    history = [makeTransaction({ amount: 500_000, content })];
    const { sent, answers } = send('/find', 'DH9');
    expect((await sent).status).toBe(200);
    await until(() => answers().length >= 1);
    const [reply] = answers();
    expect(reply?.text).toContain('DH9 &lt;!channel&gt; @here https://e.vil t.me/x #general');
    // A response_url message is linkified like an incoming webhook's; a verbatim section is not.
    expect(reply?.body.blocks).toEqual([{ type: 'section', text: { type: 'mrkdwn', text: reply?.text, verbatim: true } }]);
  });

  it('a long /find answer arrives in several in-channel messages, each within Slack’s size, every payment once', async () => {
    history = Array.from({ length: 8 }, (_, i) => makeTransaction({ amount: 500_000, content: `DH${i}-${'x'.repeat(600)}` }));
    const { sent, answers } = send('/find', '500k');
    expect((await sent).status).toBe(200);
    await until(() => logLines.some((l) => l.includes('slack.command ') && l.includes('command=find')));
    const replies = answers();
    expect(replies.length).toBeGreaterThan(1);
    expect(replies.length).toBeLessThanOrEqual(MAX_RESPONSES);
    const all = replies.map((r) => r.text).join('\n');
    for (let i = 0; i < 8; i++) expect(all.split(`DH${i}-`)).toHaveLength(2);
    for (const reply of replies) {
      expect(reply.response_type).toBe('in_channel');
      expect(reply.text.length).toBeLessThanOrEqual(SLACK_MAX_CHARS);
    }
  });

  it('an answer too long for five messages is cut, and the fifth says so', async () => {
    history = Array.from({ length: 12 }, () => makeTransaction({ amount: 500_000, content: '&'.repeat(1000) }));
    const { sent, answers } = send('/find', '500k');
    expect((await sent).status).toBe(200);
    await until(() => logLines.some((l) => l.includes('slack.command ') && l.includes('command=find')));
    const replies = answers();
    expect(replies).toHaveLength(MAX_RESPONSES);
    expect(replies[0]?.text).toContain('Tìm thấy 12 giao dịch');
    expect(replies.at(-1)?.text).toBe('Câu trả lời quá dài nên đã bị cắt bớt; hãy thu hẹp truy vấn.');
    for (const reply of replies) expect(reply.text.length).toBeLessThanOrEqual(SLACK_MAX_CHARS);
  });

  it('an answer that fails is logged and the asker gets a short apology', async () => {
    answer = async () => {
      throw new Error('history unavailable');
    };
    const { sent, answers } = send('/find', 'DH1');
    expect((await sent).status).toBe(200);
    await until(() => answers().length === 1);
    expect(answers()[0]).toMatchObject({ response_type: 'ephemeral', text: 'Không trả lời được lúc này, vui lòng thử lại sau.' });
    expect(logLines.some((l) => l.includes('slack.command_failed') && l.includes('history unavailable'))).toBe(true);
  });
});

describe('commandName', () => {
  it.each([
    ['/balance', 'balance'],
    ['/find', 'find'],
    ['/FIND', 'find'],
    ['/help', 'help'],
    // Telegram's /start does not exist here; renamed or extra commands get the help.
    ['/start', 'help'],
    ['/bankbell-find', 'help'],
  ] as const)('%s → %s', (command, name) => {
    expect(commandName(command, slackCommands(COMMANDS))).toBe(name);
  });
});
