import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { startFakeCasso } from '../../fakes/casso/server.js';
import { startFakeZalo, type FakeZalo } from '../../fakes/zalo/server.js';
import { PLUGINS } from '../../src/app/plugins.js';
import type { CheckRow } from '../../src/checks/check-row.js';
import { parseConfig } from '../../src/config/parse-config.js';
import { renderReport } from '../../src/doctor/render-report.js';
import { runDoctor, type DoctorReport } from '../../src/doctor/run-doctor.js';
import { closedAfterEach } from '../helpers/closers.js';
import { tempDir } from '../helpers/temp-dir.js';
import { expectNoSecretIn, SECRETS } from '../config/secrets.js';

const OWNER = 'e4ea2cd5189df1c3a88c';
const CASHIER = '7a1c9f0b3e5d2a4c6b8d';
const NOBODY = 'ffffffffffffffffffff';

const closers = closedAfterEach();

async function world(): Promise<{ zalo: FakeZalo; env: Record<string, string> }> {
  const casso = await startFakeCasso({ apiKey: SECRETS.CASSO_API_KEY });
  const zalo = await startFakeZalo({ token: SECRETS.ZALO_BOT_TOKEN });
  closers.push(casso, zalo);
  casso.addAccount({ accountNumber: '0123456789' });
  zalo.addChat(OWNER);
  zalo.addChat(CASHIER);
  const env = {
    CASSO_API_KEY: SECRETS.CASSO_API_KEY,
    CASSO_API_BASE: casso.url,
    ...zalo.botEnv(`${OWNER},${CASHIER}`),
    ZALO_BOT_TOKEN: SECRETS.ZALO_BOT_TOKEN,
    DATA_DIR: path.join(await tempDir(), 'data'),
  };
  return { zalo, env };
}

async function doctor(env: Record<string, string>): Promise<DoctorReport> {
  const parsed = parseConfig(env, PLUGINS);
  if (!parsed.ok) throw parsed.error;
  return runDoctor(parsed.value, { timeoutMs: 5_000, providerRetry: { attempts: 1, baseDelayMs: 5, maxDelayMs: 10 } });
}

const zaloRows = (report: DoctorReport): CheckRow[] => report.rows.filter((r) => r.check.startsWith('zalo'));

describe('doctor with Zalo', () => {
  it('checks the token, that no webhook is set and each chat, sending no message and printing no secret', async () => {
    const { zalo, env } = await world();
    const report = await doctor(env);
    const text = renderReport(report.rows);
    expect(report.ok, text).toBe(true);
    expect(zaloRows(report).map((r) => `${r.check}:${r.status}`)).toEqual([
      'zalo token:OK',
      'zalo updates:OK',
      `zalo chat ${OWNER}:OK`,
      `zalo chat ${CASHIER}:OK`,
    ]);
    expect(zaloRows(report)[0]?.detail).toContain('Bot bankbell');
    expect(zalo.sent).toEqual([]);
    expect(zalo.chatActions.sort()).toEqual([OWNER, CASHIER].sort());
    expectNoSecretIn(text);
  });

  it('fails a wrong token with its fix', async () => {
    const { env } = await world();
    const report = await doctor({ ...env, ZALO_BOT_TOKEN: '1234:WrongToken' });
    expect(zaloRows(report)).toEqual([{ check: 'zalo token', status: 'FAIL', detail: expect.stringContaining('check ZALO_BOT_TOKEN') }]);
  });

  it('fails a chat whose person blocked the bot, a chat Zalo does not know and a webhook that keeps getUpdates from working', async () => {
    const { zalo, env } = await world();
    zalo.block(CASHIER);
    zalo.setWebhook('https://elsewhere.example/zalo');
    const report = await doctor({ ...env, ZALO_CHAT_IDS: `${OWNER},${CASHIER},${NOBODY}` });
    const rows = Object.fromEntries(zaloRows(report).map((r) => [r.check, r]));
    expect(rows['zalo updates']?.status).toBe('FAIL');
    expect(rows['zalo updates']?.detail).toContain('deleteWebhook');
    expect(rows[`zalo chat ${OWNER}`]?.status).toBe('OK');
    expect(rows[`zalo chat ${CASHIER}`]?.status).toBe('FAIL');
    expect(rows[`zalo chat ${CASHIER}`]?.detail).toMatch(/blocked the bot/);
    expect(rows[`zalo chat ${NOBODY}`]?.status).toBe('FAIL');
    expect(rows[`zalo chat ${NOBODY}`]?.detail).toMatch(/must write to the bot once/);
  });

  it('warns when no chat is listed: the way to learn an id is to write to the bot', async () => {
    const { env } = await world();
    const report = await doctor({ ...env, ZALO_CHAT_IDS: '' });
    expect(zaloRows(report).find((r) => r.check === 'zalo chats')).toEqual({ check: 'zalo chats', status: 'WARN', detail: expect.stringContaining('writes to the bot') });
  });
});
