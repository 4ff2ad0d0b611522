import { describe, expect, it } from 'vitest';
import { makeTransaction } from '../../fakes/transactions.js';
import type { StoredPayment } from '../../src/store/persistence.js';
import { RECENT_PAYMENTS, RecentPayments } from '../../src/store/recent-payments.js';

describe('the payments stored last', () => {
  it('takes a history of 300 000 read back at start in one go (a chain of shops on DATA_DIR), keeping the last ones in order', () => {
    const tx = makeTransaction();
    const payments: StoredPayment[] = Array.from({ length: 300_000 }, (_, i) => ({ tx: { ...tx, providerId: String(i) }, answered: null, alert: false, storedAt: i }));
    const recent = new RecentPayments();
    recent.add(payments);
    const kept = recent.list();
    expect(kept).toHaveLength(RECENT_PAYMENTS);
    expect(kept[0]?.storedAt).toBe(300_000 - RECENT_PAYMENTS);
    expect(kept.at(-1)?.storedAt).toBe(299_999);
  });
});
