import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeSepay, type FakeSepay } from '../../fakes/sepay/v1.js';
import { blockAction, slashCommand, startFakeSlack, type FakeSlack, type SlackPost } from '../../fakes/slack/server.js';
import { startHarness, type Harness } from '../helpers/bot-harness.js';
import { freePort } from '../../fakes/free-port.js';
import { POSTGRES_MISSING, startPostgres, type PostgresServer } from '../../fakes/postgres-server.js';
import { tempDir } from '../helpers/temp-dir.js';
import { until } from '../helpers/until.js';
import { closedAfterEach } from '../helpers/closers.js';

const CHANNEL = 'C0ALERTS1';
const OTHER = 'C0NOTALLOWED';
const SECRET = 'slack-signing-secret-for-tests';
const SHOP = '2222222222';
const closers = closedAfterEach();

async function fakes(): Promise<{ sepay: FakeSepay; slack: FakeSlack }> {
  const sepay = await startFakeSepay();
  const slack = await startFakeSlack();
  closers.push(sepay, slack);
  slack.invite(CHANNEL);
  slack.invite(OTHER);
  sepay.addBankAccount({ accountNumber: SHOP, accumulated: 7_250_000 });
  return { sepay, slack };
}

async function startBot(sepay: FakeSepay, slack: FakeSlack, env: Record<string, string> = {}): Promise<{ h: Harness; receiver: string }> {
  const port = await freePort();
  const h = await startHarness({
    dataDir: await tempDir(),
    sepay,
    env: {
      ...slack.botEnv({ channels: CHANNEL, signingSecret: SECRET, port }),
      ...env,
    },
  });
  await h.bot.pollNow();
  return { h, receiver: `http://127.0.0.1:${port}` };
}

const hasButton = (post: SlackPost | undefined) =>
  post?.blocks?.some((b) => b.type === 'actions' && b.elements.some((e) => e.action_id === 'bankbell_ack' && e.text.text === '✅ Đã nhận'));

async function find(slack: FakeSlack, receiver: string, query: string, id: string): Promise<string> {
  await slashCommand(receiver, SECRET, { command: '/find', text: query, channel_id: CHANNEL, response_url: slack.responseUrl(id) });
  await until(() => slack.responses.some((r) => r.id === id), 5000, 'the /find answer');
  return slack.responses.find((r) => r.id === id)?.text ?? '';
}

describe('the acknowledge button on Slack', () => {
  it('updates the pressed alert once with chat.update, records the press, and refuses forged or foreign presses', async () => {
    const { sepay, slack } = await fakes();
    const healthPort = await freePort();
    const { h, receiver } = await startBot(sepay, slack, { HEALTH_PORT: String(healthPort) });
    sepay.addTransaction({ accountNumber: SHOP, amountIn: 500_000, content: 'DH77 <!channel>' });
    await h.bot.pollNow();
    await until(() => slack.posts.length === 1, 5000, 'the alert');
    const alert = slack.posts[0]!;
    expect(hasButton(alert)).toBe(true);

    const forged = await blockAction(receiver, SECRET, { channel_id: CHANNEL, message_ts: alert.ts, action_id: 'bankbell_ack' }, { badSignature: true });
    expect(forged.status).toBe(401);
    const foreign = await blockAction(receiver, SECRET, { channel_id: OTHER, message_ts: alert.ts, action_id: 'bankbell_ack' });
    expect(foreign.status).toBe(200);
    await until(() => h.logs.some((line) => line.includes('ack.refused')), 5000, 'the refused press');

    const pressed = await blockAction(receiver, SECRET, { channel_id: CHANNEL, message_ts: alert.ts, action_id: 'bankbell_ack', user_name: '<@U1> *thu ngân*' });
    expect(pressed.status).toBe(200);
    await until(() => slack.updates.length === 1, 5000, 'the update');
    const update = slack.updates[0]!;
    expect(update).toMatchObject({ channel: CHANNEL, ts: alert.ts });
    expect(update.blocks?.some((b) => b.type === 'actions')).toBe(false);
    const context = JSON.stringify(update.blocks?.at(-1));
    // The name is the presser's own text: escaped, never a mention.
    expect(context).toContain('&lt;@U1&gt;');
    expect(context).toMatch(/đã nhận lúc \d\d:\d\d/);
    expect(JSON.stringify(update.blocks)).toContain('DH77');

    await blockAction(receiver, SECRET, { channel_id: CHANNEL, message_ts: alert.ts, action_id: 'bankbell_ack', user_name: 'late' });
    await until(() => h.logs.some((line) => line.includes('ack.repeated')), 5000, 'the repeated press');
    expect(slack.updates).toHaveLength(1);
    expect(await find(slack, receiver, 'DH77', 'find-1')).toContain('Đã nhận: &lt;@U1&gt;');

    const metrics = await (await fetch(`http://127.0.0.1:${healthPort}/metrics`)).text();
    expect(metrics).toContain(`bankbell_acknowledgements_total{destination="slack-1"} 1\n`);

    // `/ack off`: the next alert comes without the button.
    await slashCommand(receiver, SECRET, { command: '/ack', text: 'off', channel_id: CHANNEL, response_url: slack.responseUrl('ack-off') });
    await until(() => slack.responses.some((r) => r.id === 'ack-off'), 5000, 'the /ack answer');
    sepay.addTransaction({ accountNumber: SHOP, amountIn: 90_000, content: 'DH78' });
    await h.bot.pollNow();
    await until(() => slack.posts.length === 2, 5000, 'the second alert');
    expect(slack.posts[1]?.text).toContain('DH78');
    expect(slack.posts[1]?.blocks?.some((b) => b.type === 'actions')).toBe(false);
  });
});

