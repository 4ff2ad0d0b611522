import { afterEach, describe, expect, it } from 'vitest';
import { createConsoleSender } from '../../src/chats/index.js';
import { Dispatcher } from '../../src/delivery/dispatcher.js';
import { SendBudgets } from '../../src/delivery/send-budgets.js';
import { silentLogger } from '../../src/log/logger.js';
import { Notifier } from '../../src/notices/notifier.js';
import { openFileStore } from '../../src/store/files/file-store.js';
import { faultyFs } from '../helpers/faulty-fs.js';
import { tempDir } from '../helpers/temp-dir.js';
import { makeTransaction } from '../../fakes/transactions.js';
import { until } from '../helpers/until.js';
import { renderContext } from '../helpers/render-context.js';

const stops: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
});

describe('a state that cannot be written, told to the chats', () => {
  it('tells once that alerts are held, and once that they go out again, while the payment waits', async () => {
    const faults = faultyFs();
    const store = await openFileStore({ dataDir: await tempDir(), fs: faults.fs, retryMs: 20 });
    const printed: string[] = [];
    const sender = createConsoleSender(renderContext('en'), (text) => printed.push(text));
    const dispatcher = new Dispatcher({ budgets: new SendBudgets(), store, destinations: [{ id: 'console', sender, target: 'console' }], logger: silentLogger });
    const clock = { now: Date.now() };
    const notifier = new Notifier({
      destinations: ['console'],
      providers: [],
      rules: (dest) => store.chatRules(dest),
      render: renderContext('en'),
      post: (dest, message) => dispatcher.post(dest, message),
      writable: () => store.writable,
      told: store,
      logger: silentLogger,
      now: () => clock.now,
      checkMs: 10,
    });
    dispatcher.start();
    notifier.start();
    stops.push(async () => {
      notifier.stop();
      await dispatcher.stop();
      await store.close();
    });

    // The disk fills up while a payment is being stored: it is refused, to be stored at the next poll.
    faults.failStep(0, 'ENOSPC');
    const tx = makeTransaction({ content: 'HELD DH5' });
    await expect(store.commit({ transactions: [{ tx, alert: true }], destinations: ['console'] })).rejects.toThrow(/ENOSPC/);
    faults.failStep(0, 'ENOSPC'); // the store's own retry fails too
    await until(() => printed.length === 1, 5000, 'the notice');
    expect(printed[0]).toContain('The bot cannot save its state');
    expect(printed[0]).toContain('Alerts are held, not lost');

    faults.heal();
    clock.now += 11 * 60_000;
    await until(() => store.writable, 5000, 'the state writable again');
    await store.commit({ transactions: [{ tx, alert: true }], destinations: ['console'] });
    await until(() => printed.length === 3, 5000, 'the alert and the end of the problem');
    expect(printed.filter((p) => p.includes('HELD DH5'))).toHaveLength(1);
    expect(printed.filter((p) => p.includes('can save its state again'))).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(printed).toHaveLength(3);
  });
});
