import { createHmac } from 'node:crypto';
import { connect, type Socket } from 'node:net';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { startFakeCasso } from '../../fakes/casso/server.js';
import { slashCommand, startFakeSlack } from '../../fakes/slack/server.js';
import { startHarness } from '../helpers/bot-harness.js';
import { freePort } from '../../fakes/free-port.js';
import { tempDir } from '../helpers/temp-dir.js';
import { until } from '../helpers/until.js';

const CHANNEL = 'C0ALERTS1';
const SLACK_SECRET = 'slack-signing-secret-for-tests';
const SEPAY_KEY = 'sepay-webhook-key-for-tests';
const closers: { close(): Promise<void> }[] = [];
const sockets: Socket[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.destroy();
  await Promise.all(closers.splice(0).map((c) => c.close()));
});

/** Deterministic bytes, so a failure can be replayed. */
function randomBytes(seed: number, length: number): Buffer {
  let state = seed >>> 0 || 1;
  const bytes = Buffer.alloc(length);
  for (let i = 0; i < length; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    bytes[i] = state & 0xff;
  }
  return bytes;
}

/**
 * Writes raw bytes to 127.0.0.1:port and returns the status the server answered with, or null
 * when it closed without answering. `end: false` leaves the request unfinished (slow-loris).
 */
function rawExchange(port: number, payload: Buffer | string, options: { end?: boolean } = {}): Promise<number | null> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    sockets.push(socket);
    let received = '';
    const done = () => {
      const match = /^HTTP\/1\.[01] (\d{3})/.exec(received);
      resolve(match ? Number(match[1]) : null);
      socket.destroy();
    };
    socket.setTimeout(3_000, done);
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
      if (received.includes('\r\n')) done();
    });
    socket.on('error', done);
    socket.on('close', done);
    socket.write(payload, () => {
      if (options.end !== false) socket.end();
    });
  });
}

/** Opens a request and never finishes it; the socket stays open until the test ends. */
function holdOpen(port: number, partial: string): Promise<void> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(partial, () => resolve()));
    socket.on('error', () => resolve());
    sockets.push(socket);
  });
}

function malformedRequests(path: string): (Buffer | string)[] {
  const bigHeader = `x-filler: ${'a'.repeat(64 * 1024)}\r\n`;
  return [
    'GET //[ HTTP/1.1\r\nhost: x\r\n\r\n',
    'GET http://%zz/ HTTP/1.1\r\nhost: x\r\n\r\n',
    `POST http://%zz${path} HTTP/1.1\r\nhost: x\r\ncontent-length: 2\r\n\r\n{}`,
    'GET * HTTP/1.1\r\nhost: x\r\n\r\n',
    'GARBAGE\r\n\r\n',
    'GET / HTTP/9.9\r\n\r\n',
    `GET ${path} HTTP/1.1\r\nhost: x\r\nbad header line\r\n\r\n`,
    `GET ${path} HTTP/1.1\r\nhost: x\r\n${bigHeader}\r\n`,
    `POST ${path} HTTP/1.1\r\nhost: x\r\ncontent-length: abc\r\n\r\n`,
    `POST ${path} HTTP/1.1\r\nhost: x\r\ncontent-length: 5\r\ntransfer-encoding: chunked\r\n\r\n0\r\n\r\n`,
    `POST ${path} HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 104857600\r\n\r\n{"a":`,
    `POST ${path} HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\nzz\r\n`,
    `POST ${path} HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 20\r\n\r\n{"trunc`,
    `POST ${path} HTTP/1.1\r\nhost: x\r\ncontent-type: text/xml\r\ncontent-length: 7\r\n\r\n<a></a>`,
    `POST ${path} HTTP/1.1\r\nhost: x\r\ncontent-type: application/x-www-form-urlencoded\r\ncontent-length: 5\r\n\r\n%%%%%`,
    Buffer.concat([Buffer.from(`POST ${path} HTTP/1.1\r\nhost: x\r\ncontent-length: 512\r\n\r\n`), randomBytes(7, 512)]),
    randomBytes(1, 64),
    randomBytes(2, 4096),
    Buffer.concat([Buffer.from('GET /'), randomBytes(3, 200), Buffer.from(' HTTP/1.1\r\n\r\n')]),
  ];
}

/** `template` with a few bytes replaced, chosen by `seed`: near-valid requests reach deeper code. */
function mutated(template: Buffer, seed: number): Buffer {
  const copy = Buffer.from(template);
  const noise = randomBytes(seed, 16);
  const changes = 1 + (seed % 4);
  for (let i = 0; i < changes; i++) {
    const at = ((noise[2 * i] ?? 0) * 256 + (noise[2 * i + 1] ?? 0)) % copy.length;
    copy[at] = noise[8 + i] ?? 0;
  }
  return copy;
}

