import { makeTransaction } from '../../fakes/transactions.js';
import { POSTGRES_MISSING, startPostgres } from '../../fakes/postgres-server.js';
import { openPostgresStore } from '../../src/store/postgres/postgres-store.js';
import type { StateStore } from '../../src/store/state-store.js';
import { openFileStore } from '../../src/store/files/file-store.js';
import { onePayment } from './chats.js';
import type { Design } from './designs.js';
import { withTempDir } from './environment.js';
import { info } from './figures.js';

/* `npm run bench stores`: the two stores side by side (this tree only). */

/** Commits per second on each store: one at a time (polls), and 50 at once (a burst of webhooks); alert latency on PostgreSQL. */
export async function stores(designs: readonly Design[]): Promise<void> {
  const measure = async (name: string, store: StateStore) => {
    const sequential = 200;
    let t0 = performance.now();
    for (let i = 0; i < sequential; i++) {
      await store.commit({ transactions: [{ tx: makeTransaction(), alert: true }], cursors: { 'sepay:v1': String(i) }, destinations: ['telegram:-100'] });
    }
    info(`${name} commits per second, one at a time`, sequential / ((performance.now() - t0) / 1000), '/s');
    const concurrent = 1000;
    let left = concurrent;
    t0 = performance.now();
    await Promise.all(
      Array.from({ length: 50 }, async () => {
        while (left-- > 0) await store.commit({ transactions: [{ tx: makeTransaction(), alert: true }], destinations: ['telegram:-100'] });
      }),
    );
    info(`${name} commits per second, 50 at once`, concurrent / ((performance.now() - t0) / 1000), '/s');
  };
  await withTempDir(async (dataDir) => {
    const store = await openFileStore({ dataDir });
    await measure('DATA_DIR', store);
    await store.close();
  });
  if (POSTGRES_MISSING !== null) {
    console.log(`PostgreSQL store: skipped (${POSTGRES_MISSING})`);
    return;
  }
  // A local server that syncs its commits, as the file store syncs its files.
  const server = await startPostgres({ durable: true });
  try {
    const store = await openPostgresStore({ url: await server.createDatabase() });
    await measure('PostgreSQL (local)', store);
    await store.close();
    const samples = Number(process.env.BENCH_LATENCY_SAMPLES ?? 20);
    for (const design of designs.filter((d) => d.current)) {
      await onePayment({ ...design, label: `${design.label}, PostgreSQL` }, samples, { DATABASE_URL: await server.createDatabase() });
    }
  } finally {
    await server.stop();
  }
}
