import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transactionKey, type Transaction } from '../../src/core/model.js';
import { sepayPaymentAliases } from '../../src/providers/sepay/payment-aliases.js';
import type { FindQuery } from '../../src/search/query.js';
import type { MemoryStore } from '../../src/store/memory-store.js';
import { openPostgresStore, type PostgresStoreOptions } from '../../src/store/postgres/postgres-store.js';
import { POSTGRES_MISSING, startPostgres, type PostgresServer } from '../../fakes/postgres-server.js';
import { makeTransaction } from '../../fakes/transactions.js';
import { until } from '../helpers/until.js';

let server: PostgresServer;
const DEST = 'telegram:-100';
const EVERYTHING: FindQuery = { text: [], amounts: [], day: null, from: null, to: null, accountSuffix: null };
const dayAt = (day: number) => new Date(Date.UTC(2026, 2, day, 5));

describe.skipIf(POSTGRES_MISSING !== null)(`History held in memory with PostgreSQL${POSTGRES_MISSING === null ? '' : ` (skipped: ${POSTGRES_MISSING})`}`, () => {
  beforeAll(async () => {
    server = await startPostgres();
  });
  afterAll(() => server?.stop());

  /** A bot's store on a shared database, on a clock the test moves. */
  async function bots() {
    const url = await server.createDatabase();
    const clock = { now: dayAt(1) };
    const open = (options: Partial<PostgresStoreOptions> = {}) =>
      openPostgresStore({ url, now: () => clock.now, refreshMs: 60_000, aliases: sepayPaymentAliases, ...options });
    return { clock, open };
  }

  /** One payment a day, made and stored that day, its alert delivered; returns them. */
  async function storeDays(store: MemoryStore, clock: { now: Date }, days: number, make: (day: number) => Partial<Transaction> = () => ({})): Promise<Transaction[]> {
    const txs: Transaction[] = [];
    for (let day = 1; day <= days; day++) {
      clock.now = dayAt(day);
      const tx = makeTransaction({ occurredAt: clock.now.toISOString(), ...make(day) });
      txs.push(tx);
      await store.commit({ transactions: [{ tx, alert: true }], destinations: [DEST] });
      await store.delivered(store.pending(DEST).filter((row) => row.key === transactionKey(tx)));
    }
    return txs;
  }

  it('holds only the newest four days in memory, running or reopened, while /find finds them all', async () => {
    const { clock, open } = await bots();
    const store = await open();
    await storeDays(store, clock, 8);
    // The day's clean-up follows the day's first commit.
    await until(() => store.size === 4);
    expect((await store.search.find(EVERYTHING, { timeZone: 'Asia/Ho_Chi_Minh' })).total).toBe(8);
    await store.close();
    const again = await open();
    expect(again.size).toBe(4);
    expect([...again.transactions()].map((tx) => tx.occurredAt).sort()).toEqual([dayAt(5), dayAt(6), dayAt(7), dayAt(8)].map((d) => d.toISOString()));
    await again.close();
  });

  it('never stores or alerts again a payment older than memory holds, whichever bot it comes back to', async () => {
    const { clock, open } = await bots();
    const leader = await open();
    const txs = await storeDays(leader, clock, 6);
    const standby = await open();
    const first = txs[0]!;
    // The provider retries an old delivery: to the leader, to a bot that just started, and twice at once.
    expect(await leader.commit({ transactions: [{ tx: first, alert: true }], destinations: [DEST] })).toEqual([]);
    expect(await standby.commit({ transactions: [{ tx: first, alert: true }], destinations: [DEST] })).toEqual([]);
    const twice = await Promise.all([leader, standby].map((s) => s.commit({ transactions: [{ tx: txs[1]!, alert: true }], destinations: [DEST] })));
    expect(twice).toEqual([[], []]);
    await standby.refresh();
    expect(leader.pending(DEST)).toEqual([]);
    expect(standby.pending(DEST)).toEqual([]);
    expect((await leader.search.find(EVERYTHING, { timeZone: 'UTC' })).total).toBe(6);
    await Promise.all([leader.close(), standby.close()]);
  });

  it('knows an old transfer another provider reported, or a SePay payment seen under its other id, and owes no alert for it', async () => {
    const { clock, open } = await bots();
    const store = await open();
    const [bySepay] = await storeDays(store, clock, 5, (day) => ({ providerId: String(50_100 + day), reference: `FT${day}`, amount: 100_000 }));
    await store.close();
    const again = await open();
    // Day 1 is out of memory: Casso reports the same transfer, SePay's API v2 lists it under a UUID.
    const byCasso = { ...bySepay!, provider: 'casso', providerId: '9001', content: 'other wording', reference: ' ft1 ' };
    const viaV2 = { ...bySepay!, providerId: '3f0c2a9e-1b7d-4c55-9a0e-2d6b8f41c001' };
    expect(again.knows(viaV2)).toBe(false); // memory alone does not know it
    expect(await again.commit({ transactions: [{ tx: viaV2, alert: true }], destinations: [DEST] })).toEqual([]);
    expect(await again.commit({ transactions: [{ tx: byCasso, alert: true }], destinations: [DEST] })).toEqual([byCasso]);
    expect(again.pending(DEST)).toEqual([]);
    await again.close();
  });

  it('keeps in memory the payments alerts are still owed for, however old, and sends them after a restart', async () => {
    const { clock, open } = await bots();
    const store = await open();
    const owed = makeTransaction({ occurredAt: dayAt(1).toISOString() });
    await store.commit({ transactions: [{ tx: owed, alert: true }], destinations: [DEST, 'slack:C1'] });
    await store.delivered(store.pending('slack:C1'));
    // The Telegram group refuses messages for a week.
    await storeDays(store, clock, 8, () => ({}));
    expect(store.pending(DEST).map((row) => row.key)).toEqual([transactionKey(owed)]);
    await until(() => store.size === 5);
    expect(store.get(transactionKey(owed))).toEqual(owed);
    await store.close();
    const again = await open();
    expect(again.size).toBe(5);
    expect(again.pending(DEST).map((row) => row.key)).toEqual([transactionKey(owed)]);
    expect(again.get(transactionKey(owed))).toEqual(owed);
    await again.delivered(again.pending(DEST));
    clock.now = dayAt(9);
    await again.commit({ transactions: [{ tx: makeTransaction({ occurredAt: clock.now.toISOString() }), alert: false }], destinations: [] });
    // Sent: the next day's clean-up lets it go from memory.
    await until(() => again.size === 4);
    await again.close();
  });

  it('starts with 150 000 payments in the days it holds (a busy chain)', async () => {
    const url = await server.createDatabase();
    const first = await openPostgresStore({ url, refreshMs: 60_000 });
    await first.close();
    const now = Date.now();
    await server.sql(
      url,
      `INSERT INTO bankbell_history (key, tx, alert, stored_at, day, account, occurred_ms, amount_abs, folded)
       SELECT 'sepay:' || n, jsonb_build_object('provider', 'sepay', 'providerId', n::text, 'accountNumber', '0123456789', 'bank', 'MBBank',
           'amount', 10000, 'direction', 'in', 'content', 'DH' || n, 'reference', NULL,
           'occurredAt', to_char(to_timestamp(at / 1000.0) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
           'balanceAfter', NULL, 'counterparty', NULL, 'code', NULL, 'virtualAccount', NULL),
         false, at, to_char(to_timestamp(at / 1000.0) AT TIME ZONE 'Asia/Ho_Chi_Minh', 'YYYY-MM-DD'), '0123456789', at, 10000, 'dh' || n
       FROM (SELECT n, ${now} - n AS at FROM generate_series(1, 150000) AS n) AS s`,
    );
    // Too slow, the server would end the read for idling in its transaction (see database.ts).
    const store = await openPostgresStore({ url, refreshMs: 60_000 });
    expect(store.size).toBe(150_000);
    await store.close();
    // Inserting and reading back 150 000 rows takes seconds of CPU: room for a busy machine.
  }, 60_000);
});
