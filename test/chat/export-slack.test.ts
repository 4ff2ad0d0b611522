import { afterEach, describe, expect, it } from 'vitest';
import { createSlackChat } from '../../src/chats/slack/slack-chat.js';
import { answerCommand, COMMANDS } from '../../src/commands/index.js';
import { createBalanceReader } from '../../src/commands/balance/balance-reader.js';
import { searchOver } from '../helpers/search-over.js';
import { createLogger, silentLogger } from '../../src/log/logger.js';
import { messagesFor } from '../../src/render/messages.js';
import { FAKE_SLACK_SCOPES, slashCommand, startFakeSlack, type FakeSlack } from '../../fakes/slack/server.js';
import { memoryRuleBook } from '../helpers/memory-rules.js';
import { parseExport } from '../helpers/parse-csv.js';
import { makeTransaction } from '../../fakes/transactions.js';
import { until } from '../helpers/until.js';
import { renderContext } from '../helpers/render-context.js';
import { unpaced } from '../helpers/unpaced.js';

const TOKEN = 'xoxb-export-test';
const SECRET = 'export-signing-secret';
/** Allowed, and the bot was invited. */
const CHANNEL = 'C0SHOP';
/** Allowed, but nobody invited the bot: a file cannot be shared there. */
const UNINVITED = 'C0NOBOT';

const HISTORY = [
  makeTransaction({ providerId: '1', amount: 2_450_000, content: 'Trần Thị Bích Ngọc chuyển tiền đơn DH1043', occurredAt: '2025-11-03T03:00:00.000Z' }),
  makeTransaction({ providerId: '2', amount: -120_000, content: 'Tiền điện, tháng 10', occurredAt: '2025-11-03T05:00:00.000Z' }),
  makeTransaction({ providerId: '3', amount: 500_000, content: 'hôm khác', occurredAt: '2025-11-05T05:00:00.000Z' }),
];

const running: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const r of running.splice(0).reverse()) await r.close();
});

async function setup(options: { scopes?: readonly string[] } = {}) {
  const slack = await startFakeSlack({ botToken: TOKEN, ...(options.scopes ? { scopes: options.scopes } : {}) });
  running.push(slack);
  slack.invite(CHANNEL);
  const render = renderContext('vi');
  const rules = memoryRuleBook('slack', [CHANNEL, UNINVITED]);
  const search = searchOver(HISTORY);
  const balances = createBalanceReader({ sources: [], watch: null, logger: silentLogger });
  const logs: string[] = [];
  const chat = createSlackChat({
    inTurn: unpaced,
    botToken: TOKEN,
    signingSecret: SECRET,
    appToken: null,
    port: 0,
    apiUrl: slack.apiUrl,
    logger: createLogger({ level: 'info', write: (line) => logs.push(line) }),
    render,
    isAllowed: (channel) => channel === CHANNEL || channel === UNINVITED,
    commands: COMMANDS,
    answer: (request) => answerCommand(request, { balances, search, render, rules, logger: silentLogger, now: () => Date.parse('2025-11-03T10:00:00Z') }),
  });
  const { port } = await chat.start();
  running.push({ close: () => chat.stop() });
  let next = 0;
  const send = async (text: string, channel = CHANNEL) => {
    const id = `export-${next++}`;
    const ack = await slashCommand(`http://127.0.0.1:${port ?? 0}`, SECRET, { command: '/export', text, channel_id: channel, response_url: slack.responseUrl(id) });
    expect(ack.status).toBe(200);
    return { answers: () => slack.responses.filter((r) => r.id === id) };
  };
  return { slack, send, logs };
}

function failures(logs: string[]): string[] {
  return logs.filter((line) => line.includes('slack.command_failed'));
}

describe('/export on Slack', () => {
  it('uploads the CSV in two steps and shares it in the channel with the count', async () => {
    const { slack, send } = await setup();
    await send('from:2025-11-01 to:2025-11-30');
    await until(() => slack.files.length === 1);

    const [file] = slack.files as [FakeSlack['files'][number]];
    expect(file).toMatchObject({ channel: CHANNEL, filename: 'bankbell-2025-11-03_2025-11-05.csv', threadTs: undefined });
    expect(file.comment).toBe('3 giao dịch, 03/11/2025 – 05/11/2025, cũ trước mới sau.');
    const { rows } = parseExport(file.bytes);
    expect(rows.map((row) => [row.time, row.amount, row.content])).toEqual([
      ['2025-11-03T10:00:00+07:00', '2450000', 'Trần Thị Bích Ngọc chuyển tiền đơn DH1043'],
      ['2025-11-03T12:00:00+07:00', '-120000', 'Tiền điện, tháng 10'],
      ['2025-11-05T12:00:00+07:00', '500000', 'hôm khác'],
    ]);
    // The length was declared up front and matched what was sent (the fake checks it).
    expect(slack.server.requests.filter((r) => r.path.startsWith('/upload/'))).toHaveLength(1);
  });

  it('answers no match in the channel, without a file', async () => {
    const { slack, send } = await setup();
    const { answers } = await send('khong co');
    await until(() => answers().length === 1);
    expect(answers()[0]).toMatchObject({ response_type: 'in_channel', text: 'Không có giao dịch nào khớp, nên không có tệp.' });
    expect(slack.files).toHaveLength(0);
  });

  it('apologises to the asker when the file cannot be shared (bot not in the channel), logging why once', async () => {
    const { slack, send, logs } = await setup();
    const { answers } = await send('', UNINVITED);
    await until(() => answers().length === 1);
    expect(answers()[0]).toMatchObject({ response_type: 'ephemeral', text: messagesFor('vi').commandFailed });
    expect(failures(logs)).toEqual([expect.stringContaining('not_in_channel')]);
    expect(slack.files).toHaveLength(0);
  });

  it('apologises when the app lacks files:write, and when the upload itself fails', async () => {
    const scopes = FAKE_SLACK_SCOPES.filter((scope) => scope !== 'files:write');
    const noScope = await setup({ scopes });
    const first = await noScope.send('');
    await until(() => first.answers().length === 1);
    expect(first.answers()[0]?.text).toBe(messagesFor('vi').commandFailed);
    expect(failures(noScope.logs)).toEqual([expect.stringContaining('missing_scope')]);

    const { slack, send, logs } = await setup();
    slack.server.injectFaults({ pathPrefix: '/upload/', status: 500, body: 'upload store down' });
    const second = await send('');
    await until(() => second.answers().length === 1);
    expect(second.answers()[0]?.text).toBe(messagesFor('vi').commandFailed);
    expect(failures(logs)).toEqual([expect.stringContaining('HTTP 500')]);
    expect(slack.files).toHaveLength(0);
  });
});
