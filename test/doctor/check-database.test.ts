import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkDatabase } from '../../src/doctor/check-database.js';
import { DatabaseLeadership } from '../../src/leader/leadership.js';
import { silentLogger } from '../../src/log/logger.js';
import { PostgresStore } from '../../src/store/postgres/postgres-store.js';
import { POSTGRES_MISSING, startPostgres, type PostgresServer } from '../../fakes/postgres-server.js';
import { makeTransaction } from '../../fakes/transactions.js';

let server: PostgresServer;
const summary = (rows: { check: string; status: string }[]) => rows.map((r) => `${r.check}:${r.status}`);

describe.skipIf(POSTGRES_MISSING !== null)(`npm run doctor with DATABASE_URL${POSTGRES_MISSING === null ? '' : ` (skipped: ${POSTGRES_MISSING})`}`, () => {
  beforeAll(async () => {
    server = await startPostgres();
  });
  afterAll(() => server?.stop());

  it('says an empty database is fine (the bot creates its tables), and creates nothing itself', async () => {
    const url = await server.createDatabase();
    const rows = await checkDatabase(url, 5_000);
    expect(rows).toEqual([expect.objectContaining({ status: 'OK', detail: expect.stringMatching(/no bankbell tables yet/) })]);
    expect(await checkDatabase(url, 5_000)).toEqual(rows);
  });

  it('names the leader, counts waiting alerts and lists dead letters; warns when no bot leads', async () => {
    const url = await server.createDatabase();
    const store = await PostgresStore.open({ url });
    const [a, b] = [makeTransaction(), makeTransaction()];
    await store.commit({ transactions: [{ tx: a, alert: true }, { tx: b, alert: true }], destinations: ['slack:C1'] });
    await store.deadLetter([{ row: store.pending('slack:C1')[0]!, tx: a }], 'channel_not_found');
    const leadership = new DatabaseLeadership({ url, instance: 'shop-1:4242', logger: silentLogger });
    await leadership.start();
    const rows = await checkDatabase(url, 5_000);
    expect(summary(rows)).toEqual(['database:OK', 'leader:OK', 'dead letter:WARN']);
    expect(rows[0]?.detail).toMatch(/1 alert waiting/);
    expect(rows[1]?.detail).toMatch(/shop-1:4242 leads \(epoch 1\)/);
    expect(rows[2]?.detail).toMatch(/channel_not_found/);
    await leadership.stop();
    expect(summary(await checkDatabase(url, 5_000))).toEqual(['database:OK', 'leader:WARN', 'dead letter:WARN']);
    await store.close();
  });

  it('fails, without the password, when the server cannot be reached', async () => {
    const rows = await checkDatabase(`postgres://bankbell:Zq8vR2kLm4Tx9Wp@127.0.0.1:${server.port + 1}/x`, 2_000);
    expect(summary(rows)).toEqual(['database:FAIL']);
    expect(JSON.stringify(rows)).not.toContain('Zq8vR2kLm4Tx9Wp');
  });
});
