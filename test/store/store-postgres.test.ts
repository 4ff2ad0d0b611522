import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Transaction } from '../../src/core/model.js';
import { createLogger } from '../../src/log/logger.js';
import { NotLeaderError, PostgresStore, StateDatabaseError } from '../../src/store/postgres/postgres-store.js';
import { POSTGRES_MISSING, startPostgres, type PostgresServer } from '../helpers/postgres-server.js';
import { makeTransaction } from '../helpers/transactions.js';
import { until } from '../helpers/until.js';
import { describeStateStore } from './store-contract.js';
import { makeRequest } from './payment-request-contract.js';

let server: PostgresServer;
const DESTS = ['telegram:-100', 'slack:C1'];
const commitOf = (txs: Transaction[], cursor: string) => ({
  transactions: txs.map((tx) => ({ tx, alert: true })),
  cursors: { 'sepay:v1': cursor },
  baselined: [`sepay:${cursor}`],
  destinations: DESTS,
});

/** Every payment owed exactly once to each destination, and nothing else. */
function expectOwedOnce(store: PostgresStore, txs: readonly Transaction[]): void {
  for (const dest of DESTS) expect(store.pending(dest).map((r) => r.key).sort()).toEqual(txs.map((tx) => `sepay:${tx.providerId}`).sort());
  expect(store.size).toBe(txs.length);
}

/** Makes every write to `table` fail inside the server, as a full disk or a revoked grant would. */
const breakTable = (url: string, table: string) =>
  server.sql(
    url,
    `CREATE OR REPLACE FUNCTION bankbell_fault() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'injected fault'; END $$;
     CREATE TRIGGER fault BEFORE INSERT OR UPDATE OR DELETE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION bankbell_fault();`,
  );
const healTable = (url: string, table: string) => server.sql(url, `DROP TRIGGER fault ON ${table}`);

