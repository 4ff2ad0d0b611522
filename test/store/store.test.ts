import { appendFile, readdir, readFile, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { StateFileError, StateLockedError } from '../../src/store/errors.js';
import { Store } from '../../src/store/store.js';
import { tempDir } from '../helpers/temp-dir.js';
import { makeTransaction } from '../../fakes/transactions.js';
import { describeStateStore } from './store-contract.js';

const DESTS = ['telegram:-100', 'slack:C1'];

describeStateStore('file store', async () => {
  const dataDir = await tempDir();
  return (options) => Store.open({ dataDir, ...options });
});

describe('Store', () => {
  it('forgets a commit whose state write never happened (crash between the two writes)', async () => {
    const dataDir = await tempDir();
    const store = await Store.open({ dataDir });
    const kept = makeTransaction();
    await store.commit({ transactions: [{ tx: kept, alert: true }], destinations: DESTS });
    await store.close();
    // What a crash after the history append but before the state write leaves behind:
    const [file] = await readdir(path.join(dataDir, 'history'));
    const lost = makeTransaction();
    await appendFile(path.join(dataDir, 'history', file ?? ''), `${JSON.stringify({ tx: lost, alert: true, storedAt: 1 })}\n{"tx":`);

    const again = await Store.open({ dataDir });
    expect(again.has(`sepay:${kept.providerId}`)).toBe(true);
    // Not seen, so the next poll fetches it again and it is alerted then.
    expect(again.has(`sepay:${lost.providerId}`)).toBe(false);
    const fresh = await again.commit({ transactions: [{ tx: lost, alert: true }], destinations: DESTS });
    expect(fresh).toHaveLength(1);
    await again.close();
    const reopened = await Store.open({ dataDir });
    expect(reopened.size).toBe(2);
    await reopened.close();
  });

  it('refuses to start on a damaged state file, naming it, and leaves it untouched', async () => {
    const dataDir = await tempDir();
    await writeFile(path.join(dataDir, 'state.json'), '{"version":1,"cursors":');
    const error = await Store.open({ dataDir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StateFileError);
    expect(String(error)).toContain(path.join(dataDir, 'state.json'));
    expect(await readFile(path.join(dataDir, 'state.json'), 'utf8')).toBe('{"version":1,"cursors":');
    // The failed start must not leave the lock behind.
    const wrongShape = path.join(dataDir, 'state.json');
    await writeFile(wrongShape, '{"hello":"world"}');
    await expect(Store.open({ dataDir })).rejects.toBeInstanceOf(StateFileError);
  });

  it('lets only one bot use a data directory, but takes over a lock left by a dead process', async () => {
    const dataDir = await tempDir();
    const first = await Store.open({ dataDir });
    await expect(Store.open({ dataDir })).rejects.toBeInstanceOf(StateLockedError);
    await first.close();

    await writeFile(path.join(dataDir, 'bankbell.lock'), '999999999'); // no such pid
    const second = await Store.open({ dataDir });
    await second.close();
  });

  it('drops, for good, the alerts owed to destinations no longer configured: this bot alone sends from DATA_DIR', async () => {
    const dataDir = await tempDir();
    const store = await Store.open({ dataDir });
    const [a, b] = [makeTransaction(), makeTransaction()];
    await store.commit({ transactions: [{ tx: a, alert: true }, { tx: b, alert: true }], destinations: DESTS });
    expect(await store.dropDestinationsExcept(['slack:C1'])).toBe(2);
    await store.close();
    const again = await Store.open({ dataDir });
    expect(again.pending('telegram:-100')).toEqual([]);
    expect(again.pending('slack:C1')).toHaveLength(2);
    await again.close();
  });

  it('drops history files past the retention window', async () => {
    const dataDir = await tempDir();
    let now = new Date('2026-01-01T05:00:00Z');
    const store = await Store.open({ dataDir, now: () => now });
    await store.commit({ transactions: [{ tx: makeTransaction(), alert: false }], destinations: [] });
    now = new Date('2026-03-01T05:00:00Z');
    await store.commit({ transactions: [{ tx: makeTransaction(), alert: false }], destinations: [] });
    await store.close();
    const again = await Store.open({ dataDir, now: () => now, retentionDays: 45 });
    expect(again.size).toBe(1);
    expect(await readdir(path.join(dataDir, 'history'))).toEqual(['2026-03-01.jsonl']);
    await again.close();
  });

  it('keeps its files readable by the bot\'s user only', async () => {
    const dataDir = path.join(await tempDir(), 'data');
    const store = await Store.open({ dataDir });
    await store.commit({ transactions: [{ tx: makeTransaction(), alert: true }], destinations: DESTS });
    await store.close();
    const mode = async (p: string) => ((await stat(p)).mode & 0o777).toString(8);
    const [day] = await readdir(path.join(dataDir, 'history'));
    expect(await mode(dataDir)).toBe('700');
    expect(await mode(path.join(dataDir, 'history'))).toBe('700');
    expect(await mode(path.join(dataDir, 'state.json'))).toBe('600');
    expect(await mode(path.join(dataDir, 'history', day ?? ''))).toBe('600');
  });

  it('refuses to start when the history file the state names is missing, naming it', async () => {
    const dataDir = await tempDir();
    const store = await Store.open({ dataDir });
    await store.commit({ transactions: [{ tx: makeTransaction(), alert: true }], destinations: DESTS });
    await store.close();
    const [day] = await readdir(path.join(dataDir, 'history'));
    await unlink(path.join(dataDir, 'history', day ?? ''));
    const error = await Store.open({ dataDir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StateFileError);
    expect(String(error)).toMatch(new RegExp(`${day}.*missing.*backup`));
  });
});
