import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from '../../src/core/chat-rules.js';
import { PLUGINS } from '../../src/app/plugins.js';
import { parseConfig } from '../../src/config/parse-config.js';
import type { Config } from '../../src/config/schema.js';
import type { CheckRow } from '../../src/checks/check-row.js';
import { renderReport } from '../../src/doctor/render-report.js';
import { runDoctor, type DoctorReport } from '../../src/doctor/run-doctor.js';
import { startFakeCasso, type FakeCasso } from '../../fakes/casso/server.js';
import { startFakeSepay, type FakeSepay } from '../../fakes/sepay/v1.js';
import { startFakeSepayV2 } from '../../fakes/sepay/v2.js';
import { startFakeSlack, type FakeSlack, type FakeSlackOptions } from '../../fakes/slack/server.js';
import { startFakeTelegram, type FakeTelegram } from '../../fakes/telegram/server.js';
import { expectNoSecretIn, SECRETS } from '../config/secrets.js';
import { freePort } from '../../fakes/free-port.js';
import { openFileStore } from '../../src/store/files/file-store.js';
import { tempDir } from '../helpers/temp-dir.js';
import { makeTransaction } from '../../fakes/transactions.js';
import { closedAfterEach } from '../helpers/closers.js';

const CASSO_ACCOUNT = '0123456789';
const SEPAY_ACCOUNT = '0071000888888';
const GROUP = -1001234567890;
const CHANNEL = -1009876543210;
const SLACK_CHANNEL = 'C0ALERTS';

const closers = closedAfterEach();

interface World {
  casso: FakeCasso;
  sepay: FakeSepay;
  telegram: FakeTelegram;
  slack: FakeSlack;
  dataDir: string;
  /** The environment of a correct configuration against the fakes. */
  env: Record<string, string>;
}

async function world(options: { slack?: FakeSlackOptions } = {}): Promise<World> {
  const casso = await startFakeCasso({ apiKey: SECRETS.CASSO_API_KEY });
  const sepay = await startFakeSepay({ apiToken: SECRETS.SEPAY_API_TOKEN });
  const telegram = await startFakeTelegram({ token: SECRETS.TELEGRAM_BOT_TOKEN });
  const slack = await startFakeSlack({ botToken: SECRETS.SLACK_BOT_TOKEN, appToken: SECRETS.SLACK_APP_TOKEN, ...options.slack });
  closers.push(casso, sepay, telegram, slack);
  casso.addAccount({ accountNumber: CASSO_ACCOUNT, bankName: 'MBBank', balance: 5_000_000 });
  sepay.addBankAccount({ accountNumber: SEPAY_ACCOUNT, bankShortName: 'Vietcombank' });
  telegram.addChat(GROUP, { title: 'Cửa hàng Lan' });
  telegram.addChat(CHANNEL, { type: 'channel', title: 'Thu tiền' });
  slack.invite(SLACK_CHANNEL);
  const dataDir = path.join(await tempDir(), 'data');
  const env = {
    CASSO_API_KEY: SECRETS.CASSO_API_KEY,
    CASSO_API_BASE: casso.url,
    SEPAY_API_TOKEN: SECRETS.SEPAY_API_TOKEN,
    SEPAY_API_BASE: sepay.url,
    WATCH_ACCOUNTS: `${CASSO_ACCOUNT},${SEPAY_ACCOUNT}`,
    TELEGRAM_BOT_TOKEN: SECRETS.TELEGRAM_BOT_TOKEN,
    TELEGRAM_API_ROOT: telegram.url,
    TELEGRAM_CHAT_IDS: `${GROUP},${CHANNEL}`,
    SLACK_BOT_TOKEN: SECRETS.SLACK_BOT_TOKEN,
    SLACK_APP_TOKEN: SECRETS.SLACK_APP_TOKEN,
    SLACK_API_URL: slack.apiUrl,
    SLACK_CHANNEL_IDS: SLACK_CHANNEL,
    DATA_DIR: dataDir,
  };
  return { casso, sepay, telegram, slack, dataDir, env };
}

