import { afterAll, describe, expect, it } from 'vitest';
import { startFakeSepay } from '../../fakes/sepay/v1.js';
import { startFakeTelegram, type FakeTelegram } from '../../fakes/telegram/server.js';
import { POSTGRES_MISSING, startPostgres, type PostgresServer } from '../../fakes/postgres-server.js';
import { startHarness } from '../helpers/bot-harness.js';
import { closedAfterEach } from '../helpers/closers.js';
import { tempDir } from '../helpers/temp-dir.js';
import { until } from '../helpers/until.js';

const GROUP = -1001234567890;
/** A private chat: its user may set its language. */
const OWNER = 777001;
const SHOP = '0071000888888';
/** Payments stored before the bot's first start: 1 000 in the morning shift, 500 in the afternoon one. */
const MORNING = 1000;
const PAYMENTS = 1500;

const closers = closedAfterEach();
let server: PostgresServer | undefined;

afterAll(async () => {
  await server?.stop();
});

/** The order codes of an answer, in the order it shows them. */
const codesIn = (answer: string): string[] => answer.match(/DH\d{4}/g) ?? [];
/** The codes of payments `from` down to `to`, newest first. */
const codes = (from: number, to: number): string[] => Array.from({ length: from - to + 1 }, (_, i) => `DH${String(from - i).padStart(4, '0')}`);

async function ask(telegram: FakeTelegram, chatId: number, text: string): Promise<string> {
  const before = telegram.sentTo(chatId).length;
  telegram.sendText(chatId, text);
  await until(() => telegram.sentTo(chatId).length > before, 10_000, `the answer to ${text}`);
  return telegram.sentTo(chatId)[before]?.visible ?? '';
}

/**
 * The bot on this store, first started over a month's history of 1 500 payments a few minutes
 * apart (what its first start stores without alerts), DH0000 the oldest, DH1499 the newest; the
 * owner's private chat speaks English.
 */
async function botOver(storeEnv: Record<string, string>): Promise<FakeTelegram> {
  const sepay = await startFakeSepay({ rateLimitPerSecond: 0 });
  const telegram = await startFakeTelegram({ perChatBurst: 20, perChatPerSecond: 20 });
  closers.push(sepay, telegram);
  telegram.addChat(GROUP);
  sepay.addBankAccount({ accountNumber: SHOP, bankShortName: 'MBBank' });
  const start = Date.now() - 10 * 86_400_000;
  for (let n = 0; n < PAYMENTS; n++) {
    const shift = n < MORNING ? 'ca sang' : 'ca chieu';
    sepay.addTransaction({ accountNumber: SHOP, amountIn: 100_000, content: `DH${String(n).padStart(4, '0')} chuyen tien ${shift}`, date: new Date(start + n * 5 * 60_000) });
  }
  const h = await startHarness({ dataDir: await tempDir(), sepay, env: { ...telegram.botEnv(`${GROUP},${OWNER}`), ...storeEnv } });
  await h.bot.pollNow();
  expect(await ask(telegram, OWNER, '/lang en')).toContain('Language: en');
  return telegram;
}

describe.skipIf(POSTGRES_MISSING !== null)(`/find with DATABASE_URL${POSTGRES_MISSING === null ? '' : ` (skipped: ${POSTGRES_MISSING})`}`, () => {
  const database = async () => {
    server ??= await startPostgres();
    return { DATABASE_URL: await server.createDatabase() };
  };

  it('counts up to 1000 matches: past that it says "more than 1000" and shows the newest 10 in order; exactly 1000 is counted', async () => {
    const telegram = await botOver(await database());
    const vi = await ask(telegram, GROUP, '/find chuyen tien');
    expect(vi.split('\n')[0]).toBe('Tìm thấy hơn 1000 giao dịch, hiển thị 10 giao dịch mới nhất:');
    expect(codesIn(vi)).toEqual(codes(1499, 1490));
    const en = await ask(telegram, OWNER, '/find chuyen tien');
    expect(en.split('\n')[0]).toBe('More than 1000 results, showing newest 10:');
    expect(codesIn(en)).toEqual(codes(1499, 1490));
    // The boundary: the morning shift's 1 000 are counted, not "more than".
    const morning = await ask(telegram, GROUP, '/find ca sang');
    expect(morning.split('\n')[0]).toBe('Tìm thấy 1000 giao dịch, hiển thị 10 giao dịch mới nhất:');
    expect(codesIn(morning)).toEqual(codes(999, 990));
    expect((await ask(telegram, OWNER, '/find ca sang')).split('\n')[0]).toBe('1000 results, showing newest 10:');
  }, 60_000);
});

describe('/find with DATA_DIR', () => {
  it('counts every match exactly, however many', async () => {
    const telegram = await botOver({});
    const vi = await ask(telegram, GROUP, '/find chuyen tien');
    expect(vi.split('\n')[0]).toBe('Tìm thấy 1500 giao dịch, hiển thị 10 giao dịch mới nhất:');
    expect(codesIn(vi)).toEqual(codes(1499, 1490));
    expect((await ask(telegram, OWNER, '/find chuyen tien')).split('\n')[0]).toBe('1500 results, showing newest 10:');
    expect((await ask(telegram, GROUP, '/find ca sang')).split('\n')[0]).toBe('Tìm thấy 1000 giao dịch, hiển thị 10 giao dịch mới nhất:');
  }, 60_000);
});
