import { connect } from 'node:net';
import { Readable } from 'node:stream';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log/logger.js';
import type { Transaction } from '../../src/core/model.js';
import { signCassoBody } from '../../fakes/casso/sign-webhook.js';
import { cassoWebhookRoute, type CassoCredentials } from '../../src/providers/casso/webhook-route.js';
import { sepayWebhookRoute } from '../../src/providers/sepay/webhook-route.js';
import { startWebhookServer, type WebhookServer, type WebhookServerOptions } from '../../src/webhooks/webhook-server.js';
import { until } from '../helpers/until.js';
import { CASSO_VECTOR } from './casso-vector.js';
import { sepayDelivery } from './sepay-delivery.js';

const CASSO_SECRET = 'casso-v2-checksum-key-for-tests-0001';
const CASSO_TOKEN = 'legacy-secure-token-for-tests-0001';
const SEPAY_KEY = 'sepay-webhook-api-key-for-tests-0001';
const SECRETS = [CASSO_SECRET, CASSO_TOKEN, SEPAY_KEY];
const NOW = 1_744_255_200_123;
const MINUTE = 60_000;
/** Legacy webhooks only: the token counts only while no V2 secret is configured. */
const LEGACY_ONLY: CassoCredentials = { secret: null, secureToken: CASSO_TOKEN };

/** The store at the boundary: records what it is given, and can be told to fail. */
function recorder() {
  const stored: { source: string; transactions: Transaction[] }[] = [];
  let failures = 0;
  return {
    stored,
    calls: 0,
    failNext() {
      failures += 1;
    },
    async accept(source: string, transactions: Transaction[]) {
      this.calls += 1;
      if (failures > 0) {
        failures -= 1;
        throw new Error('disk full');
      }
      stored.push({ source, transactions });
    },
  };
}

