import { describe, expect, it } from 'vitest';
import { searchStoredHistory } from '../../src/search/search-index.js';
import type { FindQuery } from '../../src/search/query.js';
import { DEFAULT_RULES, type ChatRules } from '../../src/core/chat-rules.js';
import type { AliasesOf } from '../../src/core/payment-aliases.js';
import { sepayPaymentAliases } from '../../src/providers/sepay/payment-aliases.js';
import type { StateStore } from '../../src/store/state-store.js';
import { makeTransaction } from '../../fakes/transactions.js';
import { until } from '../helpers/until.js';
import { describePaymentChecks } from './payment-check-contract.js';
import { describePaymentRequests, makeRequest } from './payment-request-contract.js';

export interface OpenOptions {
  now?: () => Date;
  aliases?: AliasesOf;
  retentionDays?: number;
}

/** Opens a store on one place (a data directory, a database), again after each close. */
export type OpenStore = (options?: OpenOptions) => Promise<StateStore>;

const DESTS = ['telegram:-100', 'slack:C1'];
const EVERYTHING: FindQuery = { text: [], amounts: [], day: null, from: null, to: null, accountSuffix: null };

/**
 * What every implementation of the state promises, run against each of them: a new place
 * per test from `fresh`.
 */
export function describeStateStore(name: string, fresh: () => Promise<OpenStore>): void {
  describePaymentRequests(name, fresh);
  describePaymentChecks(name, fresh);
  describe(`${name}: the state store's promises`, () => {
    it('keeps transactions, outbox rows and cursors across a restart', async () => {
      const open = await fresh();
      const store = await open();
      expect(store.firstStart).toBe(true);
      const incoming = makeTransaction();
      const outgoing = makeTransaction({ amount: -10_000 });
      const fresh2 = await store.commit({
        transactions: [
          { tx: incoming, alert: true },
          { tx: outgoing, alert: false },
        ],
        cursors: { 'sepay:v1': incoming.providerId },
        baselined: ['sepay:0123456789'],
        destinations: DESTS,
      });
      expect(fresh2).toHaveLength(2);
      await store.close();

      const again = await open();
      expect(again.firstStart).toBe(false);
      expect(again.size).toBe(2);
      expect(again.get(`sepay:${outgoing.providerId}`)).toEqual(outgoing);
      expect(again.cursor('sepay:v1')).toBe(incoming.providerId);
      expect(again.isBaselined('sepay:0123456789')).toBe(true);
      expect(again.isBaselined('sepay:999')).toBe(false);
      expect(again.pending('telegram:-100').map((r) => r.key)).toEqual([`sepay:${incoming.providerId}`]);
      expect(again.pending('slack:C1')).toHaveLength(1);
      await again.close();
    });

    it("keeps each chat's rules across a restart, the defaults for a chat that set none", async () => {
      const open = await fresh();
      const store = await open();
      expect(store.chatRules('telegram:-100')).toEqual(DEFAULT_RULES);
      await store.setChatRules('telegram:-100', { ...DEFAULT_RULES, min: 500_000, privacy: true });
      expect(store.chatRules('telegram:-100')).toMatchObject({ min: 500_000, privacy: true });
      await store.close();

      const again = await open();
      expect(again.chatRules('telegram:-100')).toEqual({ ...DEFAULT_RULES, min: 500_000, privacy: true });
      expect(again.chatRules('slack:C1')).toEqual(DEFAULT_RULES);
      await again.close();
    });

    it('refuses to store rules it could not read back, and keeps the ones it had', async () => {
      const open = await fresh();
      const store = await open();
      await store.setChatRules('telegram:-100', { ...DEFAULT_RULES, min: 500_000 });
      // What `{…}['constructor']` would have made of `/alerts constructor`: not one of the directions.
      const hostile = { ...DEFAULT_RULES, alerts: Object } as unknown as ChatRules;
      await expect(store.setChatRules('telegram:-100', hostile)).rejects.toThrow(/telegram:-100/);
      await expect(store.setChatRules('slack:C1', { ...DEFAULT_RULES, lang: '__proto__' } as unknown as ChatRules)).rejects.toThrow(/slack:C1/);
      expect(store.chatRules('telegram:-100')).toEqual({ ...DEFAULT_RULES, min: 500_000 });
      expect(store.chatRules('slack:C1')).toEqual(DEFAULT_RULES);
      // Still writable: the refusal is no failure of the disk or the database.
      expect(store.writable).toBe(true);
      await store.close();

      const again = await open();
      expect(again.chatRules('telegram:-100')).toEqual({ ...DEFAULT_RULES, min: 500_000 });
      expect(again.chatRules('slack:C1')).toEqual(DEFAULT_RULES);
      await again.close();
    });

    it('keeps the problems told until their end is told, across a restart', async () => {
      const open = await fresh();
      const store = await open();
      expect(store.toldProblems()).toEqual({});
      const outage = {
        reason: { about: 'provider' as const, provider: 'sepay', code: 'server' as const, status: 503, credential: null },
        since: 1_000,
        toldAt: 301_000,
      };
      const kicked = {
        reason: { about: 'chat' as const, dest: 'telegram:-100', kind: 'blocked' as const, detail: 'bot was kicked', fix: 'add it back' },
        since: 5_000,
        toldAt: 5_000,
      };
      await store.recordToldProblem('provider:sepay', outage);
      await store.recordToldProblem('chat:telegram:-100', kicked);
      await store.recordToldProblem('chat:telegram:-100', null);
      await store.close();

      const again = await open();
      expect(again.toldProblems()).toEqual({ 'provider:sepay': outage });
      await again.close();
    });

    it('keeps the day each chat last got its daily summary across a restart', async () => {
      const open = await fresh();
      const store = await open();
      expect(store.summaryPostedOn('telegram:-100')).toBeUndefined();
      await store.recordSummaryPosted('telegram:-100', '2025-04-10');
      await store.recordSummaryPosted('slack:C1', '2025-04-09');
      await store.recordSummaryPosted('slack:C1', '2025-04-10');
      expect(store.summaryPostedOn('slack:C1')).toBe('2025-04-10');
      await store.close();

      const again = await open();
      expect(again.summaryPostedOn('telegram:-100')).toBe('2025-04-10');
      expect(again.summaryPostedOn('slack:C1')).toBe('2025-04-10');
      expect(again.summaryPostedOn('telegram:-200')).toBeUndefined();
      await again.close();
    });

    it('stores and alerts a transaction once however often it is committed', async () => {
      const store = await (await fresh())();
      const tx = makeTransaction();
      await store.commit({ transactions: [{ tx, alert: true }], destinations: DESTS });
      const second = await store.commit({ transactions: [{ tx, alert: true }, { tx, alert: true }], destinations: DESTS });
      expect(second).toEqual([]);
      expect(store.pending('telegram:-100')).toHaveLength(1);
      await store.close();
    });

    it('knows a SePay payment seen under a numeric id when it comes back under a UUID, and no other', async () => {
      const open = await fresh();
      const store = await open({ aliases: sepayPaymentAliases });
      const viaWebhook = makeTransaction({ providerId: '50102', reference: 'FT25100412345678', amount: 250_000 });
      await store.commit({ transactions: [{ tx: viaWebhook, alert: true }], destinations: ['console'] });
      const viaV2 = { ...viaWebhook, providerId: '3f0c2a9e-1b7d-4c55-9a0e-2d6b8f41c001' };
      const otherPayment = { ...viaV2, providerId: '3f0c2a9e-1b7d-4c55-9a0e-2d6b8f41c002', reference: 'FT2510049999' };
      const sameRefNumeric = { ...viaWebhook, providerId: '50103' };
      const added = await store.commit({
        transactions: [viaV2, otherPayment, sameRefNumeric].map((tx) => ({ tx, alert: true })),
        destinations: ['console'],
      });
      expect(added.map((tx) => tx.providerId)).toEqual([otherPayment.providerId, '50103']);
      expect(store.pending('console')).toHaveLength(3);
      await store.close();
      const again = await open({ aliases: sepayPaymentAliases });
      expect(again.knows(viaV2)).toBe(true);
      expect(again.knows({ ...viaV2, providerId: '3f0c2a9e-1b7d-4c55-9a0e-2d6b8f41c003', amount: 1 })).toBe(false);
      await again.close();
    });

    it('stores a transfer another provider already reported with no alert owed, and alerts each of two transfers a bank gave one reference once', async () => {
      const open = await fresh();
      const store = await open({ aliases: sepayPaymentAliases });
      // Account 0123456789 is linked in both providers; the bank reuses reference FT1 for two transfers.
      const bySepay = makeTransaction({ providerId: '50102', reference: 'FT1', amount: 100_000 });
      const byCasso = { ...bySepay, provider: 'casso', providerId: '9001', content: 'other wording', reference: ' ft1 ' };
      await store.commit({ transactions: [{ tx: bySepay, alert: true }], destinations: ['console'] });
      expect(await store.commit({ transactions: [{ tx: byCasso, alert: true }], destinations: ['console'] })).toEqual([byCasso]);
      expect(store.pending('console').map((r) => r.key)).toEqual(['sepay:50102']);
      await store.close();

      const again = await open({ aliases: sepayPaymentAliases });
      // The second transfer: Casso reports it first this time, and SePay in the same group of commits.
      const secondByCasso = { ...byCasso, providerId: '9002' };
      const secondBySepay = { ...bySepay, providerId: '50107' };
      await Promise.all([
        again.commit({ transactions: [{ tx: secondByCasso, alert: true }], destinations: ['console'] }),
        again.commit({ transactions: [{ tx: secondBySepay, alert: true }], destinations: ['console'] }),
      ]);
      expect(again.pending('console').map((r) => r.key)).toEqual(['sepay:50102', 'casso:9002']);
      expect(again.size).toBe(4);
      await again.close();
    });

    it('writes concurrent commits together, each told only what it added', async () => {
      const open = await fresh();
      const store = await open();
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
      const again = await open();
      expect(again.size).toBe(21);
      expect(again.pending('console').map((r) => r.key)).toEqual([...txs, shared].map((tx) => `sepay:${tx.providerId}`));
      expect(again.cursor('c19')).toBe('19');
      await again.close();
    });

    it('removes delivered rows for good and keeps rescheduled ones with their reason', async () => {
      const open = await fresh();
      const store = await open();
      const [a, b] = [makeTransaction(), makeTransaction()];
      await store.commit({ transactions: [{ tx: a, alert: true }, { tx: b, alert: true }], destinations: ['console'] });
      const [rowA, rowB] = store.pending('console');
      await store.delivered([rowA!]);
      await store.reschedule([rowB!], 12345, 'boom');
      expect(store.outboxSize).toBe(1);
      await store.close();
      const again = await open();
      expect(again.pending('console')).toEqual([expect.objectContaining({ attempts: 1, nextAt: 12345, lastError: 'boom' })]);
      await again.close();
    });

    it('keeps dead letters and moved chats across a restart', async () => {
      const open = await fresh();
      const store = await open({ now: () => new Date('2026-03-01T05:00:00Z') });
      const [a, b] = [makeTransaction(), makeTransaction()];
      await store.commit({ transactions: [{ tx: a, alert: true }, { tx: b, alert: true }], destinations: DESTS });
      expect(store.oldestWaitingSince()).toBe(Date.parse('2026-03-01T05:00:00Z'));
      const [row] = store.pending('slack:C1');
      await store.deadLetter([{ row: row!, tx: a }], 'channel_not_found');
      await store.recordMove('telegram:-100', '-1009');
      await store.close();
      const again = await open();
      expect(again.deadLetters).toEqual([{ dest: 'slack:C1', tx: a, error: 'channel_not_found', at: Date.parse('2026-03-01T05:00:00Z') }]);
      expect(again.movedTo('telegram:-100')).toBe('-1009');
      expect(again.movedTo('slack:C1')).toBeUndefined();
      expect(again.pending('telegram:-100')).toHaveLength(2);
      expect(again.pending('slack:C1').map((r) => r.key)).toEqual([`sepay:${b.providerId}`]);
      await again.close();
    });

    it("keeps each chat's counter link until it is revoked, across a restart", async () => {
      const open = await fresh();
      const store = await open();
      const told: string[] = [];
      store.on(['counters-changed'], () => told.push('counters-changed'));
      expect(store.counterLink('telegram:-100')).toBeUndefined();
      const link = { secret: 'a'.repeat(32), createdAt: '2025-04-10T03:41:00.000Z' };
      await store.setCounterLink('telegram:-100', link);
      await store.setCounterLink('slack:C1', { ...link, secret: 'b'.repeat(32) });
      expect(told).toEqual(['counters-changed', 'counters-changed']);
      await store.close();

      const again = await open();
      expect(again.counterLink('telegram:-100')).toEqual(link);
      expect(Object.keys(again.counterLinks()).sort()).toEqual(['slack:C1', 'telegram:-100']);
      await again.setCounterLink('telegram:-100', null);
      expect(again.counterLink('telegram:-100')).toBeUndefined();
      await expect(again.setCounterLink('slack:C1', { ...link, secret: 'short' })).rejects.toThrow();
      await again.close();

      const third = await open();
      expect(third.counterLinks()).toEqual({ 'slack:C1': { ...link, secret: 'b'.repeat(32) } });
      await third.close();
    });

    it('lists the payments stored last in the order they were stored, with whether alerts are owed, across a restart', async () => {
      const open = await fresh();
      const store = await open();
      const heard: string[] = [];
      store.onStored((payments) => heard.push(...payments.map((p) => `${p.tx.providerId}:${p.alert}`)));
      const [a, b, c] = [makeTransaction(), makeTransaction({ occurredAt: '2025-04-09T03:40:12.000Z' }), makeTransaction()];
      if (a === undefined || b === undefined || c === undefined) throw new Error('no transactions');
      await store.commit({ transactions: [{ tx: a, alert: false }], destinations: DESTS });
      await store.commit({ transactions: [{ tx: b, alert: true }, { tx: c, alert: true }], destinations: DESTS });
      const order = (s: StateStore) => s.recentPayments().map((p) => `${p.tx.providerId}:${p.alert}`);
      const expected = [`${a.providerId}:false`, `${b.providerId}:true`, `${c.providerId}:true`];
      expect(order(store)).toEqual(expected);
      expect(heard).toEqual(expected);
      await store.close();

      const again = await open();
      expect(order(again)).toEqual(expected);
      await again.close();
    });

    it('tells each kind of change by its own event, once it is stored', async () => {
      const store = await (await fresh())({ now: () => new Date('2025-04-10T03:41:00.000Z') });
      const told: string[] = [];
      const events = ['outbox-grew', 'rules-changed', 'requests-changed', 'writable-again'] as const;
      const undo = events.map((event) => store.on([event], () => told.push(event)));
      const heard = () => told.splice(0).sort();
      await store.commit({ transactions: [{ tx: makeTransaction(), alert: true }], destinations: DESTS });
      expect(heard()).toEqual(['outbox-grew']);
      await store.commit({ transactions: [{ tx: makeTransaction(), alert: false }], destinations: DESTS });
      expect(heard()).toEqual([]);
      await store.setChatRules('telegram:-100', { ...DEFAULT_RULES, min: 1 });
      expect(heard()).toEqual(['rules-changed']);
      await store.addPaymentRequest(makeRequest());
      expect(heard()).toEqual(['requests-changed']);
      await store.commit({ transactions: [{ tx: makeTransaction({ content: 'QR7K2M9P' }), alert: true }], destinations: DESTS });
      expect(heard()).toEqual(['outbox-grew', 'requests-changed']);
      await store.recordMove('telegram:-100', '-1009');
      await store.delivered(store.pending('slack:C1'));
      expect(heard()).toEqual([]);
      undo.forEach((off) => off());
      await store.setChatRules('telegram:-100', { ...DEFAULT_RULES, min: 2 });
      expect(heard()).toEqual([]);
      await store.close();
    });

    it('drops history past the retention window at start', async () => {
      const open = await fresh();
      let now = new Date('2026-01-01T05:00:00Z');
      const store = await open({ now: () => now });
      await store.commit({ transactions: [{ tx: makeTransaction(), alert: false }], destinations: [] });
      now = new Date('2026-03-01T05:00:00Z');
      await store.commit({ transactions: [{ tx: makeTransaction(), alert: false }], destinations: [] });
      await store.close();
      const again = await open({ now: () => now, retentionDays: 45 });
      await until(() => again.size === 1);
      await again.close();
    });

    it('drops aged-out history while running, and /find and the dedupe maps follow', async () => {
      const open = await fresh();
      let now = new Date('2026-01-01T05:00:00Z');
      const store = await open({ now: () => now, retentionDays: 45 });
      const search = searchStoredHistory(store);
      const find = async () => (await search.find(EVERYTHING, { timeZone: 'Asia/Ho_Chi_Minh' })).total;
      const old = makeTransaction({ providerId: '1', reference: null });
      await store.commit({ transactions: [{ tx: old, alert: false }], destinations: [] });
      expect(await find()).toBe(1);
      now = new Date('2026-03-01T05:00:00Z');
      await store.commit({ transactions: [{ tx: makeTransaction({ reference: null }), alert: false }], destinations: [] });
      await until(() => store.size === 1);
      expect(store.has('sepay:1')).toBe(false);
      expect(await find()).toBe(1);
      await store.close();
      const again = await open({ now: () => now, retentionDays: 45 });
      expect(again.size).toBe(1);
      await again.close();
    });

    it('records which message carried which payments, and the first press per chat, across a restart', async () => {
      const open = await fresh();
      const T = Date.parse('2026-03-01T05:00:00Z');
      const store = await open({ now: () => new Date(T) });
      const [a, b] = [makeTransaction(), makeTransaction()];
      const [keyA, keyB] = [a, b].map((tx) => `sepay:${tx.providerId}`);
      await store.commit({ transactions: [a, b].map((tx) => ({ tx, alert: true })), destinations: DESTS });
      await store.delivered(store.pending('telegram:-100'), { dest: 'telegram:-100', ref: '7', keys: [keyA!, keyB!], at: T + 1_000 });
      await store.delivered(store.pending('slack:C1').slice(0, 1), { dest: 'slack:C1', ref: '1700.1', keys: [keyA!], at: T + 1_000 });
      expect(store.pending('telegram:-100')).toEqual([]);

      // A press on a message the bot never sent (or in another chat) records nothing.
      expect(await store.acknowledge({ dest: 'telegram:-100', ref: '8', by: 'Lan', at: T + 2_000 })).toEqual({ message: null });
      expect(await store.acknowledge({ dest: 'slack:C1', ref: '7', by: 'Lan', at: T + 2_000 })).toEqual({ message: null });

      // Slack acknowledges A first; the Telegram digest then acknowledges A and B there.
      const slack = await store.acknowledge({ dest: 'slack:C1', ref: '1700.1', by: 'cashier', at: T + 2_500 });
      expect(slack).toMatchObject({ fresh: [keyA] });
      const first = await store.acknowledge({ dest: 'telegram:-100', ref: '7', by: 'Lan <b>', at: T + 3_000 });
      expect(first.message?.keys).toEqual([keyA, keyB]);
      expect(first).toMatchObject({ fresh: [keyA, keyB] });
      const second = await store.acknowledge({ dest: 'telegram:-100', ref: '7', by: 'Hoa', at: T + 4_000 });
      expect(second).toMatchObject({ fresh: [] });
      expect(second.message === null ? [] : second.acks.map((x) => x.by)).toEqual(['Lan <b>', 'Lan <b>']);
      await store.close();

      const again = await open({ now: () => new Date('2026-03-01T05:00:00Z') });
      const acks = await again.acknowledgements('telegram:-100', [keyA!, keyB!, 'sepay:other']);
      expect(acks.sort((x, y) => x.key.localeCompare(y.key))).toEqual(
        [keyA!, keyB!].sort().map((key) => ({ key, dest: 'telegram:-100', by: 'Lan <b>', at: T + 3_000 })),
      );
      expect(await again.acknowledgements('slack:C1', [keyA!, keyB!])).toEqual([{ key: keyA, dest: 'slack:C1', by: 'cashier', at: T + 2_500 }]);
      expect(await again.acknowledge({ dest: 'telegram:-100', ref: '7', by: 'Hoa', at: T + 5_000 })).toMatchObject({ fresh: [] });
      await again.close();
    });

    it('forgets alert messages and acknowledgements with the history', async () => {
      const open = await fresh();
      let now = new Date('2026-01-01T05:00:00Z');
      const store = await open({ now: () => now, retentionDays: 45 });
      const tx = makeTransaction();
      const key = `sepay:${tx.providerId}`;
      await store.commit({ transactions: [{ tx, alert: true }], destinations: ['slack:C1'] });
      await store.delivered(store.pending('slack:C1'), { dest: 'slack:C1', ref: 'old', keys: [key], at: now.getTime() });
      await store.acknowledge({ dest: 'slack:C1', ref: 'old', by: 'Lan', at: now.getTime() });
      now = new Date('2026-03-01T05:00:00Z');
      await store.commit({ transactions: [{ tx: makeTransaction(), alert: false }], destinations: [] });
      await until(() => store.size === 1);
      expect(await store.acknowledgements('slack:C1', [key])).toEqual([]);
      expect(await store.acknowledge({ dest: 'slack:C1', ref: 'old', by: 'Hoa', at: now.getTime() })).toEqual({ message: null });
      await store.close();
    });

    it('keeps the whole history when the clock steps back and forth across Vietnam midnight', async () => {
      const open = await fresh();
      const before = new Date('2026-03-01T16:50:00Z');
      const after = new Date('2026-03-01T17:10:00Z');
      let now = before;
      let store = await open({ now: () => now });
      const stored = [];
      for (const at of [before, after, before, new Date(after.getTime() + 86_400_000), before]) {
        now = at;
        const tx = makeTransaction();
        expect(await store.commit({ transactions: [{ tx, alert: true }], destinations: ['console'] })).toEqual([tx]);
        stored.push(tx);
        await store.close();
        store = await open({ now: () => now });
      }
      expect(store.size).toBe(stored.length);
      expect(store.pending('console').map((r) => r.key)).toEqual(stored.map((tx) => `sepay:${tx.providerId}`));
      expect(await store.commit({ transactions: stored.map((tx) => ({ tx, alert: true })), destinations: ['console'] })).toEqual([]);
      await store.close();
    });
  });
}