function configOf(env: Record<string, string>): Config {
  const parsed = parseConfig(env, PLUGINS);
  if (!parsed.ok) throw parsed.error;
  return parsed.value;
}

/** Tiny retry delays and deadlines: a failing check must not make the suite slow. */
function doctor(env: Record<string, string>, timeoutMs = 5_000): Promise<DoctorReport> {
  return runDoctor(configOf(env), { timeoutMs, providerRetry: { attempts: 2, baseDelayMs: 5, maxDelayMs: 10 } });
}

function row(report: DoctorReport, check: string): CheckRow {
  const found = report.rows.find((r) => r.check === check);
  if (!found) throw new Error(`no row ${check} in:\n${renderReport(report.rows)}`);
  return found;
}

function failures(report: DoctorReport): string[] {
  return report.rows.filter((r) => r.status === 'FAIL').map((r) => r.check);
}

describe('doctor against working services', () => {
  it('reports every check OK, names the accounts each key sees, and prints no secret', async () => {
    const { env, dataDir } = await world();
    const report = await doctor(env);

    const text = renderReport(report.rows);
    expect(report.ok, text).toBe(true);
    expect(report.rows.map((r) => `${r.check}:${r.status}`)).toEqual([
      'config:OK',
      'casso:OK',
      'sepay:OK',
      `watch ${CASSO_ACCOUNT}:OK`,
      `watch ${SEPAY_ACCOUNT}:OK`,
      'telegram token:OK',
      `telegram chat ${GROUP}:OK`,
      `telegram chat ${CHANNEL}:OK`,
      'slack token:OK',
      'slack app token:OK',
      `slack channel ${SLACK_CHANNEL}:OK`,
      'data dir:OK',
    ]);
    expect(row(report, 'casso').detail).toContain(`MBBank ${CASSO_ACCOUNT}`);
    expect(row(report, 'sepay').detail).toContain(`Vietcombank ${SEPAY_ACCOUNT}`);
    expect(row(report, `watch ${SEPAY_ACCOUNT}`).detail).toContain('SePay');
    expect(row(report, 'telegram token').detail).toContain('@bankbell_test_bot');
    expect(row(report, 'telegram token').detail).toMatch(/guest mode off.*BotFather.*Guest Mode/);
    expect(row(report, `telegram chat ${GROUP}`).detail).toContain('Cửa hàng Lan');
    expect(row(report, `slack channel ${SLACK_CHANNEL}`).detail).toContain('member');
    expect(row(report, 'data dir').detail).toMatch(/does not exist yet/);
    expectNoSecretIn(text);
    // Read-only: the data directory it would create is still not there.
    await expect(readdir(dataDir)).rejects.toThrow();
  });

  it('sends nothing to any chat', async () => {
    const { env, telegram, slack } = await world();
    await doctor(env);
    expect(telegram.sent).toEqual([]);
    expect(slack.posts).toEqual([]);
    expect(telegram.requests.map((r) => r.path.split('/').pop())).not.toContain('sendMessage');
  });

  it('renders an aligned table with a one-line summary', async () => {
    const { env } = await world();
    const text = renderReport((await doctor(env)).rows);
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^CHECK\s+STATUS\s+DETAIL$/);
    const statusColumn = lines[0]?.indexOf('STATUS');
    for (const line of lines.slice(1, -2)) expect(line.slice(statusColumn).startsWith('OK ')).toBe(true);
    expect(lines.at(-1)).toBe('All 12 checks passed.');
  });
});

