import { appendFile, readdir, readFile, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { StateFileError, StateLockedError } from '../../src/store/errors.js';
import { sepayPaymentAliases } from '../../src/providers/sepay/payment-aliases.js';
import { Store } from '../../src/store/store.js';
import { searchStoredHistory } from '../../src/commands/find/search-index.js';
import type { FindQuery } from '../../src/commands/find/query.js';
import { tempDir } from '../helpers/temp-dir.js';
import { until } from '../helpers/until.js';
import { makeTransaction } from '../helpers/transactions.js';

const DESTS = ['telegram:-100', 'slack:C1'];
const EVERYTHING: FindQuery = { text: [], amounts: [], day: null, from: null, to: null, accountSuffix: null };

describe('Store', () => {
  it('keeps transactions, outbox rows and cursors across a restart', async () => {
    const dataDir = await tempDir();
    const store = await Store.open({ dataDir });
    expect(store.firstStart).toBe(true);
    const incoming = makeTransaction();
    const outgoing = makeTransaction({ amount: -10_000 });
    const fresh = await store.commit({
      transactions: [
        { tx: incoming, alert: true },
        { tx: outgoing, alert: false },
      ],
      cursors: { 'sepay:v1': incoming.providerId },
      destinations: DESTS,
    });
    expect(fresh).toHaveLength(2);
    await store.close();

    const again = await Store.open({ dataDir });
    expect(again.firstStart).toBe(false);
    expect(again.size).toBe(2);
    expect(again.cursor('sepay:v1')).toBe(incoming.providerId);
    expect(again.pending('telegram:-100').map((r) => r.key)).toEqual([`sepay:${incoming.providerId}`]);
    expect(again.pending('slack:C1')).toHaveLength(1);
    await again.close();
  });

  it('stores and alerts a transaction once however often it is committed', async () => {
    const store = await Store.open({ dataDir: await tempDir() });
    const tx = makeTransaction();
    await store.commit({ transactions: [{ tx, alert: true }], destinations: DESTS });
    const second = await store.commit({ transactions: [{ tx, alert: true }, { tx, alert: true }], destinations: DESTS });
    expect(second).toEqual([]);
    expect(store.pending('telegram:-100')).toHaveLength(1);
    await store.close();
  });

  it('knows a SePay payment seen under a numeric id when it comes back under a UUID, and no other', async () => {
    const dataDir = await tempDir();
    const store = await Store.open({ dataDir, aliases: sepayPaymentAliases });
    const viaWebhook = makeTransaction({ providerId: '50102', reference: 'FT25100412345678', amount: 250_000 });
    await store.commit({ transactions: [{ tx: viaWebhook, alert: true }], destinations: ['console'] });
    const viaV2 = { ...viaWebhook, providerId: '3f0c2a9e-1b7d-4c55-9a0e-2d6b8f41c001' };
    const otherPayment = { ...viaV2, providerId: '3f0c2a9e-1b7d-4c55-9a0e-2d6b8f41c002', reference: 'FT2510049999' };
    const sameRefNumeric = { ...viaWebhook, providerId: '50103' };
    const fresh = await store.commit({
      transactions: [viaV2, otherPayment, sameRefNumeric].map((tx) => ({ tx, alert: true })),
      destinations: ['console'],
    });
    expect(fresh.map((tx) => tx.providerId)).toEqual([otherPayment.providerId, '50103']);
    expect(store.pending('console')).toHaveLength(3);
    await store.close();
    const again = await Store.open({ dataDir, aliases: sepayPaymentAliases });
    expect(again.knows(viaV2)).toBe(true);
    expect(again.knows({ ...viaV2, providerId: '3f0c2a9e-1b7d-4c55-9a0e-2d6b8f41c003', amount: 1 })).toBe(false);
    await again.close();
  });

  it('writes concurrent commits together, each told only what it added', async () => {
    const dataDir = await tempDir();
    const store = await Store.open({ dataDir });
    const txs = Array.from({ length: 20 }, () => makeTransaction());
    const shared = makeTransaction();
    const results = await Promise.all([
      ...txs.map((tx, i) =>
        store.commit({ transactions: [{ tx, alert: true }], cursors: { [`c${i}`]: String(i) }, destinations: ['console'] }),
      ),
      store.commit({ transactions: [{ tx: shared, alert: true }], destinations: ['console'] }),
      store.commit({ transactions: [{ tx: shared, alert: true }], destinations: ['console'] }),
    ]);
    expect(results.slice(0, 20).map((r) => r.map((tx) => tx.providerId))).toEqual(txs.map((tx) => [tx.providerId]));
    expect(results.slice(20).map((r) => r.length)).toEqual([1, 0]);
    await store.close();
    const again = await Store.open({ dataDir });
    expect(again.size).toBe(21);
    expect(again.pending('console')).toHaveLength(21);
    expect(again.cursor('c19')).toBe('19');
    await again.close();
  });

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

  it('removes delivered rows for good and keeps rescheduled ones with their reason', async () => {
    const dataDir = await tempDir();
    const store = await Store.open({ dataDir });
    const [a, b] = [makeTransaction(), makeTransaction()];
    await store.commit({ transactions: [{ tx: a, alert: true }, { tx: b, alert: true }], destinations: ['console'] });
    const [rowA, rowB] = store.pending('console');
    await store.delivered([rowA!]);
    await store.reschedule([rowB!], 12345, 'boom');
    await store.close();
    const again = await Store.open({ dataDir });
    expect(again.pending('console')).toEqual([expect.objectContaining({ attempts: 1, nextAt: 12345, lastError: 'boom' })]);
    await again.close();
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

  it('drops aged-out history while running, and /find and the dedupe maps follow', async () => {
    const dataDir = await tempDir();
    let now = new Date('2026-01-01T05:00:00Z');
    const store = await Store.open({ dataDir, now: () => now, retentionDays: 45 });
    const search = searchStoredHistory(store);
    const find = () => search.find(EVERYTHING, { timeZone: 'Asia/Ho_Chi_Minh' }).total;
    const old = makeTransaction({ providerId: '1', reference: null });
    await store.commit({ transactions: [{ tx: old, alert: false }], destinations: [] });
    expect(find()).toBe(1);
    now = new Date('2026-03-01T05:00:00Z');
    await store.commit({ transactions: [{ tx: makeTransaction({ reference: null }), alert: false }], destinations: [] });
    await until(() => store.size === 1);
    expect(store.has('sepay:1')).toBe(false);
    expect(find()).toBe(1);
    expect(await readdir(path.join(dataDir, 'history'))).toEqual(['2026-03-01.jsonl']);
    await store.close();
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
