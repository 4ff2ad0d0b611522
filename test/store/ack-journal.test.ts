import { appendFile, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Store } from '../../src/store/store.js';
import { faultyFs } from '../helpers/faulty-fs.js';
import { tempDir } from '../helpers/temp-dir.js';
import { makeTransaction } from '../../fakes/transactions.js';

const DEST = 'telegram:-100';

/** A store with one alert delivered with the button as message `7`. */
async function delivered(dataDir: string, fs = faultyFs().fs) {
  const store = await Store.open({ dataDir, fs, retryMs: 60_000 });
  const tx = makeTransaction();
  const key = `sepay:${tx.providerId}`;
  await store.commit({ transactions: [{ tx, alert: true }], destinations: [DEST] });
  await store.delivered(store.pending(DEST), { dest: DEST, ref: '7', keys: [key], at: Date.now() });
  return { store, key };
}

describe('acknowledgements in DATA_DIR', () => {
  it('keeps them out of the state file, which stays as small as without the button', async () => {
    const dataDir = await tempDir();
    const { store } = await delivered(dataDir);
    await store.acknowledge({ dest: DEST, ref: '7', by: 'Lan', at: Date.now() });
    await store.close();
    expect(await readFile(path.join(dataDir, 'state.json'), 'utf8')).not.toContain('Lan');
    expect((await readFile(path.join(dataDir, 'acknowledgements.jsonl'), 'utf8')).trim().split('\n')).toHaveLength(2);
  });

  it('records nothing when the disk refuses the press, and records it when pressed again', async () => {
    const dataDir = await tempDir();
    const faults = faultyFs();
    const { store, key } = await delivered(dataDir, faults.fs);
    faults.failStep(2, 'ENOSPC'); // open, truncate, then the write of the journal line
    await expect(store.acknowledge({ dest: DEST, ref: '7', by: 'Lan', at: Date.now() })).rejects.toThrow(/ENOSPC/);
    faults.heal();
    expect(await store.acknowledgements(DEST, [key])).toEqual([]);
    expect(await store.acknowledge({ dest: DEST, ref: '7', by: 'Hoa', at: Date.now() })).toMatchObject({ fresh: [key] });
    await store.close();
    // The half line the full disk left was overwritten: the file reads back whole.
    const again = await Store.open({ dataDir });
    expect((await again.acknowledgements(DEST, [key])).map((a) => a.by)).toEqual(['Hoa']);
    await again.close();
  });

  it('drops a line torn by a crash at the next start, and goes on appending after it', async () => {
    const dataDir = await tempDir();
    const { store, key } = await delivered(dataDir);
    await store.close();
    await appendFile(path.join(dataDir, 'acknowledgements.jsonl'), '{"ack":{"key":"sepay:1","de');
    const again = await Store.open({ dataDir });
    expect(await again.acknowledge({ dest: DEST, ref: '7', by: 'Lan', at: Date.now() })).toMatchObject({ fresh: [key] });
    await again.close();
    const third = await Store.open({ dataDir });
    expect((await third.acknowledgements(DEST, [key])).map((a) => a.by)).toEqual(['Lan']);
    await third.close();
  });
});
