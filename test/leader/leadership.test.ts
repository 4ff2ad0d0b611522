import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { DatabaseLeadership } from '../../src/leader/leadership.js';
import { createLogger } from '../../src/log/logger.js';
import { PostgresStore } from '../../src/store/postgres/postgres-store.js';
import { POSTGRES_MISSING, startPostgres, type PostgresServer } from '../../fakes/postgres-server.js';
import { until } from '../helpers/until.js';

let server: PostgresServer;
const running: DatabaseLeadership[] = [];
afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(running.splice(0).map((l) => l.stop()));
});

/** A bot's leadership on `url` with short timings, and what it logged. */
function contender(url: string, instance: string) {
  const lines: string[] = [];
  const leadership = new DatabaseLeadership({
    url,
    instance,
    logger: createLogger({ level: 'info', write: (line) => lines.push(line) }),
    retryMs: 100,
    heartbeatMs: 100,
    leaseMs: 1_500,
    sessionTimeoutMs: 3_000,
  });
  running.push(leadership);
  const events: string[] = [];
  leadership.onElected(() => events.push('elected'));
  leadership.onLost(() => events.push('lost'));
  return { leadership, lines, events };
}

/** A database with bankbell's tables and its state row, as the store leaves it. */
async function database(): Promise<string> {
  const url = await server.createDatabase();
  await (await PostgresStore.open({ url })).close();
  return url;
}

describe.skipIf(POSTGRES_MISSING !== null)(`leadership on PostgreSQL${POSTGRES_MISSING === null ? '' : ` (skipped: ${POSTGRES_MISSING})`}`, () => {
  beforeAll(async () => {
    server = await startPostgres();
  });
  afterAll(() => server?.stop());

  it('trusts its lead no longer when the wall clock went on past the lease and the monotonic clock did not (a suspended VM), and leads again in a new epoch', async () => {
    const url = await database();
    const { leadership, lines } = contender(url, 'a');
    await leadership.start();
    expect(leadership.currentEpoch()).toBe(1);
    // What a machine put to sleep for 3 s sees when it wakes: only the wall clock moved.
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 3_000);
    expect(leadership.currentEpoch()).toBeNull();
    expect(leadership.describe().leading).toBe(false);
    await until(() => leadership.currentEpoch() === 2, 5_000, 'the lead taken again');
    expect(lines.filter((line) => line.includes('leader.lost'))).toHaveLength(1);
  });

  it('replaced, stands by without stopping, and takes the lead again once the other bot is gone', async () => {
    const url = await database();
    const a = contender(url, 'a');
    const b = contender(url, 'b');
    await a.leadership.start();
    await b.leadership.start();
    expect([a.leadership.currentEpoch(), b.leadership.currentEpoch()]).toEqual([1, null]);
    // The server ends the leader's session (the one holding the lock), as it does when the leader stops answering.
    await server.sql(url, `SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND granted`);
    await until(() => b.leadership.currentEpoch() === 2, 5_000, 'the standby taking over');
    await until(() => a.events.includes('lost'), 5_000, 'the old leader noticing');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(a.leadership.currentEpoch()).toBeNull();
    expect(a.lines.filter((line) => line.includes('leader.cannot_contend'))).toEqual([]);
    await b.leadership.stop();
    await until(() => a.leadership.currentEpoch() === 3, 5_000, 'the old leader leading again');
    expect(a.events).toEqual(['elected', 'lost', 'elected']);
  });
});
