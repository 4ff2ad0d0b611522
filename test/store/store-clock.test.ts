import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Transaction } from '../../src/core/model.js';
import { Store } from '../../src/store/store.js';
import { tempDir } from '../helpers/temp-dir.js';
import { makeTransaction } from '../../fakes/transactions.js';

// Vietnam midnight (UTC+7) between 1 and 2 March 2026 is 17:00 UTC on 1 March.
const BEFORE = new Date('2026-03-01T16:50:00Z');
const AFTER = new Date('2026-03-01T17:10:00Z');

describe('a wall clock that steps back and forth across Vietnam midnight', () => {
  it('keeps the whole history, alerts each payment once, and never names an older day file', async () => {
    const dataDir = await tempDir();
    let now = BEFORE;
    const open = () => Store.open({ dataDir, now: () => now });
    const stored: Transaction[] = [];
    let store = await open();
    const commit = async (at: Date) => {
      now = at;
      const tx = makeTransaction();
      const fresh = await store.commit({ transactions: [{ tx, alert: true }], destinations: ['console'] });
      expect(fresh).toEqual([tx]);
      stored.push(tx);
    };
    const restart = async (at: Date) => {
      await store.close();
      now = at;
      store = await open();
    };

    await commit(BEFORE);
    await commit(AFTER);
    await commit(BEFORE); // stepped back: still after the newest file
    await restart(BEFORE);
    await commit(new Date(BEFORE.getTime() + 60_000));
    await restart(AFTER);
    await commit(AFTER);
    await restart(BEFORE);
    await commit(BEFORE);
    // Forward by a day and back again, with restarts on each side.
    await restart(new Date(AFTER.getTime() + 86_400_000));
    await commit(new Date(AFTER.getTime() + 86_400_000));
    await restart(BEFORE);
    await commit(BEFORE);

    await restart(AFTER);
    expect(store.size).toBe(stored.length);
    expect(store.pending('console').map((r) => r.key)).toEqual(stored.map((tx) => `sepay:${tx.providerId}`));
    // Every payment once: committing them all again adds nothing.
    const again = await store.commit({ transactions: stored.map((tx) => ({ tx, alert: true })), destinations: ['console'] });
    expect(again).toEqual([]);
    await store.close();
    expect(await readdir(path.join(dataDir, 'history'))).toEqual(['2026-03-01.jsonl', '2026-03-02.jsonl', '2026-03-03.jsonl']);
  });
});
