import { afterEach, describe, expect, it } from 'vitest';
import { createSlackChat, type SlackChat, type SlackChatOptions } from '../../src/chats/slack/slack-chat.js';
import { createLogger } from '../../src/log/logger.js';
import { text } from '../../src/render/doc.js';
import { slashCommand, startFakeSlack, type FakeSlack } from '../../fakes/slack/server.js';
import { makeTransaction } from '../../fakes/transactions.js';
import { until } from '../helpers/until.js';
import { textAnswer } from '../../src/commands/command.js';
import { renderContext } from '../helpers/render-context.js';
import { COMMANDS } from '../../src/commands/index.js';
import { unpaced } from '../helpers/unpaced.js';

const TOKEN = 'xoxb-lifecycle-good';
const SECRET = 'lifecycle-secret';

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

async function setup(overrides: Partial<SlackChatOptions> = {}, fakeOptions: { appToken?: string } = {}) {
  const slack: FakeSlack = await startFakeSlack({ botToken: TOKEN, ...fakeOptions });
  cleanup.push(() => slack.close());
  const lines: string[] = [];
  const chat: SlackChat = createSlackChat({
    inTurn: unpaced,
    botToken: TOKEN,
    signingSecret: SECRET,
    appToken: null,
    port: 0,
    apiUrl: slack.apiUrl,
    logger: createLogger({ level: 'info', write: (line) => lines.push(line), secrets: [TOKEN, SECRET] }),
    render: renderContext('en'),
    isAllowed: () => true,
    commands: COMMANDS,
    answer: async () => textAnswer([[text('pong')]]),
    startRetry: { attempts: Infinity, baseDelayMs: 10, maxDelayMs: 20 },
    ...overrides,
  });
  cleanup.push(() => chat.stop());
  const logged = (event: string) => lines.filter((line) => /^\S+ +\S+ +(\S+)/.exec(line)?.[1] === event);
  return { slack, chat, lines, logged };
}

describe('Slack chat start and stop', () => {
  it('a token Slack refuses: one clear line with the fix, no crash, alerts wait, stop resolves', async () => {
    const { slack, chat, lines, logged } = await setup({ botToken: 'xoxb-revoked-token' });
    await expect(chat.start()).resolves.toEqual({ port: null });

    expect(logged('slack.auth_failed')).toHaveLength(1);
    expect(logged('slack.auth_failed')[0]).toMatch(/error=invalid_auth .*fix=".*SLACK_BOT_TOKEN.*xoxb-/);
    expect(logged('slack.listening')).toHaveLength(0);
    expect(lines.join('\n')).not.toContain('xoxb-revoked-token');

    // The outbox keeps the alert: the sender reports "blocked", it does not throw.
    slack.invite('C1');
    const result = await chat.sender.send('C1', [makeTransaction()]);
    expect(result).toMatchObject({ ok: false, error: { kind: 'blocked' } });
    await expect(chat.stop()).resolves.toBeUndefined();
  });

  it('Slack unreachable at start: keeps trying in the background, then serves commands', async () => {
    const { slack, chat, logged } = await setup();
    slack.server.injectFaults({ pathPrefix: '/api/auth.test', status: 503, body: 'upstream down' });
    await expect(chat.start()).resolves.toEqual({ port: null });
    expect(logged('slack.start_retry')[0]).toContain('error="HTTP 503"');

    await until(() => logged('slack.listening').length === 1);
    const port = /port=(\d+)/.exec(logged('slack.listening')[0] ?? '')?.[1];
    expect(port).toBeDefined();
    const ack = await slashCommand(`http://127.0.0.1:${port}`, SECRET, {
      command: '/help',
      text: '',
      channel_id: 'C1',
      response_url: slack.responseUrl('after-retry'),
    });
    expect(ack.status).toBe(200);
    await until(() => slack.responses.length === 1);
    expect(slack.responses[0]?.text).toBe('pong');
  });

  it("passes Bolt's own warnings to our logger (a bad signature), without secrets", async () => {
    const { chat, lines, logged } = await setup();
    const { port } = await chat.start();
    const ack = await slashCommand(`http://127.0.0.1:${port}`, SECRET, { command: '/help', text: '', channel_id: 'C1', response_url: 'http://127.0.0.1:9/x' }, { badSignature: true });
    expect(ack.status).toBe(401);
    await until(() => logged('slack.bolt').length > 0);
    expect(logged('slack.bolt')[0]).toMatch(/WARN .*verify/);
    expect(lines.join('\n')).not.toContain(SECRET);
  });

  it('Socket Mode with an app token Slack refuses: logs the fix, stays up, stop resolves', async () => {
    const { chat, logged } = await setup({ appToken: 'xapp-wrong', signingSecret: null }, { appToken: 'xapp-right' });
    await expect(chat.start()).resolves.toEqual({ port: null });
    await until(() => logged('slack.socket_failed').length === 1);
    expect(logged('slack.socket_failed')[0]).toMatch(/invalid_auth.*SLACK_APP_TOKEN/);
    await expect(chat.stop()).resolves.toBeUndefined();
  });

  it('stop resolves when never started, and when called twice', async () => {
    const { chat } = await setup();
    await expect(chat.stop()).resolves.toBeUndefined();
    await expect(chat.stop()).resolves.toBeUndefined();
  });

  it('stop closes the receiver', async () => {
    const { chat } = await setup();
    const { port } = await chat.start();
    await chat.stop();
    await expect(
      slashCommand(`http://127.0.0.1:${port}`, SECRET, { command: '/help', text: '', channel_id: 'C1', response_url: 'http://127.0.0.1:9/x' }),
    ).rejects.toThrow();
  });
});
