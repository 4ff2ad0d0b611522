import { makeTransaction } from '../../fakes/transactions.js';
import { openFileStore } from '../../src/store/files/file-store.js';

/** When the 100 000 stored transactions begin: they run from 30 days ago to about now. */
export const HISTORY_START = Date.now() - 30 * 86_400_000;

/**
 * Stores `count` transactions (100 000 by default) over three accounts into `dataDir`, spread
 * over the last 30 days (100 000 are 25 s apart; more come closer together, a chain's volume).
 */
export async function storeBigHistory(dataDir: string, count = 100_000): Promise<void> {
  const store = await openFileStore({ dataDir });
  const accounts = ['0123456789', '9876543210', '5555555555'];
  const start = HISTORY_START;
  const apart = (25_000 * 100_000) / count;
  for (let batch = 0; batch < count / 1000; batch++) {
    const transactions = Array.from({ length: 1000 }, (_, i) => {
      const n = batch * 1000 + i;
      const tx = makeTransaction({
        providerId: String(1_000_000 + n),
        accountNumber: accounts[n % 3] ?? '0',
        amount: ((n % 50) + 1) * 10_000 * (n % 7 === 0 ? -1 : 1),
        content: `NGUYEN VAN ${n % 997} chuyển tiền DH${n}`,
        occurredAt: new Date(start + n * apart).toISOString(),
      });
      // Stored as well (this tree ignores it): the previous design required it to read the history.
      return { tx: Object.assign(tx, { rawTime: tx.occurredAt }), alert: false };
    });
    await store.commit({ transactions, destinations: [] });
  }
  await store.close();
}