let server: WebhookServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** The server with both providers' routes, configured as an operator would (credentials, or null for off). */
async function start({
  casso = { secret: CASSO_SECRET, secureToken: CASSO_TOKEN },
  sepay = { apiKey: SEPAY_KEY },
  ...overrides
}: Partial<WebhookServerOptions> & { casso?: CassoCredentials; sepay?: { apiKey: string | null } } = {}) {
  const store = recorder();
  const logs: string[] = [];
  const clock = { now: NOW };
  server = await startWebhookServer({
    port: 0,
    host: '127.0.0.1',
    routes: [cassoWebhookRoute(casso), sepayWebhookRoute(sepay.apiKey)].flatMap((route) => route ?? []),
    logger: createLogger({ level: 'debug', write: (line) => logs.push(line) }),
    accept: (source, transactions) => store.accept(source, transactions),
    now: () => clock.now,
    ...overrides,
  });
  const url = `http://127.0.0.1:${server.port}`;
  const post = async (path: string, body: string | object, headers: Record<string, string> = {}) => {
    const response = await request(`${url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: response.statusCode, json: (await response.body.json()) as unknown };
  };
  /** The one outcome line each request logs. */
  const outcomes = () => logs.filter((line) => line.includes('webhook.request'));
  return { url, store, logs, outcomes, clock, post };
}

const v2Body = (overrides: Record<string, unknown> = {}) => ({
  error: 0,
  data: {
    id: 90211,
    reference: 'FT25100412345678',
    description: 'DH1042',
    amount: 250000,
    runningBalance: 3250000,
    transactionDateTime: '2025-04-10 10:40:00',
    accountNumber: '0123456789',
    bankName: 'MBBank',
    bankAbbreviation: 'MBB',
    virtualAccountNumber: '',
    virtualAccountName: '',
    counterAccountName: 'NGUYEN VAN B',
    counterAccountNumber: '1900112233',
    counterAccountBankId: '970436',
    counterAccountBankName: 'Vietcombank',
    ...overrides,
  },
});

const signed = (body: unknown, t: number = NOW) => ({ 'x-casso-signature': signCassoBody(CASSO_SECRET, t, body) });

describe('Casso Webhook V2', () => {
  it("answers Casso's published test vector (a test call) with 200 and stores nothing", async () => {
    const bot = await start({ casso: { secret: CASSO_VECTOR.secret, secureToken: null }, now: () => CASSO_VECTOR.timestampMs + 2000 });
    const reply = await bot.post('/webhooks/casso', CASSO_VECTOR.body, { 'X-Casso-Signature': CASSO_VECTOR.header });
    expect(reply).toEqual({ status: 200, json: { success: true } });
    expect(bot.store.calls).toBe(0);
    expect(bot.outcomes()).toEqual([expect.stringContaining('reason=test-call')]);
  });

  it('stores a signed delivery, mapped to a Transaction, before answering 200', async () => {
    const bot = await start();
    const body = v2Body();
    const reply = await bot.post('/webhooks/casso', body, signed(body));
    expect(reply).toEqual({ status: 200, json: { success: true } });
    expect(bot.store.stored).toEqual([
      {
        source: 'casso',
        transactions: [
          {
            provider: 'casso',
            providerId: '90211',
            accountNumber: '0123456789',
            bank: 'MBBank',
            amount: 250000,
            direction: 'in',
            content: 'DH1042',
            reference: 'FT25100412345678',
            occurredAt: '2025-04-10T03:40:00.000Z',
            balanceAfter: 3250000,
            counterparty: { name: 'NGUYEN VAN B', accountNumber: '1900112233', bank: 'Vietcombank' },
            code: null,
            virtualAccount: null,
          },
        ],
      },
    ]);
    expect(bot.outcomes()).toEqual([expect.stringMatching(/INFO .*source=casso status=200 reason=stored .*keys=casso:90211/)]);
  });

  it('refuses with 401, and stores nothing from, a tampered body, a wrong secret, a missing or malformed header', async () => {
    const bot = await start();
    const body = v2Body();
    const cases: [string, unknown, Record<string, string>][] = [
      ['tampered', v2Body({ amount: 25_000_000 }), signed(body)],
      ['wrong secret', body, { 'x-casso-signature': signCassoBody('not-the-secret', NOW, body) }],
      ['no header', body, {}],
      ['malformed header', body, { 'x-casso-signature': 'sha512=deadbeef' }],
    ];
    for (const [what, sent, headers] of cases) {
      const reply = await bot.post('/webhooks/casso', sent as object, headers);
      expect(reply.status, what).toBe(401);
    }
    expect(bot.store.calls).toBe(0);
    expect(bot.outcomes().map((line) => /reason=(\S+)/.exec(line)?.[1])).toEqual([
      'signature-mismatch',
      'signature-mismatch',
      'no-credentials',
      'malformed-header',
    ]);
  });

  it('refuses stale timestamps and a replay of an accepted delivery once the window has passed', async () => {
    const bot = await start();
    const body = v2Body();
    expect((await bot.post('/webhooks/casso', body, signed(body, NOW - 6 * MINUTE))).status).toBe(401);
    expect((await bot.post('/webhooks/casso', body, signed(body, NOW + 6 * MINUTE))).status).toBe(401);
    expect(bot.store.calls).toBe(0);

    const headers = signed(body, NOW);
    expect((await bot.post('/webhooks/casso', body, headers)).status).toBe(200);
    bot.clock.now = NOW + 6 * MINUTE;
    expect((await bot.post('/webhooks/casso', body, headers)).status).toBe(401);
    expect(bot.store.calls).toBe(1);
    expect(bot.outcomes().at(-1)).toMatch(/reason=stale-timestamp .*skewMs=360000/);
  });

  it('verifies Vietnamese diacritics and "/" sent raw (JavaScript-style) or escaped and signed PHP-style', async () => {
    const bot = await start();
    const description = 'Nguyễn Thị Hồng Nhung chuyển tiền ĐH 12/04/2025';
    const body = v2Body({ description });
    const js = await bot.post('/webhooks/casso', JSON.stringify(body), signed(body));
    // What a PHP sender puts on the wire: json_encode's default escaping, signed over that text.
    const php = JSON.stringify(v2Body({ description, id: 90212 }))
      .replaceAll('/', '\\/')
      .replace(/[\u0080-\uffff]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
    expect(php).toContain('chuy\\u1ec3n ti\\u1ec1n \\u0110H 12\\/04\\/2025');
    const phpHeader = { 'x-casso-signature': signCassoBody(CASSO_SECRET, NOW, JSON.parse(php), 'php') };
    const escaped = await bot.post('/webhooks/casso', php, phpHeader);
    expect([js.status, escaped.status]).toEqual([200, 200]);
    expect(bot.store.stored.map(({ transactions }) => transactions[0]?.content)).toEqual([description, description]);
  });

  it('logs a mismatch with what helps debugging, never the secret or the signature', async () => {
    const bot = await start();
    const body = v2Body({ description: 'chuyển 1/2' });
    const header = signCassoBody('a-different-key', NOW, body);
    expect((await bot.post('/webhooks/casso', body, { 'x-casso-signature': header })).status).toBe(401);
    expect(bot.outcomes()).toEqual([
      expect.stringMatching(/WARN .*status=401 reason=signature-mismatch .*tried=js\+php\+python\+php-unescaped-unicode hasNonAscii=true hasSlash=true/),
    ]);
    expect(bot.outcomes()[0]).toContain('dataId=90211');
    const v1 = header.split('v1=')[1] ?? '';
    for (const line of bot.logs) {
      for (const secret of [...SECRETS, v1]) expect(line).not.toContain(secret);
    }
  });
});

describe('Casso legacy webhook', () => {
  const legacy = {
    error: 0,
    data: [
      { id: 1001, tid: 'TF80307914', description: 'DH35', amount: 200500, cusum_balance: 15900500, when: '2020-11-02', subAccId: '123456789' },
      { id: 1002, tid: 'TF80307915', description: 'DH36', amount: 100000, cusum_balance: 16000500, when: '2020-11-02', bank_sub_acc_id: '123456789' },
    ],
  };

  it('stores every item of a delivery carrying the secure-token', async () => {
    const bot = await start({ casso: LEGACY_ONLY });
    const reply = await bot.post('/webhooks/casso', legacy, { 'Secure-Token': CASSO_TOKEN });
    expect(reply).toEqual({ status: 200, json: { success: true } });
    expect(bot.store.stored).toHaveLength(1);
    expect(bot.store.stored[0]?.transactions.map((tx) => [tx.providerId, tx.accountNumber, tx.amount, tx.balanceAfter])).toEqual([
      ['1001', '123456789', 200500, 15900500],
      ['1002', '123456789', 100000, 16000500],
    ]);
  });

  it('refuses a wrong token, and a token when only V2 is configured', async () => {
    const bot = await start({ casso: LEGACY_ONLY });
    expect((await bot.post('/webhooks/casso', legacy, { 'secure-token': `${CASSO_TOKEN}x` })).status).toBe(401);
    await server?.close();
    const v2Only = await start({ casso: { secret: CASSO_SECRET, secureToken: null } });
    expect((await v2Only.post('/webhooks/casso', legacy, { 'secure-token': CASSO_TOKEN })).status).toBe(401);
    expect(bot.store.calls + v2Only.store.calls).toBe(0);
  });

  it('with a V2 secret configured too, refuses the legacy token alone: every delivery must carry a valid V2 signature', async () => {
    const bot = await start({ casso: { secret: CASSO_SECRET, secureToken: CASSO_TOKEN } });
    const refused = await bot.post('/webhooks/casso', legacy, { 'secure-token': CASSO_TOKEN });
    expect(refused.status).toBe(401);
    // Nor does the token make up for a wrong signature.
    expect((await bot.post('/webhooks/casso', legacy, { 'secure-token': CASSO_TOKEN, 'x-casso-signature': `t=${NOW},v1=${'0'.repeat(128)}` })).status).toBe(401);
    expect(bot.store.calls).toBe(0);
    expect(bot.outcomes()[0]).toContain('reason=v2-signature-required');
    expect(bot.logs.some((line) => line.includes('casso=v2') && !line.includes('legacy'))).toBe(true);
  });

  it('answers 200 and stores nothing when Casso reports error != 0', async () => {
    const bot = await start({ casso: LEGACY_ONLY });
    expect((await bot.post('/webhooks/casso', { error: 1, data: [] }, { 'secure-token': CASSO_TOKEN })).status).toBe(200);
    expect(bot.store.calls).toBe(0);
    expect(bot.outcomes()).toEqual([expect.stringContaining('reason=casso-error-ignored')]);
  });
});

describe('SePay webhook', () => {
  it('stores a delivery carrying the API key and answers {"success": true}', async () => {
    const bot = await start();
    const reply = await bot.post('/webhooks/sepay', sepayDelivery({ transferAmount: '250000' }), { authorization: `Apikey ${SEPAY_KEY}` });
    expect(reply).toEqual({ status: 200, json: { success: true } });
    expect(bot.store.stored).toEqual([
      {
        source: 'sepay',
        transactions: [
          {
            provider: 'sepay',
            providerId: '50102',
            accountNumber: '0123456789',
            bank: 'MBBank',
            amount: 250000,
            direction: 'in',
            content: 'DH1042 NGUYEN VAN B chuyen tien',
            reference: 'FT25100412345678',
            occurredAt: '2025-04-10T03:40:12.000Z',
            balanceAfter: 3250000,
            counterparty: null,
            code: 'DH1042',
            virtualAccount: null,
          },
        ],
      },
    ]);
  });

  it('refuses a wrong key, a missing header and a Bearer token with 401, other content types with 415', async () => {
    const bot = await start();
    const cases: [Record<string, string>, number, string][] = [
      [{ authorization: 'Apikey wrong-key' }, 401, 'bad-api-key'],
      [{}, 401, 'no-credentials'],
      [{ authorization: `Bearer ${SEPAY_KEY}` }, 401, 'not-apikey-scheme'],
      [{ authorization: `Apikey ${SEPAY_KEY}`, 'content-type': 'application/x-www-form-urlencoded' }, 415, 'not-json-content-type'],
    ];
    for (const [headers, status, reason] of cases) {
      expect(await bot.post('/webhooks/sepay', sepayDelivery(), headers)).toEqual({ status, json: { success: false, error: reason } });
    }
    expect(bot.store.calls).toBe(0);
    for (const line of bot.logs) for (const secret of SECRETS) expect(line).not.toContain(secret);
  });
});

describe('every route', () => {
  it('refuses a body over the limit with 413 without reading it all, declared or chunked', async () => {
    const bot = await start({ maxBodyBytes: 1024, casso: LEGACY_ONLY });
    const big = sepayDelivery({ description: 'x'.repeat(2000) });
    expect((await bot.post('/webhooks/sepay', big, { authorization: `Apikey ${SEPAY_KEY}` })).status).toBe(413);

    const chunk = `"${'x'.repeat(1022)}"`;
    const response = await request(`${bot.url}/webhooks/casso`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'secure-token': CASSO_TOKEN },
      body: Readable.from([chunk, chunk]),
    });
    expect(response.statusCode).toBe(413);
    await response.body.dump();
    expect(bot.store.calls).toBe(0);
    // The server is still fine afterwards.
    expect((await bot.post('/webhooks/sepay', sepayDelivery(), { authorization: `Apikey ${SEPAY_KEY}` })).status).toBe(200);
  });

  it('answers 400 to malformed JSON, invalid UTF-8 and bodies of the wrong shape', async () => {
    const bot = await start();
    const apikey = { authorization: `Apikey ${SEPAY_KEY}` };
    expect(await bot.post('/webhooks/sepay', '{"id": 1,', apikey)).toEqual({ status: 400, json: { success: false, error: 'not-json' } });
    const notUtf8 = await request(`${bot.url}/webhooks/sepay`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...apikey },
      body: Buffer.from([0x7b, 0x22, 0xc3, 0x28, 0x22, 0x7d]),
    });
    expect(notUtf8.statusCode).toBe(400);
    await notUtf8.body.dump();
    expect((await bot.post('/webhooks/sepay', sepayDelivery({ transferType: 'sideways' }), apikey)).status).toBe(400);
    expect((await bot.post('/webhooks/sepay', [sepayDelivery()], apikey)).status).toBe(400);
    const nope = { error: 0, data: 'nope' };
    expect((await bot.post('/webhooks/casso', nope, signed(nope))).status).toBe(400);
    expect((await bot.post('/webhooks/casso', '', signed({}))).status).toBe(400);
    // A correctly signed body of the wrong shape is still refused.
    const unsigned = { error: 0, data: { id: 5 } };
    expect((await bot.post('/webhooks/casso', unsigned, signed(unsigned))).status).toBe(400);
    expect(bot.store.calls).toBe(0);
    expect(bot.outcomes()).toHaveLength(7);
  });

  it('answers 500 when the store fails, so the provider retries, and the retry is stored', async () => {
    const bot = await start();
    bot.store.failNext();
    const body = v2Body();
    const headers = signed(body);
    expect(await bot.post('/webhooks/casso', body, headers)).toEqual({ status: 500, json: { success: false, error: 'store-failed' } });
    expect(bot.store.stored).toEqual([]);
    expect(bot.outcomes()).toEqual([expect.stringMatching(/ERROR .*status=500 reason=store-failed .*error="disk full"/)]);
    expect((await bot.post('/webhooks/casso', body, headers)).status).toBe(200);
    expect(bot.store.stored.map(({ transactions }) => transactions.map((tx) => tx.providerId))).toEqual([['90211']]);
  });

  it('answers 404 to unknown paths and to routes without credentials, 405 to other methods', async () => {
    const bot = await start({ casso: { secret: null, secureToken: null } });
    const body = v2Body();
    expect((await bot.post('/webhooks/casso', body, signed(body))).status).toBe(404);
    expect((await bot.post('/webhooks/other', body)).status).toBe(404);
    const get = await request(`${bot.url}/webhooks/sepay`);
    expect([get.statusCode, get.headers['allow']]).toEqual([405, 'POST']);
    await get.body.dump();
    // Query strings and a trailing slash reach the route.
    expect((await bot.post('/webhooks/sepay/?from=dashboard', sepayDelivery(), { authorization: `Apikey ${SEPAY_KEY}` })).status).toBe(200);
    await server?.close();

    const noSepay = await start({ sepay: { apiKey: null } });
    expect((await noSepay.post('/webhooks/sepay', sepayDelivery(), { authorization: 'Apikey anything' })).status).toBe(404);
  });

  it('answers 500 and logs when the handler itself fails', async () => {
    const bot = await start({
      now: () => {
        throw new Error('clock unavailable');
      },
    });
    const body = v2Body();
    expect((await bot.post('/webhooks/casso', body, signed(body))).status).toBe(500);
    expect(bot.outcomes()).toEqual([expect.stringMatching(/ERROR .*status=500 reason=handler-error .*error="clock unavailable"/)]);
    expect(bot.store.calls).toBe(0);
  });

  it('lets a delivery that is being stored finish when the server closes', async () => {
    let release: (() => void) | undefined;
    const bot = await start({ accept: () => new Promise<void>((resolve) => (release = resolve)) });
    const reply = bot.post('/webhooks/sepay', sepayDelivery(), { authorization: `Apikey ${SEPAY_KEY}` });
    await until(() => release !== undefined, 2000, 'the store to be called');
    const closed = server?.close();
    release?.();
    expect((await reply).status).toBe(200);
    await closed;
  });

  it('cuts off a client that sends its request too slowly', async () => {
    const bot = await start({ requestTimeoutMs: 200 });
    const socket = connect(server?.port ?? 0, '127.0.0.1');
    const started = Date.now();
    const received = await new Promise<string>((resolve, reject) => {
      let text = '';
      socket.on('data', (data: Buffer) => (text += data.toString()));
      socket.on('close', () => resolve(text));
      socket.on('error', reject);
      socket.write(`POST /webhooks/sepay HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nAuthorization: Apikey ${SEPAY_KEY}\r\nContent-Length: 100\r\n\r\n{"id"`);
    });
    expect(received).toMatch(/^HTTP\/1\.1 408/);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(bot.store.calls).toBe(0);
  });
});
