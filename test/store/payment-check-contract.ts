import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from '../../src/core/chat-rules.js';
import { MAX_WAITING_CHECKS_PER_CHAT, type PaymentCheck } from '../../src/core/payment-check.js';
import type { Transaction } from '../../src/core/model.js';
import type { StateStore } from '../../src/store/state-store.js';
import { makeTransaction } from '../../fakes/transactions.js';
import type { OpenStore } from './store-contract.js';

const T0 = Date.parse('2025-04-10T03:40:00.000Z');
const minutes = (n: number) => new Date(T0 + n * 60_000);

let nextId = 1;

/** A check as /check stores it, waiting for 250 000 đ in `telegram:-100`, asked at `at` minutes. */
export function makeCheck(overrides: Partial<PaymentCheck> & { at?: number } = {}): PaymentCheck {
  const { at = 0, ...rest } = overrides;
  return {
    id: `CHK${String(nextId++).padStart(8, '0')}`,
    dest: 'telegram:-100',
    amount: 250_000,
    words: [],
    asked: '',
    status: 'waiting',
    payment: null,
    createdAt: minutes(at).toISOString(),
    expiresAt: minutes(at + 10).toISOString(),
    messageRef: null,
    revision: 0,
    shown: 0,
    ...rest,
  };
}

/** An incoming payment made `at` minutes after T0. */
const paid = (at: number, overrides: Partial<Transaction> = {}) => makeTransaction({ occurredAt: minutes(at).toISOString(), ...overrides });

async function commit(store: StateStore, txs: readonly Transaction[]): Promise<void> {
  await store.commit({ transactions: txs.map((tx) => ({ tx, alert: true })), destinations: ['console'] });
}

const byId = (store: StateStore, id: string) => store.paymentChecks().find((c) => c.id === id);