describe('the acknowledge button on a digest that filled a Slack message', () => {
  it('keeps every line of it, and the presser\'s name, within what Slack takes in one message', async () => {
    const { sepay, slack } = await fakes();
    const { h, receiver } = await startBot(sepay, slack);
    // A backlog too long for one message: the first digest is packed as full as Slack takes.
    for (let n = 0; n < 100; n++) sepay.addTransaction({ accountNumber: SHOP, amountIn: 10_000 + n, content: `P${n}-ca-sang ${'&lt; thanh toan '.repeat(14)}` });
    await h.bot.pollNow();
    await until(() => slack.posts.length >= 1, 8000, 'the first digest');
    const digest = slack.posts[0]!;
    expect(hasButton(digest)).toBe(true);
    const sections = (digest.blocks ?? []).flatMap((b) => (b.type === 'section' ? [b.text.text] : []));
    const sent = sections.join('\n');
    expect(sent.length).toBeGreaterThan(11_000);
    const carried = sent.match(/P\d+-ca-sang/g) ?? [];
    expect(carried.length).toBeGreaterThanOrEqual(25);

    // As long as a name is shown (64 characters), and as long as Slack's escaping can make it.
    const name = `${'&'.repeat(28)} Thu ngân ca sáng quầy số một Nguyễn`;
    await blockAction(receiver, SECRET, { channel_id: CHANNEL, message_ts: digest.ts, action_id: 'bankbell_ack', user_name: name });
    await until(() => slack.updates.length === 1 || h.logs.some((l) => l.includes('ack.edit_failed')), 5000, 'the update');
    const update = slack.updates[0];
    expect(update?.blocks?.flatMap((b) => (b.type === 'section' ? [b.text.text] : [])).join('\n')).toBe(sent);
    expect(JSON.stringify(update?.blocks?.at(-1))).toContain(`${'&amp;'.repeat(28)} Thu ngân ca sáng quầy số một Nguyễn _đã nhận lúc`);
  });
});

describe('the acknowledge button on an alert whose content took several Slack messages', () => {
  it('sits under the last message, and a press updates that one, keeping all it said', async () => {
    const { sepay, slack } = await fakes();
    const { h, receiver } = await startBot(sepay, slack);
    // Slack writes `&` as five characters: 3 000 of them are more than one message takes.
    const content = `DH6000 ${'&&&&&&&&& '.repeat(300)}END`;
    sepay.addTransaction({ accountNumber: SHOP, amountIn: 600_000, content });
    await h.bot.pollNow();
    await until(() => h.bot.store.outboxSize === 0, 8000, 'the alert');
    expect(slack.posts.length).toBeGreaterThan(1);
    expect(slack.posts.map(hasButton)).toEqual([...slack.posts.slice(1).map(() => false), true]);
    const texts = (post: SlackPost | undefined) => (post?.blocks ?? []).flatMap((b) => (b.type === 'section' ? [b.text.text] : []));
    expect(slack.posts.flatMap(texts).join('').replace(/\n/g, '')).toContain(`DH6000 ${'&amp;'.repeat(9)} `);
    expect(slack.posts.flatMap(texts).join('').replace(/\n/g, '')).toContain(` END`);
    const last = slack.posts.at(-1)!;

    await blockAction(receiver, SECRET, { channel_id: CHANNEL, message_ts: last.ts, action_id: 'bankbell_ack', user_name: 'Lan' });
    await until(() => slack.updates.length === 1, 5000, 'the update');
    const update = slack.updates[0]!;
    expect(update.ts).toBe(last.ts);
    expect(update.blocks?.flatMap((b) => (b.type === 'section' ? [b.text.text] : []))).toEqual(texts(last));
    expect(JSON.stringify(update.blocks?.at(-1))).toContain('Lan _đã nhận lúc');
  });
});

let server: PostgresServer;
describe.skipIf(POSTGRES_MISSING !== null)(`the acknowledge button with several bots${POSTGRES_MISSING === null ? '' : ` (skipped: ${POSTGRES_MISSING})`}`, () => {
  beforeAll(async () => {
    server = await startPostgres();
  });
  afterAll(() => server?.stop());

  it('records a press that reaches a standby, and the leader sees it', async () => {
    const { sepay, slack } = await fakes();
    const databaseUrl = await server.createDatabase();
    const leader = await startBot(sepay, slack, { DATABASE_URL: databaseUrl });
    const standby = await startBot(sepay, slack, { DATABASE_URL: databaseUrl });
    sepay.addTransaction({ accountNumber: SHOP, amountIn: 250_000, content: 'DH88 qua standby' });
    await leader.h.bot.pollNow();
    await until(() => slack.posts.length === 1, 5000, 'the alert');
    const alert = slack.posts[0]!;
    expect(hasButton(alert)).toBe(true);

    await blockAction(standby.receiver, SECRET, { channel_id: CHANNEL, message_ts: alert.ts, action_id: 'bankbell_ack', user_name: 'Mai' });
    await until(() => slack.updates.length === 1, 5000, 'the update');
    expect(JSON.stringify(slack.updates[0]?.blocks)).toContain('Mai _đã nhận lúc');
    expect(await find(slack, leader.receiver, 'DH88', 'find-leader')).toContain('Đã nhận: Mai');
  });
});
