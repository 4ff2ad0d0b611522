import { describe, expect, it } from 'vitest';
import { LATE_REPORT_GRACE_MS, MAX_OPEN_REQUESTS_PER_CHAT, type PaymentRequest } from '../../src/core/payment-request.js';
import { makeTransaction } from '../../fakes/transactions.js';
import type { OpenStore } from './store-contract.js';

const T0 = new Date('2025-04-10T03:40:00.000Z');
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);

/** A request as /qr stores it, for 250 000 đ to the account makeTransaction pays by default. */
export function makeRequest(overrides: Partial<PaymentRequest> = {}): PaymentRequest {
  return {
    code: 'QR7K2M9P',
    accountNumber: '0123456789',
    bank: 'MBBank',
    bin: '970422',
    amount: 250_000,
    note: 'ban 5',
    received: 0,
    payments: [],
    status: 'open',
    dest: 'telegram:-100',
    messageRef: null,
    createdAt: T0.toISOString(),
    expiresAt: minutes(15).toISOString(),
    revision: 0,
    shown: 0,
    ...overrides,
  };
}

/** What every store promises about /qr requests: kept like the outbox, and paid in the commit that stores the payment. */
export function describePaymentRequests(name: string, fresh: () => Promise<OpenStore>): void {
  describe(`${name}: payment requests`, () => {
    it('keeps a request across a restart, refuses a second one with its code, and records its message and edits', async () => {
      const open = await fresh();
      const store = await open({ now: () => minutes(1) });
      expect(await store.addPaymentRequest(makeRequest())).toBe('added');
      expect(await store.addPaymentRequest(makeRequest({ amount: 1 }))).toBe('code-taken');
      await store.placePaymentRequest('QR7K2M9P', '42');
      await store.close();

      const again = await open({ now: () => minutes(2) });
      expect(again.paymentRequests()).toEqual([makeRequest({ messageRef: '42' })]);
      await again.paymentRequestShown('QR7K2M9P', 0);
      expect(again.paymentRequests()[0]?.shown).toBe(0);
      await again.close();
    });

    it('counts payments whose rewritten content holds the code, adding up to paid, once each, in the commit that stores them', async () => {
      const open = await fresh();
      const store = await open({ now: () => minutes(3) });
      await store.addPaymentRequest(makeRequest());
      const part = makeTransaction({ amount: 100_000, content: 'MBVCB.9912.qr 7k2 m9p.CT tu 0071 NGUYEN VAN B', counterparty: { name: 'NGUYEN VAN B', accountNumber: null, bank: null } });
      const otherAccount = makeTransaction({ accountNumber: '999888777', content: 'QR7K2M9P' });
      const noCode = makeTransaction({ content: 'QR7K2M9 thieu' });
      await store.commit({ transactions: [part, otherAccount, noCode].map((tx) => ({ tx, alert: true })), destinations: ['console'] });
      expect(store.paymentRequests()[0]).toMatchObject({ status: 'underpaid', received: 100_000, revision: 1 });
      // The same payment again (a poll after the webhook) counts once.
      await store.commit({ transactions: [{ tx: part, alert: true }], destinations: ['console'] });
      const rest = makeTransaction({ amount: 150_000, content: 'thanh toan QR7K2M9P' });
      await store.commit({ transactions: [{ tx: rest, alert: true }], destinations: ['console'] });
      await store.close();

      const again = await open({ now: () => minutes(4) });
      const [request] = again.paymentRequests();
      expect(request).toMatchObject({ status: 'paid', received: 250_000, revision: 2, shown: 0 });
      expect(request?.payments).toEqual([
        { key: `sepay:${part.providerId}`, numbering: 'sepay', amount: 100_000, at: part.occurredAt, sender: 'NGUYEN VAN B', reference: part.reference, sameAs: [] },
        { key: `sepay:${rest.providerId}`, numbering: 'sepay', amount: 150_000, at: rest.occurredAt, sender: null, reference: rest.reference, sameAs: [] },
      ]);
      await again.close();
    });

    it('keeps requests done with out of the state: still found by code and payment, across a restart, for 45 days', async () => {
      const open = await fresh();
      let now = minutes(1);
      const store = await open({ now: () => now });
      const paid = makeRequest({ code: 'PA1D2222' });
      const neverPlaced = makeRequest({ code: 'N0PL4CED' });
      const later = makeRequest({ code: 'LATER333', expiresAt: minutes(600).toISOString() });
      for (const request of [paid, neverPlaced, later]) await store.addPaymentRequest(request);
      await store.placePaymentRequest(paid.code, '42');
      const tx = makeTransaction({ content: `${paid.code} ck` });
      await store.commit({ transactions: [{ tx, alert: true }], destinations: ['console'] });
      await store.paymentRequestShown(paid.code, 1);
      // Paid and shown, but a late report of it may still come: it stays until the grace is over.
      now = minutes(20);
      await store.expirePaymentRequests();
      expect(store.paymentRequests().map((r) => [r.code, r.status])).toEqual([
        [paid.code, 'paid'],
        [neverPlaced.code, 'expired'],
        [later.code, 'open'],
      ]);
      now = new Date(Date.parse(paid.expiresAt) + LATE_REPORT_GRACE_MS);
      await store.expirePaymentRequests();
      expect(store.paymentRequests().map((r) => r.code)).toEqual([later.code]);
      const key = `sepay:${tx.providerId}`;
      const kept = { code: paid.code, status: 'paid', received: 250_000, note: 'ban 5', keys: [key] };
      expect(store.paymentRequest(paid.code)).toMatchObject(kept);
      expect(store.requestPaidBy(key)).toMatchObject(kept);
      expect(store.paymentRequest(neverPlaced.code)).toMatchObject({ status: 'expired', keys: [] });
      // Its code stays taken.
      expect(await store.addPaymentRequest(makeRequest({ code: paid.code, dest: 'slack:C1' }))).toBe('code-taken');
      await store.close();

      const again = await open({ now: () => now });
      expect(again.paymentRequests().map((r) => r.code)).toEqual([later.code]);
      expect(again.requestPaidBy(key)).toMatchObject(kept);
      expect([...again.keptRequests()].map((r) => r.code).sort()).toEqual([later.code, neverPlaced.code, paid.code].sort());
      await again.close();

      // 45 days after they were made, requests done with are forgotten (at the daily clean-up).
      now = new Date(T0.getTime() + 46 * 86_400_000);
      const aged = await open({ now: () => now });
      await aged.commit({ transactions: [{ tx: makeTransaction({ occurredAt: now.toISOString() }), alert: true }], destinations: ['console'] });
      await aged.close();
      const last = await open({ now: () => now });
      expect(last.paymentRequest(paid.code)).toBeUndefined();
      expect(last.requestPaidBy(key)).toBeUndefined();
      await last.close();
    });

    it(`refuses a request beyond ${MAX_OPEN_REQUESTS_PER_CHAT} open ones in one chat, not in another`, async () => {
      const open = await fresh();
      const store = await open({ now: () => minutes(1) });
      const code = (i: number) => `QR${String(i).padStart(6, '0')}`;
      for (let i = 0; i < MAX_OPEN_REQUESTS_PER_CHAT; i++) expect(await store.addPaymentRequest(makeRequest({ code: code(i) }))).toBe('added');
      expect(await store.addPaymentRequest(makeRequest({ code: code(900) }))).toBe('too-many');
      expect(await store.addPaymentRequest(makeRequest({ code: code(901), dest: 'slack:C1' }))).toBe('added');
      // One paid makes room.
      await store.commit({ transactions: [{ tx: makeTransaction({ content: code(7) }), alert: true }], destinations: ['console'] });
      expect(await store.addPaymentRequest(makeRequest({ code: code(902) }))).toBe('added');
      await store.close();
    });

    it('expires an open request when its time is up, and a payment after that is a plain payment', async () => {
      const open = await fresh();
      let now = minutes(5);
      const store = await open({ now: () => now });
      await store.addPaymentRequest(makeRequest());
      await store.addPaymentRequest(makeRequest({ code: 'QR8B3N4T', createdAt: minutes(1).toISOString(), expiresAt: minutes(60).toISOString() }));
      await store.expirePaymentRequests();
      expect(store.paymentRequests().map((r) => r.status)).toEqual(['open', 'open']);
      now = minutes(16);
      await store.expirePaymentRequests();
      expect(store.paymentRequests().map((r) => [r.status, r.revision])).toEqual([
        ['expired', 1],
        ['open', 0],
      ]);
      // Made after the expiry: a plain payment.
      const late = makeTransaction({ content: 'QR7K2M9P', occurredAt: minutes(15.5).toISOString() });
      await store.commit({ transactions: [{ tx: late, alert: true }], destinations: ['console'] });
      await store.close();

      const again = await open({ now: () => now });
      expect(again.paymentRequests()[0]).toMatchObject({ status: 'expired', received: 0, payments: [] });
      await again.close();
    });
  });
}