describe.skipIf(POSTGRES_MISSING !== null)(`PostgreSQL store${POSTGRES_MISSING === null ? '' : ` (skipped: ${POSTGRES_MISSING})`}`, () => {
  beforeAll(async () => {
    server = await startPostgres();
  });
  afterAll(() => server?.stop());

  describeStateStore('PostgreSQL store', async () => {
    const url = await server.createDatabase();
    return (options) => PostgresStore.open({ url, logger: createLogger({ level: 'warn' }), ...options });
  });

  const tables = ['bankbell_history', 'bankbell_outbox', 'bankbell_cursors', 'bankbell_baselined', 'bankbell_state'];
  it.each(tables)('a commit whose write to %s fails changes nothing, in memory or in the database; the retry stores it once', async (table) => {
    const url = await server.createDatabase();
    const store = await PostgresStore.open({ url, retryMs: 60_000, refreshMs: 60_000 });
    const first = makeTransaction();
    await store.commit(commitOf([first], '1'));
    const batch = [makeTransaction(), makeTransaction()];
    await breakTable(url, table);
    await expect(store.commit(commitOf(batch, '2'))).rejects.toThrow(/injected fault/);
    expect(store.writable).toBe(false);
    expectOwedOnce(store, [first]);
    expect(store.cursor('sepay:v1')).toBe('1');
    expect(store.isBaselined('sepay:2')).toBe(false);
    await healTable(url, table);
    expect(await store.commit(commitOf(batch, '2'))).toHaveLength(2);
    expect(store.writable).toBe(true);
    expectOwedOnce(store, [first, ...batch]);
    await store.close();
    const again = await PostgresStore.open({ url });
    expectOwedOnce(again, [first, ...batch]);
    expect(again.cursor('sepay:v1')).toBe('2');
    await again.close();
  });

  it('keeps an alert owed when recording its delivery fails, and records it once the database takes writes', async () => {
    const url = await server.createDatabase();
    const store = await PostgresStore.open({ url, retryMs: 60_000, refreshMs: 60_000 });
    await store.commit(commitOf([makeTransaction()], '1'));
    const row = store.pending('slack:C1')[0]!;
    await breakTable(url, 'bankbell_outbox');
    await expect(store.delivered([row])).rejects.toThrow(/injected fault/);
    await expect(store.reschedule([row], 5, 'boom')).rejects.toThrow(/injected fault/);
    expect(store.pending('slack:C1')).toEqual([row]);
    await healTable(url, 'bankbell_outbox');
    await store.delivered([row]);
    expect(store.pending('slack:C1')).toEqual([]);
    await store.close();
    const again = await PostgresStore.open({ url });
    expect(again.pending('slack:C1')).toEqual([]);
    expect(again.pending('telegram:-100')).toHaveLength(1);
    await again.close();
  });

  it('refuses payments while the server is down, says so once, and resumes by itself when it is back', async () => {
    const url = await server.createDatabase();
    const logged: string[] = [];
    const logger = createLogger({ level: 'info', write: (line) => logged.push(/ (state\.\w+)/.exec(line)?.[1] ?? '') });
    const store = await PostgresStore.open({ url, retryMs: 50, refreshMs: 60_000, logger });
    const first = makeTransaction();
    await store.commit(commitOf([first], '1'));
    const late = makeTransaction();
    await server.down();
    try {
      await expect(store.commit(commitOf([late], '2'))).rejects.toThrow();
      expect(store.writable).toBe(false);
      expectOwedOnce(store, [first]);
    } finally {
      await server.up();
    }
    await until(() => store.writable, 10_000, 'writable again');
    expect(logged.filter((e) => e.startsWith('state.'))).toEqual(['state.unwritable', 'state.writable_again']);
    expect(await store.commit(commitOf([late], '2'))).toEqual([late]);
    await store.close();
  });

  it('refuses a write for what it holds without calling the database unwritable; text no column takes is stored as U+FFFD', async () => {
    const url = await server.createDatabase();
    const logged: string[] = [];
    const logger = createLogger({ level: 'info', write: (line) => logged.push(line) });
    const store = await PostgresStore.open({ url, retryMs: 60_000, refreshMs: 60_000, logger });
    // Half an emoji, and a NUL, in untrusted content: jsonb takes neither.
    const odd = makeTransaction({ content: 'DH1042 \ud83d cam on\u0000' });
    expect(await store.commit(commitOf([odd], '1'))).toEqual([odd]);
    // A NUL in a key no text column takes: that write alone is refused.
    await expect(store.commit(commitOf([makeTransaction({ providerId: 'bad\u0000id' })], '2'))).rejects.toThrow();
    expect(store.writable).toBe(true);
    const later = makeTransaction();
    expect(await store.commit(commitOf([later], '3'))).toEqual([later]);
    expect(logged.filter((l) => l.includes('state.unwritable'))).toEqual([]);
    await store.close();
    const again = await PostgresStore.open({ url });
    expect(again.get(`sepay:${odd.providerId}`)?.content).toBe('DH1042 \ufffd cam on\ufffd');
    expectOwedOnce(again, [odd, later]);
    await again.close();
  });

  it('shows a /qr request another bot let go as done with, and out of the requests it holds', async () => {
    const url = await server.createDatabase();
    let now = new Date('2025-04-10T03:41:00.000Z');
    const a = await PostgresStore.open({ url, refreshMs: 20, now: () => now });
    const b = await PostgresStore.open({ url, refreshMs: 20, now: () => now });
    await a.addPaymentRequest(makeRequest());
    await until(() => b.paymentRequests().length === 1, 5000, 'the request seen by the other bot');
    now = new Date('2025-04-10T06:00:00.000Z');
    await a.expirePaymentRequests();
    await a.expirePaymentRequests();
    await until(() => b.paymentRequests().length === 0, 5000, 'the request gone from the other bot');
    expect(b.paymentRequest('QR7K2M9P')).toMatchObject({ status: 'expired' });
    for (const store of [a, b]) await store.close();
  });

  it('lets two bots share one database: each sees what the other stored, and a payment is stored and owed once', async () => {
    const url = await server.createDatabase();
    const a = await PostgresStore.open({ url, refreshMs: 20 });
    const b = await PostgresStore.open({ url, refreshMs: 20 });
    expect([a.firstStart, b.firstStart]).toEqual([true, false]);
    const tx = makeTransaction();
    const woken: string[] = [];
    a.onOutboxAdded(() => woken.push('a'));
    expect(await b.commit({ transactions: [{ tx, alert: true }], destinations: DESTS })).toEqual([tx]);
    // The other bot's view catches up on its own (its dispatcher is woken) …
    await until(() => a.has(`sepay:${tx.providerId}`) && a.pending('slack:C1').length === 1);
    expect(woken).toContain('a');
    // … and before any write of its own, even when it has not yet.
    const c = await PostgresStore.open({ url, refreshMs: 60_000 });
    const other = makeTransaction();
    await b.commit({ transactions: [{ tx: other, alert: true }], destinations: DESTS });
    expect(await c.commit({ transactions: [{ tx: other, alert: true }, { tx, alert: true }], destinations: DESTS })).toEqual([]);
    expect(c.pending('slack:C1')).toHaveLength(2);
    for (const store of [a, b, c]) await store.close();
  });

  it('fences a replaced leader: it owes no alerts, and cannot move cursors or outbox rows; pushes it may still store', async () => {
    const url = await server.createDatabase();
    let epoch: number | null = 0;
    const store = await PostgresStore.open({ url, refreshMs: 60_000, leaderEpoch: () => epoch });
    await store.commit(commitOf([makeTransaction()], '1'));
    const [row] = store.pending('slack:C1');
    // Another bot takes over: the database's epoch moves on, this bot's has not noticed yet.
    await server.sql(url, 'UPDATE bankbell_state SET epoch = epoch + 1');
    await expect(store.delivered([row!])).rejects.toBeInstanceOf(NotLeaderError);
    await expect(store.reschedule([row!], 5, 'x')).rejects.toBeInstanceOf(NotLeaderError);
    const pushed = makeTransaction();
    const [poll, push] = await Promise.allSettled([
      store.commit(commitOf([makeTransaction()], '2')),
      store.commit({ transactions: [{ tx: pushed, alert: true }], destinations: DESTS }),
    ]);
    expect(poll).toMatchObject({ status: 'rejected', reason: expect.any(NotLeaderError) });
    expect(push).toEqual({ status: 'fulfilled', value: [pushed] });
    expect(store.writable).toBe(true);
    expect(store.cursor('sepay:v1')).toBe('1');
    expect(store.pending('slack:C1')).toHaveLength(2);
    epoch = null;
    expect(store.pending('slack:C1')).toEqual([]);
    expect(store.outboxSize).toBe(4);
    await store.close();
  });

  it('refuses a database written by a newer bankbell, and rows it cannot read, naming them', async () => {
    const url = await server.createDatabase();
    const store = await PostgresStore.open({ url });
    await store.commit(commitOf([makeTransaction()], '1'));
    await store.close();
    await server.sql(url, `UPDATE bankbell_history SET tx = '{"provider":"sepay"}'`);
    const damaged = await PostgresStore.open({ url }).catch((e: unknown) => e);
    expect(damaged).toBeInstanceOf(StateDatabaseError);
    expect(String(damaged)).toMatch(/bankbell_history: a row does not have the shape/);
    await server.sql(url, 'UPDATE bankbell_schema SET version = 99');
    await expect(PostgresStore.open({ url })).rejects.toThrow(/version 99, newer than this bankbell knows/);
  });

  it('names the database, without its password, when it cannot connect', async () => {
    const url = `postgres://bankbell:s3cret@127.0.0.1:${server.port + 1}/nowhere`;
    const error = await PostgresStore.open({ url }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StateDatabaseError);
    expect(String(error)).toContain('cannot connect');
    expect(String(error)).not.toContain('s3cret');
  });
});
