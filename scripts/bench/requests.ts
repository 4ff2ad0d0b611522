import { stat } from 'node:fs/promises';
import path from 'node:path';
import { Store } from '../../src/store/store.js';
import { withTempDir } from './environment.js';
import { info, report } from './figures.js';
import { stateWriteP95 } from './state-writes.js';

/* `npm run bench requests`: what a shop's weeks of /qr requests cost each state write. */

/**
 * State write per cycle with 10 000 /qr requests made (each paid or expired, as a shop's weeks
 * of them are), against the same write with none: requests kept apart from the state cost it nothing.
 */
export async function requests(): Promise<void> {
  await withTempDir(async (dataDir) => {
    const start = Date.now() - 20 * 86_400_000;
    let now = new Date(start);
    const store = await Store.open({ dataDir, now: () => now });
    info('state write per cycle p95 (no /qr request made, 3 new)', await stateWriteP95(store), 'ms');
    const stateSize = async () => (await stat(path.join(dataDir, 'state.json'))).size / 1024;
    const before = await stateSize();
    for (let i = 0; i < 10_000; i++) {
      now = new Date(start + i * 60_000);
      await store.addPaymentRequest({
        code: `QR${String(i).padStart(6, '0')}`,
        accountNumber: '0123456789',
        bank: 'MBBank',
        bin: '970422',
        amount: 250_000,
        note: `ban ${i % 30}`,
        received: 0,
        payments: [],
        status: 'open',
        dest: `telegram:-${i % 20}`,
        messageRef: String(i),
        createdAt: now.toISOString(),
        expiresAt: new Date(now.getTime() + 15 * 60_000).toISOString(),
        revision: 0,
        shown: 0,
      });
      // Every so often what is due expires, its message is edited, and what is done with leaves (as the editor does).
      if (i % 40 === 39) {
        await store.expirePaymentRequests();
        for (const r of store.paymentRequests()) await store.paymentRequestShown(r.code, r.revision);
        now = new Date(now.getTime() + 3 * 3_600_000);
        await store.expirePaymentRequests();
      }
    }
    // Steadier than a time on a busy machine: what they add to each write.
    report('state file growth from 10 000 /qr requests made', (await stateSize()) - before, 'kB', 16);
    report('state write per cycle p95 (10 000 /qr requests made, 3 new)', await stateWriteP95(store), 'ms', 20);
    await store.close();
  });
}
