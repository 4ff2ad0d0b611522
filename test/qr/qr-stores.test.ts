import { afterAll, describe, expect, it } from 'vitest';
import { startFakeSepay, type FakeSepay } from '../../fakes/sepay/v1.js';
import { startFakeTelegram, type FakeTelegram } from '../../fakes/telegram/server.js';
import { startHarness, type Harness } from '../helpers/bot-harness.js';
import { closedAfterEach } from '../helpers/closers.js';
import { POSTGRES_MISSING, startPostgres, type PostgresServer } from '../../fakes/postgres-server.js';
import { tempDir } from '../helpers/temp-dir.js';
import { askQr } from './telegram-qr.js';

const GROUP = -1001234567890;
const SHOP = '0071000888888';

const closers = closedAfterEach();
let server: PostgresServer | undefined;

/** Where the bot keeps its state: a data directory, or a PostgreSQL database. */
const STORES = [
  { name: 'DATA_DIR', env: async () => ({}) },
  {
    name: 'PostgreSQL',
    env: async () => {
      server ??= await startPostgres();
      return { DATABASE_URL: await server.createDatabase() };
    },
  },
].filter((s) => s.name !== 'PostgreSQL' || POSTGRES_MISSING === null);

interface Setup {
  sepay: FakeSepay;
  telegram: FakeTelegram;
  env: Record<string, string>;
  h: Harness;
}

async function setup(storeEnv: Record<string, string>): Promise<Setup> {
  const sepay = await startFakeSepay();
  const telegram = await startFakeTelegram({ perChatBurst: 20, perChatPerSecond: 20 });
  closers.push(sepay, telegram);
  telegram.addChat(GROUP);
  sepay.addBankAccount({ accountNumber: SHOP, bankShortName: 'MBBank' });
  const env = { ...telegram.botEnv(String(GROUP)), ...storeEnv };
  const h = await startHarness({ dataDir: await tempDir(), sepay, env });
  await h.bot.pollNow();
  return { sepay, telegram, env, h };
}

/** Half of a surrogate pair on its own: what no store can write as text. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

describe.each(STORES)('/qr on the $name store', (store) => {
  afterAll(async () => {
    await server?.stop();
    server = undefined;
  });
  it('stores a note ending in an emoji cut at its length limit, whole, and the store stays writable', async () => {
    const s = await setup(await store.env());
    // 199 letters and an emoji: the 200-unit limit falls between the emoji's two halves.
    const note = `${'a'.repeat(199)}😀 bàn 5`;
    const { answer, code } = await askQr(s.telegram, GROUP, `/qr 250k ${note}`);
    expect(answer.photo?.subarray(1, 4).toString()).toBe('PNG');
    expect(code).not.toBeNull();
    const [request] = s.h.bot.store.paymentRequests();
    expect(request?.note).toBe(`${'a'.repeat(199)}…`);
    expect(request?.note).not.toMatch(LONE_SURROGATE);
    expect(s.h.bot.store.writable).toBe(true);
    expect(s.h.logs.filter((l) => l.includes('state.unwritable'))).toEqual([]);
  });
});
