import { makeTransaction } from '../../fakes/transactions.js';
import type { Store } from '../../src/store/store.js';
import { percentile } from './figures.js';

/** The p95 of 50 poll cycles' commits of 3 new payments each, alerted to two chats. */
export async function stateWriteP95(store: Store): Promise<number> {
  const writes: number[] = [];
  for (let cycle = 0; cycle < 50; cycle++) {
    const transactions = Array.from({ length: 3 }, () => ({ tx: makeTransaction(), alert: true }));
    const t0 = performance.now();
    await store.commit({ transactions, cursors: { 'sepay:v1': String(cycle) }, destinations: ['telegram:-100', 'slack:C1'] });
    writes.push(performance.now() - t0);
  }
  return percentile(writes, 95);
}
