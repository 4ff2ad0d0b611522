import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sepayPaymentAliases } from '../../src/providers/sepay/payment-aliases.js';
import { StateLockedError } from '../../src/store/errors.js';
import { importState } from '../../src/store/postgres/import-state.js';
import { openPostgresStore } from '../../src/store/postgres/postgres-store.js';
import { StateDatabaseError } from '../../src/store/postgres/database.js';
import { readDataDir } from '../../src/store/files/read-data-dir.js';
import { openFileStore } from '../../src/store/files/file-store.js';
import { POSTGRES_MISSING, startPostgres, type PostgresServer } from '../../fakes/postgres-server.js';
import { tempDir } from '../helpers/temp-dir.js';
import { makeTransaction } from '../../fakes/transactions.js';
import { makeRequest } from './payment-request-contract.js';

let server: PostgresServer;
const DESTS = ['telegram:-100', 'slack:C1'];
const COUNTER_LINK = { secret: 'k'.repeat(32), createdAt: '2026-03-02T05:00:00.000Z' };

/** A DATA_DIR a bot ran on for two days: history, alerts owed, a dead letter, cursors, a migrated group. */
async function usedDataDir() {
  const dataDir = await tempDir();
  let now = new Date('2026-03-01T05:00:00Z');
  const store = await openFileStore({ dataDir, now: () => now, aliases: sepayPaymentAliases });
  const old = makeTransaction({ providerId: '50102' });
  await store.commit({ transactions: [{ tx: old, alert: true }], cursors: { 'sepay:v1': '50102' }, baselined: ['sepay:0123456789'], destinations: DESTS });
  await store.delivered(store.pending('telegram:-100'), { dest: 'telegram:-100', ref: '41', keys: ['sepay:50102'], at: now.getTime() });
  await store.acknowledge({ dest: 'telegram:-100', ref: '41', by: 'Lan', at: now.getTime() + 1000 });
  await store.deadLetter([{ row: store.pending('slack:C1')[0]!, tx: old }], 'channel_not_found');
  now = new Date('2026-03-02T05:00:00Z');
  const owed = makeTransaction();
  await store.commit({ transactions: [{ tx: owed, alert: true }, { tx: makeTransaction(), alert: false }], destinations: DESTS });
  await store.reschedule(store.pending('slack:C1'), 12345, 'rate limited');
  await store.recordMove('telegram:-100', '-1009');
  await store.setCounterLink('telegram:-100', COUNTER_LINK);
  // Two /qr requests: one done with (in its journal), one still open (in the state).
  const day = (iso: string) => ({ createdAt: iso, expiresAt: new Date(Date.parse(iso) + 15 * 60_000).toISOString() });
  await store.addPaymentRequest(makeRequest({ code: 'D0NE2222', ...day('2026-03-01T05:00:00Z') }));
  await store.addPaymentRequest(makeRequest({ code: 'OPEN3333', ...day('2026-03-02T05:00:00Z') }));
  // Expired, then (its grace over, never placed) done with.
  await store.expirePaymentRequests();
  await store.expirePaymentRequests();
  await store.close();
  return { dataDir, old, owed };
}

describe.skipIf(POSTGRES_MISSING !== null)(`npm run migrate-state${POSTGRES_MISSING === null ? '' : ` (skipped: ${POSTGRES_MISSING})`}`, () => {
  beforeAll(async () => {
    server = await startPostgres();
  });
  afterAll(() => server?.stop());

  it('copies a DATA_DIR state whole: the bots on the database alert nothing again and owe what was owed', async () => {
    const { dataDir, old, owed } = await usedDataDir();
    const url = await server.createDatabase();
    const source = await readDataDir(dataDir, new Date('2026-03-02T06:00:00Z'));
    expect(await importState(url, source, sepayPaymentAliases)).toBe('copied');
    const store = await openPostgresStore({ url, aliases: sepayPaymentAliases, now: () => new Date('2026-03-02T06:00:00Z') });
    expect(store.firstStart).toBe(false);
    expect(store.size).toBe(3);
    expect(store.cursor('sepay:v1')).toBe('50102');
    expect(store.isBaselined('sepay:0123456789')).toBe(true);
    expect(store.pending('telegram:-100').map((r) => r.key)).toEqual([`sepay:${owed.providerId}`]);
    expect(store.pending('slack:C1')).toEqual([expect.objectContaining({ key: `sepay:${owed.providerId}`, attempts: 1, nextAt: 12345, lastError: 'rate limited' })]);
    expect(store.deadLetters).toEqual([expect.objectContaining({ dest: 'slack:C1', tx: old, error: 'channel_not_found' })]);
    expect(store.movedTo('telegram:-100')).toBe('-1009');
    expect(store.counterLinks()).toEqual({ 'telegram:-100': COUNTER_LINK });
    // The button's press, and the message it was on, came along.
    expect(await store.acknowledgements('telegram:-100', ['sepay:50102'])).toEqual([
      { key: 'sepay:50102', dest: 'telegram:-100', by: 'Lan', at: Date.parse('2026-03-01T05:00:01Z') },
    ]);
    expect(await store.acknowledge({ dest: 'telegram:-100', ref: '41', by: 'Hoa', at: Date.now() })).toMatchObject({ fresh: [] });
    // The same payment back under SePay's other id is still known.
    expect(store.knows({ ...old, providerId: '3f0c2a9e-1b7d-4c55-9a0e-2d6b8f41c001' })).toBe(true);
    expect(store.paymentRequests().map((r) => r.code)).toEqual(['OPEN3333']);
    expect(store.paymentRequest('D0NE2222')).toMatchObject({ status: 'expired' });
    await store.close();
  });

  it('does nothing the second time, and refuses a database that holds another state', async () => {
    const { dataDir } = await usedDataDir();
    const url = await server.createDatabase();
    const source = await readDataDir(dataDir, new Date('2026-03-02T06:00:00Z'));
    expect(await importState(url, source, sepayPaymentAliases)).toBe('copied');
    expect(await importState(url, source, sepayPaymentAliases)).toBe('already there');
    const store = await openPostgresStore({ url, now: () => new Date('2026-03-02T07:00:00Z') });
    await store.commit({ transactions: [{ tx: makeTransaction(), alert: true }], destinations: DESTS });
    await store.close();
    const error = await importState(url, source, sepayPaymentAliases).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StateDatabaseError);
    expect(String(error)).toMatch(/already holds a different state \(4 payments, 4 alerts owed\).*\(3 payments, 2 alerts owed\)/);
  });

  it('refuses to read a DATA_DIR a bot is running on', async () => {
    const { dataDir } = await usedDataDir();
    const running = await openFileStore({ dataDir });
    await expect(readDataDir(dataDir, new Date())).rejects.toBeInstanceOf(StateLockedError);
    await running.close();
  });
});
