import { cp, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from '../../src/core/chat-rules.js';
import { sepayPaymentAliases } from '../../src/providers/sepay/payment-aliases.js';
import { openFileStore } from '../../src/store/files/file-store.js';
import { openPostgresStore } from '../../src/store/postgres/postgres-store.js';
import type { StateStore } from '../../src/store/state-store.js';
import { POSTGRES_MISSING, startPostgres, type PostgresServer } from '../../fakes/postgres-server.js';
import { tempDir } from '../helpers/temp-dir.js';
import { makeTransaction } from '../../fakes/transactions.js';

/**
 * test/fixtures holds a DATA_DIR (`data-dir-v1`) and a database dump (`postgres-v4.sql`, schema
 * version 4) written by bankbell before the store was redrawn (issue 24), by one scenario: a /qr
 * request paid and done with (in its journal), another underpaid and open, a payment delivered
 * with the button and acknowledged, alerts owed and rescheduled, a dead letter, a group that
 * became a supergroup, a chat's rules, a summary and a problem told. They are never regenerated:
 * they are what an operator's existing state looks like.
 */
const FIXTURES = path.resolve(import.meta.dirname, '../fixtures');
const NOW = new Date('2026-03-01T07:40:00Z');
const [D, A, B, C] = ['sepay:50101', 'sepay:50102', 'sepay:50103', 'sepay:50104'];

/** Everything the scenario left, read through the store's contract. */
async function expectScenario(store: StateStore): Promise<void> {
  expect(store.firstStart).toBe(false);
  expect(store.size).toBe(4);
  expect([D, A, B, C].every((key) => store.has(key!))).toBe(true);
  expect(store.cursor('sepay:v1')).toBe('50104');
  expect(store.isBaselined('sepay:0123456789')).toBe(true);
  expect(store.pending('telegram:-100').map((r) => r.key)).toEqual([A, B]);
  expect(store.pending('slack:C1')).toEqual([A, B].map((key) => expect.objectContaining({ key, attempts: 1, nextAt: 12345, lastError: 'rate limited' })));
  expect(store.deadLetters).toEqual([expect.objectContaining({ dest: 'slack:C1', error: 'channel_not_found', tx: expect.objectContaining({ providerId: '50101' }) })]);
  expect(store.movedTo('telegram:-100')).toBe('-1009');
  expect(store.movedTo('slack:C1')).toBeUndefined();
  expect(store.chatRules('telegram:-100')).toEqual({ ...DEFAULT_RULES, min: 50_000, lang: 'en' });
  expect(store.summaryPostedOn('slack:C1')).toBe('2026-03-01');
  expect(Object.keys(store.toldProblems())).toEqual(['provider:sepay']);
  expect(store.paymentRequests()).toEqual([expect.objectContaining({ code: 'OPEN3333', status: 'underpaid', received: 100_000, messageRef: '56' })]);
  expect(store.paymentRequest('D0NE2222')).toMatchObject({ status: 'paid', keys: [D] });
  // The requests the payments answered, though the stored history did not record them with the payments.
  expect(store.requestAnswered(D!)).toEqual({ code: 'D0NE2222', note: 'ban 2' });
  expect(store.requestAnswered(A!)).toEqual({ code: 'OPEN3333', note: 'ban 5' });
  expect(store.requestAnswered(B!)).toBeUndefined();
  expect(await store.acknowledgements('telegram:-100', [D!])).toEqual([{ key: D, dest: 'telegram:-100', by: 'Lan', at: Date.parse('2026-03-01T05:00:01Z') }]);
  expect(await store.acknowledge({ dest: 'telegram:-100', ref: '41', by: 'Hoa', at: NOW.getTime() })).toMatchObject({ fresh: [] });
}

/** Goes on working on it: a new payment completes the open request; all of it is there after a restart. */
async function expectItWorks(open: () => Promise<StateStore>): Promise<void> {
  const store = await open();
  await expectScenario(store);
  const rest = makeTransaction({ providerId: '50105', amount: 200_000, content: 'OPEN3333 con lai', occurredAt: '2026-03-01T07:39:00Z' });
  expect(await store.commit({ transactions: [{ tx: rest, alert: true }], cursors: { 'sepay:v1': '50105' }, destinations: ['telegram:-100'] })).toEqual([rest]);
  expect(store.paymentRequests()[0]).toMatchObject({ status: 'paid', received: 300_000 });
  await store.recordMove('slack:C1', 'C2');
  await store.close();

  const again = await open();
  expect(again.size).toBe(5);
  expect(again.pending('telegram:-100').map((r) => r.key)).toEqual([A, B, 'sepay:50105']);
  expect(again.requestAnswered('sepay:50105')).toEqual({ code: 'OPEN3333', note: 'ban 5' });
  expect(again.requestAnswered(D!)).toEqual({ code: 'D0NE2222', note: 'ban 2' });
  expect([again.movedTo('telegram:-100'), again.movedTo('slack:C1')]).toEqual(['-1009', 'C2']);
  expect(await again.acknowledgements('telegram:-100', [D!])).toHaveLength(1);
  await again.close();
}

describe('a DATA_DIR written before the store was redrawn', () => {
  it('opens with everything in it, and goes on working', async () => {
    const dataDir = await tempDir();
    await cp(path.join(FIXTURES, 'data-dir-v1'), dataDir, { recursive: true });
    await expectItWorks(() => openFileStore({ dataDir, now: () => NOW, aliases: sepayPaymentAliases }));
    // What an older bankbell put back needs to open the file, and follow the group that moved.
    const written = JSON.parse(await readFile(path.join(dataDir, 'state.json'), 'utf8')) as Record<string, unknown>;
    expect(written['chatMigrations']).toEqual({ '-100': '-1009' });
  });
});

let server: PostgresServer;

describe.skipIf(POSTGRES_MISSING !== null)(`a database written before the store was redrawn${POSTGRES_MISSING === null ? '' : ` (skipped: ${POSTGRES_MISSING})`}`, () => {
  beforeAll(async () => {
    server = await startPostgres();
  });
  afterAll(() => server?.stop());

  it('opens with everything in it, and goes on working', async () => {
    const url = await server.createDatabase();
    await server.sql(url, await readFile(path.join(FIXTURES, 'postgres-v4.sql'), 'utf8'));
    await expectItWorks(() => openPostgresStore({ url, now: () => NOW, aliases: sepayPaymentAliases, refreshMs: 60_000 }));
  });
});