describe('doctor finds what is wrong, and says what to do', () => {
  it('a rejected Casso key', async () => {
    const { env } = await world();
    const report = await doctor({ ...env, CASSO_API_KEY: 'AK_CS.wrong-key-0000000000000000000' });
    expect(report.ok).toBe(false);
    expect(row(report, 'casso')).toMatchObject({ status: 'FAIL' });
    expect(row(report, 'casso').detail).toMatch(/rejected CASSO_API_KEY \(HTTP 401\).*my\.casso\.vn/);
    // The other provider is fine; the Casso account could not be looked for.
    expect(row(report, 'sepay').status).toBe('OK');
    expect(row(report, `watch ${CASSO_ACCOUNT}`).status).toBe('WARN');
    expectNoSecretIn(renderReport(report.rows), ['AK_CS.wrong-key-0000000000000000000']);
  });

  it('a rejected SePay token (answered, as SePay v1 does, with an empty 200)', async () => {
    const { env } = await world();
    const report = await doctor({ ...env, SEPAY_API_TOKEN: 'WRONGTOKEN1234567890' });
    expect(failures(report)).toEqual(['sepay']);
    expect(row(report, 'sepay').detail).toMatch(/rejected SEPAY_API_TOKEN.*my\.sepay\.vn/);
  });

  it('SePay API v2: the token checked against /v2, a wrong one rejected', async () => {
    const { env } = await world();
    const v2 = await startFakeSepayV2({ apiToken: SECRETS.SEPAY_API_TOKEN });
    closers.push(v2);
    v2.addBankAccount({ accountNumber: SEPAY_ACCOUNT, bankShortName: 'Vietcombank' });
    const v2env = { ...env, SEPAY_API_VERSION: 'v2', SEPAY_API_BASE: v2.url };

    const good = await doctor(v2env);
    expect(good.ok).toBe(true);
    expect(row(good, 'sepay').detail).toContain(`Vietcombank ${SEPAY_ACCOUNT}`);
    expect(row(good, `watch ${SEPAY_ACCOUNT}`).status).toBe('OK');

    const bad = await doctor({ ...v2env, SEPAY_API_TOKEN: 'WRONGTOKEN1234567890' });
    expect(failures(bad)).toEqual(['sepay']);
    expect(row(bad, 'sepay').detail).toMatch(/rejected SEPAY_API_TOKEN \(HTTP 401\)/);
  });

  it('a provider that is down (HTTP 500)', async () => {
    const { env, casso } = await world();
    casso.injectFaults({ status: 500, body: '<html>500</html>' }, { status: 500, body: '<html>500</html>' });
    const report = await doctor(env);
    expect(failures(report)).toEqual(['casso']);
    expect(row(report, 'casso').detail).toMatch(/server error \(HTTP 500\).*try again later/);
  });

  it('a provider answering in a shape it does not know', async () => {
    const { env, casso, sepay } = await world();
    casso.injectFaults({ status: 200, body: { error: 0, message: 'success', data: 'not a list' } });
    sepay.injectFaults({ status: 200, body: { status: 200, bankaccounts: [{ id: {} }] } });
    const report = await doctor(env);
    expect(failures(report)).toEqual(['casso', 'sepay']);
    expect(row(report, 'casso').detail).toMatch(/did not answer like the Casso API.*CASSO_API_BASE/);
    expect(row(report, 'sepay').detail).toMatch(/did not answer like the SePay API.*SEPAY_API_BASE/);
  });

  it('a provider that does not answer in time', async () => {
    const { env, sepay } = await world();
    sepay.injectFaults({ status: 200, delayMs: 3_000 }, { status: 200, delayMs: 3_000 });
    const started = Date.now();
    const report = await doctor(env, 400);
    expect(Date.now() - started).toBeLessThan(2_500);
    expect(row(report, 'sepay').status).toBe('FAIL');
    expect(row(report, 'sepay').detail).toMatch(/SEPAY_API_BASE/);
  });

  it('a watched account no provider sees', async () => {
    const { env } = await world();
    const report = await doctor({ ...env, WATCH_ACCOUNTS: `${CASSO_ACCOUNT},1903555888` });
    expect(failures(report)).toEqual(['watch 1903555888']);
    expect(row(report, 'watch 1903555888').detail).toMatch(/no provider sees this account.*WATCH_ACCOUNTS/);
  });

  it('a bad Telegram token, without a word of it in the output', async () => {
    const { env } = await world();
    const wrong = '1234567890:AAWrongWrongWrongWrongWrongWrong12';
    const report = await doctor({ ...env, TELEGRAM_BOT_TOKEN: wrong });
    expect(failures(report)).toEqual(['telegram token']);
    expect(row(report, 'telegram token').detail).toMatch(/TELEGRAM_BOT_TOKEN.*BotFather/);
    expect(report.rows.some((r) => r.check.startsWith('telegram chat'))).toBe(false);
    expectNoSecretIn(renderReport(report.rows), [wrong]);
  });

  it('a bot that left a public group, or was kicked from a private one', async () => {
    const { env, telegram } = await world();
    telegram.addChat(-1001111, { botStatus: 'left', username: 'shop_public' });
    telegram.addChat(-2222, { botStatus: 'kicked' });
    const report = await doctor({ ...env, TELEGRAM_CHAT_IDS: `${GROUP},-1001111,-2222` });
    expect(failures(report)).toEqual(['telegram chat -1001111', 'telegram chat -2222']);
    expect(row(report, 'telegram chat -1001111').detail).toMatch(/not in it \(left\): add the bot to the chat/);
    expect(row(report, 'telegram chat -2222').detail).toMatch(/kicked.*add the bot back to the chat -2222/);
  });

  it('a channel where the bot may not post', async () => {
    const { env, telegram } = await world();
    telegram.addChat(-1003333, { type: 'channel', botStatus: 'administrator', canPostMessages: false });
    telegram.addChat(-1004444, { type: 'channel', botStatus: 'member' });
    const report = await doctor({ ...env, TELEGRAM_CHAT_IDS: '-1003333,-1004444' });
    expect(failures(report)).toEqual(['telegram chat -1003333', 'telegram chat -1004444']);
    expect(row(report, 'telegram chat -1003333').detail).toMatch(/Post messages/);
    expect(row(report, 'telegram chat -1004444').detail).toMatch(/make the bot an administrator/);
  });

  it('a chat id that is wrong; a private chat with someone who started the bot is fine', async () => {
    const { env, telegram } = await world();
    telegram.addChat(4242);
    const report = await doctor({ ...env, TELEGRAM_CHAT_IDS: '-4242,4242' });
    expect(failures(report)).toEqual(['telegram chat -4242']);
    expect(row(report, 'telegram chat -4242').detail).toMatch(/chat not found.*check TELEGRAM_CHAT_IDS/);
    expect(row(report, 'telegram chat 4242')).toMatchObject({ status: 'OK' });
    expect(row(report, 'telegram chat 4242').detail).toMatch(/^private chat with Lan/);
  });

  it('a group that became a supergroup: the new id to put in the configuration', async () => {
    const { env, telegram } = await world();
    telegram.addChat(-5555, { migrateTo: -1005555 });
    const report = await doctor({ ...env, TELEGRAM_CHAT_IDS: '-5555' });
    expect(failures(report)).toEqual(['telegram chat -5555']);
    expect(row(report, 'telegram chat -5555').detail).toBe(
      'this group became a supergroup with id -1005555: put -1005555 in TELEGRAM_CHAT_IDS instead of -5555',
    );
  });

  it('answers of a shape it does not know become rows, never a crash', async () => {
    const { env, telegram, slack } = await world();
    const method = (name: string) => `/bot${SECRETS.TELEGRAM_BOT_TOKEN}/${name}`;
    telegram.injectFaults(
      { status: 200, body: { ok: true, result: { status: 'shadow_banned', user: { id: 1 } } }, pathPrefix: method('getChatMember') },
      { status: 200, body: { ok: true, result: { id: CHANNEL, type: 'forum_of_the_future' } }, pathPrefix: method('getChat') },
    );
    slack.server.injectFaults({ status: 200, body: { ok: true, channel: 'C0ALERTS' }, pathPrefix: '/api/conversations.info' });
    const report = await doctor(env);
    const unknown = [`telegram chat ${GROUP}`, `telegram chat ${CHANNEL}`, `slack channel ${SLACK_CHANNEL}`];
    for (const check of unknown) {
      expect(row(report, check)).toMatchObject({ status: 'WARN' });
      expect(row(report, check).detail).toMatch(/answered in a shape doctor does not know/);
    }
    // The two chats are checked at once: which one met which odd answer is up to timing.
    const details = unknown.map((check) => row(report, check).detail).join('\n');
    expect(details).toMatch(/getChatMember answered .*status/);
    expect(details).toMatch(/getChat answered .*type/);
    expect(renderReport(report.rows)).toContain('WARN');
  });

  it('a getMe or auth.test answer it cannot read fails the token check with the reason', async () => {
    const { env, telegram, slack } = await world();
    telegram.injectFaults({ status: 200, body: { ok: true, result: true }, pathPrefix: `/bot${SECRETS.TELEGRAM_BOT_TOKEN}/getMe` });
    slack.server.injectFaults({ status: 200, body: { ok: true, response_metadata: { scopes: 'chat:write' } }, pathPrefix: '/api/auth.test' });
    const report = await doctor(env);
    expect(failures(report)).toEqual(['telegram token', 'slack token']);
    expect(row(report, 'telegram token').detail).toMatch(/getMe answered in a shape/);
    expect(row(report, 'slack token').detail).toMatch(/auth.test answered in a shape.*scopes/);
  });

  it('an empty TELEGRAM_CHAT_IDS is a warning, not a failure', async () => {
    const { env } = await world();
    const report = await doctor({ ...env, TELEGRAM_CHAT_IDS: '' });
    expect(report.ok).toBe(true);
    expect(row(report, 'telegram chats')).toMatchObject({ status: 'WARN' });
    expect(row(report, 'telegram chats').detail).toMatch(/\/start/);
  });

  it('a Slack token that is not accepted (invalid_auth)', async () => {
    const { env } = await world();
    const wrong = 'xoxb-0000000000000-0000000000000-WrongWrongWrongWrongWron';
    const report = await doctor({ ...env, SLACK_BOT_TOKEN: wrong });
    expect(failures(report)).toEqual(['slack token']);
    expect(row(report, 'slack token').detail).toMatch(/invalid_auth.*Bot User OAuth Token/);
    expectNoSecretIn(renderReport(report.rows), [wrong]);
  });

  it('a Slack app token that is not accepted', async () => {
    const { env } = await world();
    const report = await doctor({ ...env, SLACK_APP_TOKEN: 'xapp-1-A0WRONG-0000000000000-00000000000000000000' });
    expect(failures(report)).toEqual(['slack app token']);
    expect(row(report, 'slack app token').detail).toMatch(/connections:write/);
  });

  it('a Slack channel the bot was not invited to, or cannot see', async () => {
    const { env, slack } = await world();
    slack.addChannel('C0SALES', { name: 'sales' });
    const report = await doctor({ ...env, SLACK_CHANNEL_IDS: `${SLACK_CHANNEL},C0SALES,G0SECRET` });
    expect(failures(report)).toEqual(['slack channel C0SALES', 'slack channel G0SECRET']);
    expect(row(report, 'slack channel C0SALES').detail).toBe(
      '#sales: the bot is not in the channel: invite the bot with /invite @bankbell in #sales',
    );
    expect(row(report, 'slack channel G0SECRET').detail).toMatch(/sees no channel G0SECRET.*\/invite @bankbell/);
  });

  it('an app without channels:read: a warning with the fix, not a failure', async () => {
    const { env } = await world({ slack: { scopes: ['chat:write', 'commands'] } });
    const report = await doctor(env);
    expect(report.ok).toBe(true);
    expect(row(report, `slack channel ${SLACK_CHANNEL}`)).toMatchObject({ status: 'WARN' });
    expect(row(report, `slack channel ${SLACK_CHANNEL}`).detail).toMatch(/missing_scope.*channels:read.*reinstall/);
  });

  it('an app without chat:write', async () => {
    const { env } = await world({ slack: { scopes: ['commands', 'channels:read'] } });
    const report = await doctor(env);
    expect(failures(report)).toEqual(['slack token']);
    expect(row(report, 'slack token').detail).toMatch(/chat:write/);
  });

  it('a DATA_DIR that cannot be created', async () => {
    const { env } = await world();
    const file = path.join(await tempDir(), 'not-a-dir');
    await writeFile(file, 'x');
    const report = await doctor({ ...env, DATA_DIR: path.join(file, 'data') });
    expect(failures(report)).toEqual(['data dir']);
    expect(row(report, 'data dir').detail).toMatch(/cannot be created/);

    const asFile = await doctor({ ...env, DATA_DIR: file });
    expect(row(asFile, 'data dir')).toMatchObject({ status: 'FAIL', detail: `${file} is not a directory: point DATA_DIR at a directory` });
  });

  it("lists each chat's rules from the state file, and the defaults for the others, without writing", async () => {
    const { env, dataDir } = await world();
    const store = await openFileStore({ dataDir });
    await store.setChatRules('telegram:-1001234567890:42', { ...DEFAULT_RULES, accounts: ['8888'], min: 500_000, quiet: { from: 1320, to: 420 }, privacy: true });
    await store.setChatRules('zalo:7a9c1e2b3d4f5a6b', { ...DEFAULT_RULES, privacy: true });
    await store.close();
    const before = await readFile(path.join(dataDir, 'state.json'), 'utf8');
    const report = await doctor(env);
    expect(row(report, 'rules telegram:-1001234567890:42').detail).toBe(
      'accounts 8888; minimum amount 500.000 ₫; alerts for money in; quiet hours 22:00–07:00; privacy on; acknowledge button on; daily summary off; service notices on; language vi (default)',
    );
    // Zalo shows no buttons: its rule is shown as /settings shows it there, not as "on".
    expect(row(report, 'rules zalo:7a9c1e2b3d4f5a6b').detail).toContain('privacy on; acknowledge button none (no buttons in this chat); daily summary off');
    expect(row(report, 'rules (other chats)').detail).toMatch(/^accounts all; minimum amount off; alerts for money in; quiet hours off; privacy off/);
    expect(await readFile(path.join(dataDir, 'state.json'), 'utf8')).toBe(before);
  });

  it("warns of a chat whose stored rules cannot be read (it follows the defaults), and reads the rest", async () => {
    const { env, dataDir } = await world();
    const store = await openFileStore({ dataDir });
    await store.setChatRules('slack:C0ALERTS1', { ...DEFAULT_RULES, min: 500_000 });
    await store.close();
    const file = path.join(dataDir, 'state.json');
    const state = JSON.parse(await readFile(file, 'utf8')) as { chatRules: Record<string, unknown> };
    state.chatRules['telegram:-1001234567890'] = { ...DEFAULT_RULES, alerts: {} };
    await writeFile(file, JSON.stringify(state));
    const report = await doctor(env);
    expect(row(report, 'rules telegram:-1001234567890')).toMatchObject({ status: 'WARN', detail: expect.stringMatching(/cannot be read: this chat follows the defaults/) });
    expect(row(report, 'rules slack:C0ALERTS1').detail).toMatch(/minimum amount 500\.000 ₫/);
    expect(row(report, 'state file').status).toBe('OK');
  });

  it('a damaged state file, named, with the fix; and nothing written', async () => {
    const { env, dataDir } = await world();
    await mkdir(dataDir);
    await writeFile(path.join(dataDir, 'state.json'), '{"version":1,');
    const report = await doctor(env);
    expect(failures(report)).toEqual(['state file']);
    expect(row(report, 'state file').detail).toContain(path.join(dataDir, 'state.json'));
    expect(row(report, 'state file').detail).toMatch(/not valid JSON.*backup/);
    expect(await readdir(dataDir)).toEqual(['state.json']);
    expect(await readFile(path.join(dataDir, 'state.json'), 'utf8')).toBe('{"version":1,');
  });

  it('lists the alerts a chat refused for good, with the payment, as a warning', async () => {
    const { env, dataDir } = await world();
    const store = await openFileStore({ dataDir });
    const tx = makeTransaction({ providerId: '777', amount: 120_000 });
    await store.commit({ transactions: [{ tx, alert: true }], destinations: [`telegram:${GROUP}`] });
    await store.deadLetter([{ row: store.pending(`telegram:${GROUP}`)[0]!, tx }], 'Bad Request: message is too long');
    await store.close();
    const report = await doctor(env);
    expect(report.ok).toBe(true);
    expect(row(report, 'dead letter')).toMatchObject({ status: 'WARN' });
    expect(row(report, 'dead letter').detail).toMatch(/telegram:.*sepay:777 \(120000 on .*message is too long/);
  });
});

describe('doctor and a bot that is running', () => {
  const servers: Server[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
  });

  async function occupy(port: number): Promise<void> {
    const server = createServer();
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(port, resolve));
  }

  it('says a bot runs on the data directory, and that its ports are taken by it', async () => {
    const { env, dataDir } = await world();
    await mkdir(dataDir);
    await writeFile(path.join(dataDir, 'bankbell.lock'), String(process.pid));
    const health = await freePort();
    await occupy(health);
    const report = await doctor({ ...env, HEALTH_PORT: String(health) });
    expect(report.ok).toBe(true);
    expect(row(report, 'running bot').detail).toContain(`pid ${process.pid}`);
    expect(row(report, `HEALTH_PORT ${health}`)).toMatchObject({ status: 'OK' });
    expect(row(report, `HEALTH_PORT ${health}`).detail).toMatch(/running bot/);
    expect(row(report, 'state file').detail).toMatch(/none yet/);
  });

  it('warns about a port another program holds, and finds a free one free', async () => {
    const { env } = await world();
    const busy = await freePort();
    await occupy(busy);
    const free = await freePort();
    const report = await doctor({ ...env, HEALTH_PORT: String(busy), WEBHOOK_PORT: String(free), SEPAY_WEBHOOK_API_KEY: 'hook-key-123456' });
    expect(report.ok).toBe(true);
    expect(row(report, `HEALTH_PORT ${busy}`)).toMatchObject({ status: 'WARN' });
    expect(row(report, `HEALTH_PORT ${busy}`).detail).toMatch(/another program/);
    expect(row(report, `WEBHOOK_PORT ${free}`)).toMatchObject({ status: 'OK' });
  });
});

describe('renderReport', () => {
  const rows: CheckRow[] = [
    { check: 'casso', status: 'OK', detail: 'CASSO_API_KEY accepted' },
    { check: 'telegram chat -1001', status: 'FAIL', detail: 'the bot is not in it (left): add the bot to the chat, or remove -1001' },
    { check: 'slack channel C1', status: 'WARN', detail: 'cannot see whether the bot is in C1' },
  ];

  it('counts failures and warnings in the summary', () => {
    expect(renderReport(rows).trimEnd().split('\n').at(-1)).toBe(
      '1 of 3 checks FAILED: fix them as the DETAIL column says, then run npm run doctor again. 1 warning worth a look.',
    );
  });

  it('wraps long details under the DETAIL column in a narrow terminal', () => {
    const lines = renderReport(rows, { width: 70 }).split('\n');
    const indent = lines[0]?.indexOf('DETAIL') ?? -1;
    const failLine = lines.findIndex((l) => l.includes('FAIL'));
    expect(lines[failLine]?.length).toBeLessThanOrEqual(70);
    expect(lines[failLine + 1]?.slice(0, indent).trim()).toBe('');
    expect(lines[failLine + 1]?.slice(indent)).toMatch(/^\S/);
  });
});
