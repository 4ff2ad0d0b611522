import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Transaction } from '../../src/core/model.js';
import { Store } from '../../src/store/store.js';
import { faultyFs, type Fault } from '../helpers/faulty-fs.js';
import { tempDir } from '../helpers/temp-dir.js';
import { makeTransaction } from '../../fakes/transactions.js';

const DESTS = ['telegram:-100', 'slack:C1'];
const commitOf = (txs: Transaction[], cursor: string) => ({
  transactions: txs.map((tx) => ({ tx, alert: true })),
  cursors: { 'sepay:v1': cursor },
  destinations: DESTS,
});

/** Every payment owed exactly once to each destination, and nothing else. */
function expectOwedOnce(store: Store, txs: readonly Transaction[]): void {
  for (const dest of DESTS) {
    expect(store.pending(dest).map((r) => r.key).sort()).toEqual(txs.map((tx) => `sepay:${tx.providerId}`).sort());
  }
  expect(store.size).toBe(txs.length);
}

/** How many file-system calls one commit makes, counted on a commit like the ones under test. */
async function stepsPerCommit(): Promise<string[]> {
  const faults = faultyFs();
  const store = await Store.open({ dataDir: await tempDir(), fs: faults.fs });
  await store.commit(commitOf([makeTransaction()], '1'));
  const before = faults.steps.length;
  await store.commit(commitOf([makeTransaction()], '2'));
  const steps = faults.steps.slice(before);
  await store.close();
  return steps;
}

describe('a commit that fails at any step of its writes', async () => {
  const steps = await stepsPerCommit();
  const cases = (['ENOSPC', 'EACCES', 'short', 'partial'] as Fault[]).flatMap((fault) =>
    steps.flatMap((name, i) => ((fault === 'short' || fault === 'partial') && !name.startsWith('write') ? [] : [{ fault, i, name }])),
  );

  it.each(cases)('$fault at step $i ($name): nothing lost, nothing doubled, after a retry and after a restart', async ({ fault, i }) => {
    const dataDir = await tempDir();
    const faults = faultyFs();
    const store = await Store.open({ dataDir, fs: faults.fs, retryMs: 60_000 });
    const first = makeTransaction();
    await store.commit(commitOf([first], '1'));
    const batch = [makeTransaction(), makeTransaction()];

    faults.failStep(i, fault);
    const failed = await store.commit(commitOf(batch, '2')).then(
      () => false,
      () => true,
    );
    faults.heal();
    // A write that took part of its bytes is continued: only that commit goes through.
    expect(failed).toBe(fault !== 'partial');
    if (failed) {
      // Memory is exactly as before: the retry stores and alerts the batch.
      expect(store.writable).toBe(false);
      expectOwedOnce(store, [first]);
      expect(store.cursor('sepay:v1')).toBe('1');
      expect(store.has(`sepay:${batch[0]!.providerId}`)).toBe(false);
    }
    const retried = await store.commit(commitOf(batch, '2'));
    expect(retried).toHaveLength(failed ? 2 : 0);
    expect(store.writable).toBe(true);
    expectOwedOnce(store, [first, ...batch]);
    await store.close();

    const again = await Store.open({ dataDir });
    expectOwedOnce(again, [first, ...batch]);
    expect(again.cursor('sepay:v1')).toBe('2');
    await again.close();
  });

  it.each(cases)('$fault at step $i ($name), then a restart instead of a retry: the next poll alerts the batch once', async ({ fault, i }) => {
    const dataDir = await tempDir();
    const faults = faultyFs();
    const store = await Store.open({ dataDir, fs: faults.fs, retryMs: 60_000 });
    const first = makeTransaction();
    await store.commit(commitOf([first], '1'));
    const batch = [makeTransaction(), makeTransaction()];
    faults.failStep(i, fault);
    await store.commit(commitOf(batch, '2')).catch(() => undefined);
    faults.heal();
    await store.close();

    const again = await Store.open({ dataDir });
    await again.commit(commitOf(batch, '2'));
    expectOwedOnce(again, [first, ...batch]);
    await again.close();
    const third = await Store.open({ dataDir });
    expectOwedOnce(third, [first, ...batch]);
    expect(await readdir(path.join(dataDir, 'history'))).toHaveLength(1);
    await third.close();
  });

  it('keeps an alert owed when recording its delivery fails, and records it once the disk takes writes', async () => {
    const dataDir = await tempDir();
    const faults = faultyFs();
    const store = await Store.open({ dataDir, fs: faults.fs, retryMs: 60_000 });
    const tx = makeTransaction();
    await store.commit(commitOf([tx], '1'));
    const row = store.pending('slack:C1')[0]!;
    faults.failStep(1, 'ENOSPC');
    await expect(store.delivered([row])).rejects.toThrow(/ENOSPC/);
    await expect(store.reschedule([row], 5, 'boom')).resolves.toBeUndefined();
    expect(store.pending('slack:C1')).toEqual([expect.objectContaining({ attempts: 1, nextAt: 5 })]);
    faults.failStep(0, 'EACCES');
    await expect(store.delivered([row])).rejects.toThrow(/EACCES/);
    expect(store.pending('slack:C1')).toHaveLength(1);
    await store.delivered([row]);
    expect(store.pending('slack:C1')).toHaveLength(0);
    await store.close();
    const again = await Store.open({ dataDir });
    expect(again.pending('slack:C1')).toHaveLength(0);
    expect(again.pending('telegram:-100')).toHaveLength(1);
    await again.close();
  });
});