/** What every store promises about /check: a payment answers one check per chat, decided in the write that stores it. */
export function describePaymentChecks(name: string, fresh: () => Promise<OpenStore>): void {
  describe(`${name}: payment checks`, () => {
    it('answers a check at once with a payment of the last 30 minutes, one check per payment and chat, and keeps that across a restart', async () => {
      const open = await fresh();
      let now = minutes(0);
      const store = await open({ now: () => now });
      const old = paid(-31);
      const recent = paid(-5, { counterparty: { name: 'NGUYEN VAN B', accountNumber: '1900', bank: 'VCB' } });
      await commit(store, [old, recent]);
      now = minutes(1);

      const first = await store.addPaymentCheck(makeCheck({ at: 1 }));
      expect(first).toMatchObject({ kind: 'added', check: { status: 'paid', revision: 0 } });
      if (first.kind !== 'added') return;
      expect(first.check.payment).toMatchObject({ key: `sepay:${recent.providerId}`, sender: 'NGUYEN VAN B', content: recent.content, accountNumber: recent.accountNumber });
      // The same amount claimed again in the same chat: that payment is taken, the older one is past 30 minutes.
      const second = await store.addPaymentCheck(makeCheck({ at: 1 }));
      expect(second).toMatchObject({ kind: 'added', check: { status: 'waiting', payment: null } });
      // Another chat has its own claims.
      const elsewhere = await store.addPaymentCheck(makeCheck({ at: 1, dest: 'slack:C1' }));
      expect(elsewhere).toMatchObject({ kind: 'added', check: { status: 'paid' } });
      await store.close();

      const again = await open({ now: () => minutes(2) });
      expect(again.paymentChecks().map((c) => [c.dest, c.status])).toEqual([
        ['telegram:-100', 'paid'],
        ['telegram:-100', 'waiting'],
        ['slack:C1', 'paid'],
      ]);
      const third = await again.addPaymentCheck(makeCheck({ at: 2 }));
      expect(third).toMatchObject({ kind: 'added', check: { status: 'waiting' } });
      await again.close();
    });

    it('answers the oldest waiting check in the write that stores the payment; a wrong amount, an account not followed, money out or missing words never do', async () => {
      const open = await fresh();
      let now = minutes(0);
      const store = await open({ now: () => now });
      await store.setChatRules('telegram:-100', { ...DEFAULT_RULES, accounts: ['6789'] });
      const oldest = makeCheck({ at: 0 });
      const newer = makeCheck({ at: 1 });
      const worded = makeCheck({ at: 0, amount: 90_000, words: ['ban', '5'], asked: 'bàn 5' });
      for (const check of [oldest, newer, worded]) await store.addPaymentCheck(check);
      now = minutes(3);
      await commit(store, [
        paid(2, { amount: 240_000 }),
        paid(2, { accountNumber: '5550001111' }),
        paid(2, { amount: -250_000, direction: 'out' }),
        paid(2, { amount: 90_000, content: 'chuyen tien ban 6' }),
      ]);
      expect(store.paymentChecks().map((c) => c.status)).toEqual(['waiting', 'waiting', 'waiting']);

      const right = paid(3, { content: 'NGUYEN VAN B ck' });
      const wordsInSender = paid(3, { amount: 90_000, content: 'so 5', counterparty: { name: 'Trần Bàn', accountNumber: null, bank: null } });
      await commit(store, [right, wordsInSender]);
      expect(byId(store, oldest.id)).toMatchObject({ status: 'paid', revision: 1, payment: { key: `sepay:${right.providerId}` } });
      expect(byId(store, newer.id)).toMatchObject({ status: 'waiting', revision: 0 });
      expect(byId(store, worded.id)).toMatchObject({ status: 'paid', payment: { key: `sepay:${wordsInSender.providerId}` } });
      // Stored again (a poll after the webhook): answers nothing more.
      await commit(store, [right]);
      expect(byId(store, newer.id)?.status).toBe('waiting');
      await store.close();

      const again = await open({ now: () => minutes(4) });
      expect(byId(again, oldest.id)).toMatchObject({ status: 'paid', revision: 1, shown: 0 });
      expect(byId(again, newer.id)?.status).toBe('waiting');
      await again.close();
    });

    it('marks a check missed when its 10 minutes are over, records its edit, and lets go of checks done with', async () => {
      const open = await fresh();
      let now = minutes(0);
      const store = await open({ now: () => now });
      const missed = makeCheck({ at: 0 });
      const answered = makeCheck({ at: 0, amount: 120_000 });
      await store.addPaymentCheck(missed);
      await store.addPaymentCheck(answered);
      await store.placePaymentCheck(missed.id, '41');
      await store.placePaymentCheck(answered.id, '42');
      now = minutes(2);
      await commit(store, [paid(1, { amount: 120_000 })]);
      now = minutes(10);
      await store.expirePaymentChecks();
      expect(byId(store, missed.id)).toMatchObject({ status: 'missed', revision: 1, messageRef: '41' });
      // A payment after the 10 minutes answers nothing.
      await commit(store, [paid(10)]);
      expect(byId(store, missed.id)?.status).toBe('missed');
      await store.paymentCheckShown(missed.id, 1);
      await store.paymentCheckShown(answered.id, 1);
      await store.expirePaymentChecks();
      // Shown missed: done with. Answered: kept while its payment may still be looked at by a new check.
      expect(store.paymentChecks().map((c) => c.id)).toEqual([answered.id]);
      now = minutes(31);
      await store.expirePaymentChecks();
      expect(store.paymentChecks()).toEqual([]);
      await store.close();
    });

    it('takes another report of the same transfer (the account in both providers) for the same payment', async () => {
      const open = await fresh();
      let now = minutes(0);
      const store = await open({ now: () => now });
      const first = makeCheck({ at: 0 });
      const second = makeCheck({ at: 0 });
      await store.addPaymentCheck(first);
      await store.addPaymentCheck(second);
      now = minutes(2);
      await commit(store, [paid(1, { provider: 'sepay', reference: 'FT1' })]);
      await commit(store, [paid(1, { provider: 'casso', reference: '9981' })]);
      expect([byId(store, first.id)?.status, byId(store, second.id)?.status]).toEqual(['paid', 'waiting']);
      // Nor does it answer a check made after it.
      const third = await store.addPaymentCheck(makeCheck({ at: 2 }));
      expect(third).toMatchObject({ check: { status: 'waiting' } });
      await store.close();
    });

    it(`refuses a check beyond the ${MAX_WAITING_CHECKS_PER_CHAT} a chat may have waiting`, async () => {
      const open = await fresh();
      const store = await open({ now: () => minutes(0) });
      for (let i = 0; i < MAX_WAITING_CHECKS_PER_CHAT; i++) await store.addPaymentCheck(makeCheck());
      expect(await store.addPaymentCheck(makeCheck())).toEqual({ kind: 'too-many' });
      expect(await store.addPaymentCheck(makeCheck({ dest: 'slack:C1' }))).toMatchObject({ kind: 'added' });
      await store.close();
    });
  });
}
