import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from '../../src/core/chat-rules.js';
import type { Transaction } from '../../src/core/model.js';
import { createLogger } from '../../src/log/logger.js';
import { NotLeaderError } from '../../src/store/errors.js';
import { openPostgresStore } from '../../src/store/postgres/postgres-store.js';
import type { MemoryStore } from '../../src/store/memory-store.js';
import { StateDatabaseError } from '../../src/store/postgres/database.js';
import { POSTGRES_MISSING, startPostgres, type PostgresServer } from '../../fakes/postgres-server.js';
import { makeTransaction } from '../../fakes/transactions.js';
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
function expectOwedOnce(store: MemoryStore, txs: readonly Transaction[]): void {
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

/** The first column of the first row of `text`, as a number. */
async function scalar(url: string, text: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<Record<string, unknown>>(text);
    return Number(Object.values(rows[0] ?? {})[0]);
  } finally {
    await client.end();
  }
}

describe.skipIf(POSTGRES_MISSING !== null)(`PostgreSQL store${POSTGRES_MISSING === null ? '' : ` (skipped: ${POSTGRES_MISSING})`}`, () => {
  beforeAll(async () => {
    server = await startPostgres();
  });
  afterAll(() => server?.stop());

  describeStateStore('PostgreSQL store', async () => {
    const url = await server.createDatabase();
    return (options) => openPostgresStore({ url, logger: createLogger({ level: 'warn' }), ...options });
  });

  const tables = ['bankbell_history', 'bankbell_outbox', 'bankbell_cursors', 'bankbell_baselined', 'bankbell_state'];
  it.each(tables)('a commit whose write to %s fails changes nothing, in memory or in the database; the retry stores it once', async (table) => {
    const url = await server.createDatabase();
    const store = await openPostgresStore({ url, retryMs: 60_000, refreshMs: 60_000 });
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
    const again = await openPostgresStore({ url });
    expectOwedOnce(again, [first, ...batch]);
    expect(again.cursor('sepay:v1')).toBe('2');
    await again.close();
  });

  it('keeps an alert owed when recording its delivery fails, and records it once the database takes writes', async () => {
    const url = await server.createDatabase();
    const store = await openPostgresStore({ url, retryMs: 60_000, refreshMs: 60_000 });
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
    const again = await openPostgresStore({ url });
    expect(again.pending('slack:C1')).toEqual([]);
    expect(again.pending('telegram:-100')).toHaveLength(1);
    await again.close();
  });

  it("removes a delivered alert's rows even when its message record cannot be written: the button is lost, the alert is not sent again", async () => {
    const url = await server.createDatabase();
    const logs: string[] = [];
    const store = await openPostgresStore({ url, retryMs: 60_000, refreshMs: 60_000, logger: createLogger({ level: 'info', write: (line) => logs.push(line) }) });
    await store.commit(commitOf([makeTransaction()], '1'));
    const row = store.pending('slack:C1')[0]!;
    await breakTable(url, 'bankbell_alert_messages');
    await store.delivered([row], { dest: 'slack:C1', ref: '1700000000.000100', keys: [row.key], at: Date.now() });
    expect(store.pending('slack:C1')).toEqual([]);
    expect(store.writable).toBe(true);
    expect(logs.some((line) => line.includes('ack.message_unrecorded'))).toBe(true);
    expect(await store.acknowledge({ dest: 'slack:C1', ref: '1700000000.000100', by: 'Lan', at: Date.now() })).toEqual({ message: null });
    await store.close();
    const again = await openPostgresStore({ url });
    expect(again.pending('slack:C1')).toEqual([]);
    expect(again.pending('telegram:-100')).toHaveLength(1);
    await again.close();
  });

  it('refuses payments while the server is down, says so once, and resumes by itself when it is back', async () => {
    const url = await server.createDatabase();
    const logged: string[] = [];
    const logger = createLogger({ level: 'info', write: (line) => logged.push(/ (state\.\w+)/.exec(line)?.[1] ?? '') });
    const store = await openPostgresStore({ url, retryMs: 50, refreshMs: 60_000, logger });
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
    const store = await openPostgresStore({ url, retryMs: 60_000, refreshMs: 60_000, logger });
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
    const again = await openPostgresStore({ url });
    expect(again.get(`sepay:${odd.providerId}`)?.content).toBe('DH1042 \ufffd cam on\ufffd');
    expectOwedOnce(again, [odd, later]);
    await again.close();
  });

  it('shows a /qr request another bot let go as done with, and out of the requests it holds', async () => {
    const url = await server.createDatabase();
    let now = new Date('2025-04-10T03:41:00.000Z');
    const a = await openPostgresStore({ url, refreshMs: 20, now: () => now });
    const b = await openPostgresStore({ url, refreshMs: 20, now: () => now });
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
    const a = await openPostgresStore({ url, refreshMs: 20 });
    const b = await openPostgresStore({ url, refreshMs: 20 });
    expect([a.firstStart, b.firstStart]).toEqual([true, false]);
    const tx = makeTransaction();
    const woken: string[] = [];
    a.on(['outbox-grew'], () => woken.push('a'));
    expect(await b.commit({ transactions: [{ tx, alert: true }], destinations: DESTS })).toEqual([tx]);
    // The other bot's view catches up on its own (its dispatcher is woken) …
    await until(() => a.has(`sepay:${tx.providerId}`) && a.pending('slack:C1').length === 1);
    expect(woken).toContain('a');
    // … and before any write of its own, even when it has not yet.
    const c = await openPostgresStore({ url, refreshMs: 60_000 });
    const other = makeTransaction();
    await b.commit({ transactions: [{ tx: other, alert: true }], destinations: DESTS });
    expect(await c.commit({ transactions: [{ tx: other, alert: true }, { tx, alert: true }], destinations: DESTS })).toEqual([]);
    expect(c.pending('slack:C1')).toHaveLength(2);
    for (const store of [a, b, c]) await store.close();
  });

  it("tells a bot each change another bot made by its own event: rules, requests, alerts owed, counter links", async () => {
    const url = await server.createDatabase();
    const a = await openPostgresStore({ url, refreshMs: 20, now: () => new Date('2025-04-10T03:41:00.000Z') });
    const b = await openPostgresStore({ url, refreshMs: 60_000, now: () => new Date('2025-04-10T03:41:00.000Z') });
    const told: string[] = [];
    for (const event of ['outbox-grew', 'rules-changed', 'requests-changed'] as const) a.on([event], () => told.push(event));
    await b.setChatRules('slack:C1', { ...DEFAULT_RULES, min: 5 });
    await until(() => a.chatRules('slack:C1').min === 5, 5000, 'the rules seen by the other bot');
    expect(told.splice(0)).toEqual(['rules-changed']);
    await b.addPaymentRequest(makeRequest());
    await until(() => a.paymentRequests().length === 1, 5000, 'the request seen by the other bot');
    expect(told.splice(0)).toEqual(['requests-changed']);
    await b.commit({ transactions: [{ tx: makeTransaction(), alert: true }], destinations: DESTS });
    await until(() => a.outboxSize === 2, 5000, 'the alerts seen by the other bot');
    expect(told.splice(0)).toEqual(['outbox-grew']);
    a.on(['counters-changed'], () => told.push('counters-changed'));
    await b.setCounterLink('slack:C1', { secret: 'c'.repeat(32), createdAt: '2025-04-10T03:41:00.000Z' });
    await until(() => a.counterLink('slack:C1') !== undefined, 5000, 'the counter link seen by the other bot');
    await b.setCounterLink('slack:C1', null);
    await until(() => a.counterLink('slack:C1') === undefined, 5000, 'the revoked link seen by the other bot');
    expect(told.splice(0)).toEqual(['counters-changed', 'counters-changed']);
    for (const store of [a, b]) await store.close();
  });

  it('fences a replaced leader: it owes no alerts, and cannot move cursors or outbox rows; pushes it may still store', async () => {
    const url = await server.createDatabase();
    let epoch: number | null = 0;
    const store = await openPostgresStore({ url, refreshMs: 60_000, leaderEpoch: () => epoch });
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

  it('bumps the version other bots reload on only for a change: a poll that found nothing, an expiry with none due and a press on no known message leave it', async () => {
    const url = await server.createDatabase();
    const store = await openPostgresStore({ url, refreshMs: 60_000 });
    await store.commit(commitOf([makeTransaction()], '1'));
    const version = () => scalar(url, 'SELECT version FROM bankbell_state');
    const before = await version();
    expect(await store.commit(commitOf([], '1'))).toEqual([]);
    await store.expirePaymentRequests();
    expect(await store.acknowledge({ dest: 'slack:C1', ref: 'no-such-message', by: 'An', at: 1 })).toEqual({ message: null });
    expect(await version()).toBe(before);
    await store.commit(commitOf([], '2'));
    expect(await version()).toBe(before + 1);
    await store.close();
  });

  it('keeps one refresh waiting at most while the database stalls, not one per tick', async () => {
    const url = await server.createDatabase();
    const store = await openPostgresStore({ url, refreshMs: 10, retryMs: 60_000 });
    // Every reader of the state row waits behind this lock, as behind a database that stopped answering.
    // Each refresh and each write reads the state row once: the server counts the reads of its table.
    const reads = () => scalar(url, `SELECT seq_scan + coalesce(idx_scan, 0) FROM pg_stat_user_tables WHERE relname = 'bankbell_state'`);
    const stall = new pg.Client({ connectionString: url });
    await stall.connect();
    await stall.query('BEGIN');
    await stall.query('LOCK TABLE bankbell_state IN ACCESS EXCLUSIVE MODE');
    const before = await reads();
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await stall.query('COMMIT');
    await stall.end();
    // A write queued now runs after every refresh waiting before it.
    await store.setChatRules('slack:C1', { ...store.chatRules('slack:C1'), ops: false });
    await store.close();
    // The server has counted a session's transactions once it has ended: read until the count settles.
    let counts = [before, await reads()];
    while (counts.at(-1) !== counts.at(-2)) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      counts = [...counts, await reads()];
    }
    // The refresh the stall held, one more, the write (and what opening read, if not counted yet); a refresh per tick would be about 100.
    console.log(`reads: ${counts.at(-1)! - before}`);
    expect(counts.at(-1)! - before).toBeLessThan(20);
  });

  it('keeps, at start, alerts owed to chats this bot does not know (another bot may), unless their payment left the history', async () => {
    const url = await server.createDatabase();
    const longAgo = new Date(Date.now() - 60 * 86_400_000);
    const old = await openPostgresStore({ url, now: () => longAgo });
    const stale = makeTransaction();
    await old.commit(commitOf([stale], '1'));
    await old.close();
    const leader = await openPostgresStore({ url, retentionDays: 45 });
    const owed = makeTransaction();
    await leader.commit(commitOf([owed], '2'));
    // A bot whose configuration names only the Slack channel starts beside it.
    const other = await openPostgresStore({ url, retentionDays: 45 });
    expect(await other.dropDestinationsExcept(['slack:C1'])).toBe(1);
    await other.close();
    await until(() => leader.pending('telegram:-100').length === 1);
    expect(leader.pending('telegram:-100').map((r) => r.key)).toEqual([`sepay:${owed.providerId}`]);
    expect(leader.pending('slack:C1')).toHaveLength(2);
    await leader.close();
  });

  it('refuses a database written by a newer bankbell, and rows it cannot read, naming them', async () => {
    const url = await server.createDatabase();
    const store = await openPostgresStore({ url });
    await store.commit(commitOf([makeTransaction()], '1'));
    await store.close();
    await server.sql(url, `UPDATE bankbell_history SET tx = '{"provider":"sepay"}'`);
    const damaged = await openPostgresStore({ url }).catch((e: unknown) => e);
    expect(damaged).toBeInstanceOf(StateDatabaseError);
    expect(String(damaged)).toMatch(/bankbell_history: a row does not have the shape/);
    await server.sql(url, 'UPDATE bankbell_schema SET version = 99');
    await expect(openPostgresStore({ url })).rejects.toThrow(/version 99, newer than this bankbell knows/);
  });

  it("catches up past a chat whose stored rules cannot be read: that chat gets the defaults, the others keep theirs, and the log says so", async () => {
    const url = await server.createDatabase();
    const logs: string[] = [];
    const logger = createLogger({ level: 'info', write: (line) => logs.push(line) });
    const store = await openPostgresStore({ url, logger, refreshMs: 60_000 });
    await store.setChatRules('telegram:-100', { ...DEFAULT_RULES, min: 500_000 });
    await store.setChatRules('slack:C1', { ...DEFAULT_RULES, privacy: true });
    await store.close();
    // What an older bankbell stored for `/alerts constructor` (JSON drops the function it held).
    await server.sql(url, `UPDATE bankbell_chat_rules SET rules = rules - 'alerts' WHERE dest = 'slack:C1'`);

    const again = await openPostgresStore({ url, logger, refreshMs: 60_000 });
    expect(again.chatRules('telegram:-100').min).toBe(500_000);
    expect(again.chatRules('slack:C1')).toEqual(DEFAULT_RULES);
    expect(logs.find((line) => line.includes('rules.unreadable'))).toContain('slack:C1');
    // Writes still work, and setting the chat's rules again replaces the unreadable row.
    await again.setChatRules('slack:C1', { ...DEFAULT_RULES, ops: false });
    await again.close();
    const third = await openPostgresStore({ url, refreshMs: 60_000 });
    expect(third.chatRules('slack:C1')).toEqual({ ...DEFAULT_RULES, ops: false });
    await third.close();
  });

  it('names the database, without its password, when it cannot connect', async () => {
    const url = `postgres://bankbell:s3cret@127.0.0.1:${server.port + 1}/nowhere`;
    const error = await openPostgresStore({ url }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StateDatabaseError);
    expect(String(error)).toContain('cannot connect');
    expect(String(error)).not.toContain('s3cret');
  });
});