function signedSlashCommand(secret: string): Buffer {
  const body = new URLSearchParams({ command: '/help', text: '', channel_id: CHANNEL, user_id: 'U42', response_url: 'http://127.0.0.1:9/x' }).toString();
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  return Buffer.from(
    `POST /slack/events HTTP/1.1\r\nhost: x\r\ncontent-type: application/x-www-form-urlencoded\r\n` +
      `x-slack-request-timestamp: ${timestamp}\r\nx-slack-signature: ${signature}\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

function sepayDelivery(id: number, content: string): Record<string, unknown> {
  return {
    id,
    gateway: 'Vietcombank',
    transactionDate: '2026-11-21 10:40:00',
    accountNumber: '2222222222',
    subAccount: null,
    code: null,
    content,
    transferType: 'in',
    transferAmount: 90_000,
    accumulated: 90_000,
    referenceCode: `FT${id}`,
    description: `BankAPINotify ${content}`,
  };
}

/** The bot listening on every port it can open: health, webhooks, pages (WEB_PORT) and the Slack receiver. */
async function botOnEveryPort() {
  const casso = await startFakeCasso();
  const slack = await startFakeSlack();
  closers.push(casso, slack);
  slack.invite(CHANNEL);
  casso.addAccount({ accountNumber: '1111111111' });
  const [healthPort, webhookPort, slackPort, webPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
  const h = await startHarness({
    dataDir: await tempDir(),
    casso,
    env: {
      HEALTH_PORT: String(healthPort),
      WEBHOOK_PORT: String(webhookPort),
      WEB_PORT: String(webPort),
      SEPAY_WEBHOOK_API_KEY: SEPAY_KEY,
      ...slack.botEnv({ channels: CHANNEL, signingSecret: SLACK_SECRET, port: slackPort }),
    },
  });
  await h.bot.pollNow();
  return { slack, healthPort, webhookPort, slackPort, webPort };
}

/**
 * One client (all of 127.0.0.0/8 is this machine: the flood comes from 127.0.0.2, the real
 * callers from 127.0.0.1) opens `count` connections and holds each with an unfinished request.
 * Resolves once every one is either open or closed by the server; tells how many stay open.
 */
async function flood(port: number, count: number): Promise<() => number> {
  const mine: Socket[] = [];
  let settled = 0;
  await new Promise<void>((resolve) => {
    for (let i = 0; i < count; i++) {
      const socket = connect({ port, host: '127.0.0.1', localAddress: '127.0.0.2' });
      sockets.push(socket);
      mine.push(socket);
      let counted = false;
      const settle = () => {
        if (counted) return;
        counted = true;
        if (++settled === count) resolve();
      };
      socket.on('connect', () => socket.write('GET /healthz HTTP/1.1\r\nhost: x\r\n', settle));
      socket.on('error', settle);
      socket.on('close', settle);
    }
  });
  return () => mine.filter((s) => !s.destroyed && s.readyState === 'open').length;
}

describe('every listening port, fed malformed requests', () => {
  it('answers 4xx or closes, never dies, and keeps serving real requests', async () => {
    const { slack, healthPort, webhookPort, slackPort, webPort } = await botOnEveryPort();

    const ports = [
      { port: healthPort, path: '/healthz' },
      { port: webhookPort, path: '/webhooks/sepay' },
      { port: slackPort, path: '/slack/events' },
      { port: webPort, path: '/counter/x' },
    ];
    // Slow-loris clients hold unfinished requests open on every port while the rest runs.
    await Promise.all(
      ports.flatMap(({ port, path }) => [holdOpen(port, `POST ${path} HTTP/1.1\r\nhost: x\r\n`), holdOpen(port, `POST ${path} HTTP/1.1\r\ncontent-length: 100\r\n\r\n{`)]),
    );

    for (const { port, path } of ports) {
      for (const [index, payload] of malformedRequests(path).entries()) {
        const status = await rawExchange(port, payload);
        if (status !== null) expect(status, `port ${path}, request #${index}`).toBeGreaterThanOrEqual(400);
        if (status !== null) expect(status, `port ${path}, request #${index}`).toBeLessThan(500);
      }
      // A request that is never finished gets no answer but does not stop the others.
      await holdOpen(port, `GET ${path} HTTP/1.1\r\nhost: x\r\nx-slow: `);
    }
    // Near-valid requests, a few bytes off: whatever they reach, the answer is never a 5xx.
    const sepayBody = JSON.stringify(sepayDelivery(777, 'MUTATED'));
    const templates = [
      { port: healthPort, request: Buffer.from('GET /healthz HTTP/1.1\r\nhost: x\r\n\r\n') },
      {
        port: webhookPort,
        request: Buffer.from(
          `POST /webhooks/sepay HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\nauthorization: Apikey ${SEPAY_KEY}\r\n` +
            `content-length: ${Buffer.byteLength(sepayBody)}\r\n\r\n${sepayBody}`,
        ),
      },
      { port: slackPort, request: signedSlashCommand(SLACK_SECRET) },
      { port: webPort, request: Buffer.from('GET /counter/x HTTP/1.1\r\nhost: x\r\n\r\n') },
    ];
    for (const { port, request: template } of templates) {
      for (let seed = 1; seed <= 20; seed++) {
        const status = await rawExchange(port, mutated(template, seed));
        if (status !== null) expect(status, `port ${port}, mutation ${seed}`).toBeLessThan(500);
      }
    }

    expect(await rawExchange(healthPort, 'GET //[ HTTP/1.1\r\nhost: x\r\n\r\n')).toBe(400);
    expect(await rawExchange(webhookPort, `GET /x HTTP/1.1\r\nhost: x\r\nx-a: ${'b'.repeat(20_000)}\r\n\r\n`)).toBe(431);
    expect(await rawExchange(webhookPort, `POST /webhooks/sepay HTTP/1.1\r\nhost: x\r\nauthorization: Apikey ${SEPAY_KEY}\r\ncontent-type: application/json\r\ncontent-length: 10485760\r\n\r\n`)).toBe(413);

    // An unsigned or stale Slack request is refused on its headers, before its body arrives.
    const unsigned = `POST /slack/events HTTP/1.1\r\nhost: x\r\ncontent-type: application/x-www-form-urlencoded\r\ncontent-length: 200000\r\n`;
    expect(await rawExchange(slackPort, `${unsigned}\r\n`, { end: false })).toBe(401);
    const stale = `x-slack-signature: v0=00\r\nx-slack-request-timestamp: ${Math.floor(Date.now() / 1000) - 3600}\r\n`;
    expect(await rawExchange(slackPort, `${unsigned}${stale}\r\n`, { end: false })).toBe(401);

    // Still alive on every port: health answers, a real webhook is stored and alerted,
    // a signed slash command is acknowledged and answered.
    const health = await request(`http://127.0.0.1:${healthPort}/healthz`);
    expect(health.statusCode).toBe(200);
    await health.body.dump();
    const webhook = await request(`http://127.0.0.1:${webhookPort}/webhooks/sepay`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Apikey ${SEPAY_KEY}` },
      body: JSON.stringify(sepayDelivery(4242, 'AFTER-FUZZ DH9')),
    });
    expect(webhook.statusCode).toBe(200);
    await webhook.body.dump();
    await until(() => slack.posts.some((p) => JSON.stringify(p.blocks).includes('AFTER-FUZZ')), 5000, 'the alert of the pushed payment');
    const ack = await slashCommand(`http://127.0.0.1:${slackPort}`, SLACK_SECRET, {
      command: '/help',
      text: '',
      channel_id: CHANNEL,
      response_url: slack.responseUrl('help-after-fuzz'),
    });
    expect(ack.status).toBe(200);
    await until(() => slack.responses.some((r) => r.id === 'help-after-fuzz'), 5000, 'the /help answer');
    // The page server still answers, with nothing for a path it does not serve.
    const page = await request(`http://127.0.0.1:${webPort}/counter/not-a-secret`);
    expect(page.statusCode).toBe(404);
    expect(await page.body.text()).toBe('');
  });

  it('lets one client hold only its share of each port: health, webhooks and Slack still answer the others', async () => {
    const { slack, healthPort, webhookPort, slackPort, webPort } = await botOnEveryPort();
    // More than the 256 sockets a port takes in all.
    const open = await Promise.all([healthPort, webhookPort, slackPort, webPort].map((port) => flood(port, 300)));

    const health = await request(`http://127.0.0.1:${healthPort}/healthz`, { headersTimeout: 3000 });
    expect(health.statusCode).toBe(200);
    await health.body.dump();
    const webhook = await request(`http://127.0.0.1:${webhookPort}/webhooks/sepay`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Apikey wrong' },
      body: '{}',
      headersTimeout: 3000,
    });
    expect(webhook.statusCode).toBe(401);
    await webhook.body.dump();
    const page = await request(`http://127.0.0.1:${webPort}/`, { headersTimeout: 3000 });
    expect(page.statusCode).toBe(404);
    await page.body.dump();
    const ack = await slashCommand(`http://127.0.0.1:${slackPort}`, SLACK_SECRET, {
      command: '/help',
      text: '',
      channel_id: CHANNEL,
      response_url: slack.responseUrl('help-during-flood'),
    });
    expect(ack.status).toBe(200);
    await until(() => slack.responses.some((r) => r.id === 'help-during-flood'), 5000, 'the /help answer');
    // The flooding client keeps no more than its share (32) of any port.
    await until(() => open.every((count) => count() <= 32), 3000, 'the flood to be cut to its share');
  });
});
