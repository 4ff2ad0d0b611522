import { afterEach, describe, expect, it } from 'vitest';
import {
  ChatBlockedError,
  ChatMovedError,
  ChatRateLimitError,
  ChatRejectedError,
  ChatTransientError,
  type ChatError,
} from '../../src/core/chat-errors.js';
import type { ChatSender } from '../../src/core/chat-sender.js';
import { Dispatcher } from '../../src/delivery/dispatcher.js';
import { SendBudgets } from '../../src/delivery/send-budgets.js';
import { paymentRequestUpdates } from '../../src/delivery/payment-requests.js';
import type { SendLimit } from '../../src/core/chat-sender.js';
import { err, ok, type Result } from '../../src/core/result.js';
import { silentLogger } from '../../src/log/logger.js';
import type { Transaction } from '../../src/core/model.js';
import { openFileStore } from '../../src/store/files/file-store.js';
import { faultyFs } from '../helpers/faulty-fs.js';
import { tempDir } from '../helpers/temp-dir.js';
import { makeTransaction } from '../../fakes/transactions.js';
import { until } from '../helpers/until.js';
import { makeRequest } from '../store/payment-request-contract.js';

/** A chat platform that answers from a script, then accepts everything; records what it got. */
function scriptedSender(
  script: ((target: string) => ChatError | undefined)[] = [],
  pace: { limits?: SendLimit[]; shared?: SendLimit[] } = {},
) {
  const sent: { target: string; ids: string[]; at: number }[] = [];
  const sender: ChatSender = {
    platform: 'telegram',
    batchSize: (txs) => Math.min(txs.length, 25),
    limits: () => pace.limits ?? [],
    sharedLimits: pace.shared ?? [],
    async send(target: string, txs: readonly Transaction[]): Promise<Result<{ ref: string }, ChatError>> {
      const failure = script.shift()?.(target);
      if (failure) return err(failure);
      sent.push({ target, ids: txs.map((t) => t.providerId), at: Date.now() });
      return ok({ ref: String(sent.length) });
    },
    async post(target, message) {
      const failure = script.shift()?.(target);
      if (failure) return err(failure);
      sent.push({ target, ids: [`post: ${message.map((line) => line.map((span) => span.text).join('')).join(' ')}`], at: Date.now() });
      return ok({ ref: String(sent.length) });
    },
    async editRequest(target, ref, request) {
      const failure = script.shift()?.(target);
      if (failure) return err(failure);
      sent.push({ target, ids: [`edit: ${ref} ${request.status}`], at: Date.now() });
      return ok(undefined);
    },
  };
  return { sender, sent };
}

const running: { stop(): Promise<unknown> }[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((r) => r.stop()));
});

async function setup(sender: ChatSender, targets = ['-100']) {
  const store = await openFileStore({ dataDir: await tempDir() });
  const destinations = targets.map((target) => ({ id: `telegram:${target}`, sender, target }));
  const dispatcher = new Dispatcher({
    budgets: new SendBudgets(),
    store,
    destinations,
    logger: silentLogger,
    updates: [paymentRequestUpdates(store)],
    retry: { attempts: Infinity, baseDelayMs: 10, maxDelayMs: 20 },
    blockedRetryMs: 50,
  });
  dispatcher.start();
  running.push({ stop: () => dispatcher.stop().then(() => store.close()) });
  const add = (...txs: Transaction[]) =>
    store.commit({ transactions: txs.map((tx) => ({ tx, alert: true })), destinations: destinations.map((d) => d.id) });
  return { store, add, dispatcher };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
type OpenedStore = Awaited<ReturnType<typeof setup>>['store'];

describe('Dispatcher', () => {
  it('never sends again an alert the chat took while recording it failed (disk full): records it once the state can be written', async () => {
    const faults = faultyFs();
    const store = await openFileStore({ dataDir: await tempDir(), fs: faults.fs, retryMs: 100 });
    const { sender, sent } = scriptedSender();
    const send = sender.send.bind(sender);
    let armed = true;
    sender.send = async (target, txs, look) => {
      const result = await send(target, txs, look);
      // The chat took it; the write that records it is the next thing on disk, and fails.
      if (armed) faults.failStep(0, 'ENOSPC');
      armed = false;
      return result;
    };
    const dest = { id: 'telegram:-100', sender, target: '-100' };
    const dispatcher = new Dispatcher({ budgets: new SendBudgets(), store, destinations: [dest], logger: silentLogger, retry: { attempts: Infinity, baseDelayMs: 10, maxDelayMs: 20 } });
    dispatcher.start();
    running.push({ stop: () => dispatcher.stop().then(() => store.close()) });
    const tx = makeTransaction();
    await store.commit({ transactions: [{ tx, alert: true }], destinations: [dest.id] });
    await until(() => store.outboxSize === 0 && store.writable, 10_000, 'the alert recorded');
    await sleep(300);
    expect(sent.map((s) => s.ids)).toEqual([[tx.providerId]]);
  });

  it('sends each alert once and forgets it only after the chat took it; what is due together goes together', async () => {
    const { sender, sent } = scriptedSender();
    const { store, add } = await setup(sender);
    const [a, b, c] = [makeTransaction(), makeTransaction(), makeTransaction()];
    await add(a, b);
    await until(() => store.outboxSize === 0);
    await add(c);
    await until(() => store.outboxSize === 0);
    expect(sent.map((s) => s.ids)).toEqual([[a.providerId, b.providerId], [c.providerId]]);
  });

  it('sends at once while the budget lasts, then holds the rest until it has room', async () => {
    // A burst of 3, then one a minute: the old even spacing would have held the second alert.
    const { sender, sent } = scriptedSender([], { limits: [{ kind: 'burst', burst: 3, perSecond: 1 / 60 }] });
    const { store, add } = await setup(sender);
    for (let i = 1; i <= 3; i++) {
      await add(makeTransaction());
      await until(() => sent.length === i, 5000, `message ${i} sent while the budget has room`);
    }
    await add(makeTransaction());
    await sleep(300);
    expect(sent).toHaveLength(3);
    expect(store.outboxSize).toBe(1);
  });

  it('sends a lone alert at once, and once the burst is being spent waits a moment to send the next ones together', async () => {
    // A burst of 3 refilled once a minute; from the second message on, alerts gather for 400 ms.
    const gather = { baseMs: 300, perSpentMs: 100 };
    const { sender, sent } = scriptedSender([], { limits: [{ kind: 'burst', burst: 3, perSecond: 1 / 60, gather }] });
    const { store, add } = await setup(sender);
    const first = makeTransaction();
    const t0 = Date.now();
    await add(first);
    await until(() => sent.length === 1);
    expect(Date.now() - t0).toBeLessThan(300);
    const [a, b] = [makeTransaction(), makeTransaction()];
    await add(a);
    await sleep(150);
    await add(b);
    await until(() => store.outboxSize === 0);
    expect(sent.map((s) => s.ids)).toEqual([[first.providerId], [a.providerId, b.providerId]]);
  });

  it('folds everything that waited for the budget into the next message, each payment once', async () => {
    const { sender, sent } = scriptedSender([], { limits: [{ kind: 'burst', burst: 1, perSecond: 4 }] });
    const { store, add } = await setup(sender);
    const txs = Array.from({ length: 5 }, () => makeTransaction());
    for (const tx of txs) await add(tx);
    await until(() => store.outboxSize === 0);
    expect(sent.length).toBeLessThanOrEqual(3);
    expect(sent.flatMap((s) => s.ids).sort()).toEqual(txs.map((t) => t.providerId).sort());
  });

  it("lets a chat's alert through a bot-wide budget that a burst of service notices to every other chat is spending", async () => {
    // 3 messages a second across the bot; notices leave a third of it to alerts.
    const { sender, sent } = scriptedSender([], { shared: [{ kind: 'window', count: 3, windowMs: 1_000 }] });
    const { store, dispatcher } = await setup(sender, ['-1', '-2', '-3', '-4', '-5', '-6']);
    const notices = ['-1', '-2', '-3', '-4', '-5'].map((target) => dispatcher.post(`telegram:${target}`, [[{ text: `SePay fails ${target}` }]]));
    const tx = makeTransaction();
    await store.commit({ transactions: [{ tx, alert: true }], destinations: ['telegram:-6'] });
    await until(() => store.outboxSize === 0, 10_000, 'the alert sent');
    await Promise.all(notices);
    // Sent among the first 3, in the notices' first second, not after all five of them.
    expect(sent.findIndex((s) => s.ids.includes(tx.providerId))).toBeLessThan(3);
    expect(sent).toHaveLength(6);
  });

  it('shares a bot-wide budget between chats', async () => {
    const { sender, sent } = scriptedSender([], { shared: [{ kind: 'window', count: 2, windowMs: 60_000 }] });
    const { store, add } = await setup(sender, ['-100', '-200', '-300']);
    await add(makeTransaction());
    await until(() => sent.length === 2);
    await sleep(300);
    expect(sent).toHaveLength(2);
    expect(store.outboxSize).toBe(1);
  });

  it('waits out a rate limit and transient failures, then delivers', async () => {
    const { sender, sent } = scriptedSender([
      (t) => new ChatRateLimitError(`telegram:${t}`, 100),
      (t) => new ChatTransientError(`telegram:${t}`, 'socket hang up'),
    ]);
    const { store, add } = await setup(sender);
    const started = Date.now();
    await add(makeTransaction());
    await until(() => store.outboxSize === 0);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.at - started).toBeGreaterThanOrEqual(100);
  });

  it('combines a burst into digests, each payment exactly once', async () => {
    const { sender, sent } = scriptedSender();
    const { store, add } = await setup(sender);
    const txs = Array.from({ length: 60 }, () => makeTransaction());
    await add(...txs);
    await until(() => store.outboxSize === 0);
    expect(sent.length).toBeLessThanOrEqual(3);
    expect(sent.flatMap((s) => s.ids).sort()).toEqual(txs.map((t) => t.providerId).sort());
  });

  it('follows a group that became a supergroup and remembers it', async () => {
    const { sender, sent } = scriptedSender([(t) => new ChatMovedError(`telegram:${t}`, '-100999', 'replace -100 with -100999')]);
    const { store, add } = await setup(sender);
    await add(makeTransaction());
    await until(() => store.outboxSize === 0);
    expect(sent.map((s) => s.target)).toEqual(['-100999']);
    expect(store.movedTo('telegram:-100')).toBe('-100999');
  });

  it('keeps alerts for a chat it cannot post in, and delivers them once it can', async () => {
    const { sender, sent } = scriptedSender([
      (t) => new ChatBlockedError(`telegram:${t}`, 'bot was kicked', 'add the bot back to the group'),
    ]);
    const { store, add } = await setup(sender);
    await add(makeTransaction());
    await until(() => store.pending('telegram:-100')[0]?.lastError === 'bot was kicked');
    expect(sent).toHaveLength(0);
    await until(() => store.outboxSize === 0);
    expect(sent).toHaveLength(1);
  });

  it('moves an alert the chat refuses for good to the dead letters, and delivers the ones behind it', async () => {
    const bad = makeTransaction({ content: 'REFUSED' });
    const refuses = (txs: readonly Transaction[]) => txs.some((tx) => tx.content === 'REFUSED');
    const sent: string[][] = [];
    const sender: ChatSender = {
      platform: 'telegram',
      batchSize: (txs) => txs.length,
      limits: () => [],
      sharedLimits: [],
      post: async () => ok({ ref: 'post' }),
      async send(target, txs) {
        if (refuses(txs)) return err(new ChatRejectedError(`telegram:${target}`, 'Bad Request: message is too long'));
        sent.push(txs.map((t) => t.providerId));
        return ok({ ref: String(sent.length) });
      },
    };
    const { store, add } = await setup(sender);
    const others = [makeTransaction(), makeTransaction(), makeTransaction()];
    // Together, so they first go as a digest, which the chat refuses because of one of them.
    await add(others[0]!, bad, others[1]!, others[2]!);
    await until(() => store.outboxSize === 0);
    expect(sent.flat().sort()).toEqual(others.map((t) => t.providerId).sort());
    expect(store.deadLetters).toEqual([
      expect.objectContaining({ dest: 'telegram:-100', error: 'Bad Request: message is too long', tx: bad }),
    ]);
    // Later alerts are not held back by it.
    const later = makeTransaction();
    await add(later);
    await until(() => sent.flat().includes(later.providerId));
  });
});

describe('Dispatcher: messages that are not alerts', () => {
  const note = (words: string) => [[{ text: words }]];

  it('posts them within the chat’s budget: an alert spent it, the notice waits', async () => {
    const { sender, sent } = scriptedSender([], { limits: [{ kind: 'burst', burst: 2, perSecond: 1 / 60 }] });
    const { add, dispatcher } = await setup(sender);
    expect((await dispatcher.post('telegram:-100', note('first notice'))).ok).toBe(true);
    await add(makeTransaction());
    await until(() => sent.length === 2);
    void dispatcher.post('telegram:-100', note('second notice'));
    await sleep(300);
    expect(sent.map((s) => s.ids[0]?.startsWith('post:'))).toEqual([true, false]);
  });

  it('lets an alert that is due go before a notice waiting for the same room', async () => {
    const { sender, sent } = scriptedSender([], { limits: [{ kind: 'burst', burst: 1, perSecond: 5 }] });
    const { add, dispatcher } = await setup(sender);
    await dispatcher.post('telegram:-100', note('one'));
    const tx = makeTransaction();
    await add(tx);
    const second = dispatcher.post('telegram:-100', note('two'));
    expect((await second).ok).toBe(true);
    expect(sent.map((s) => s.ids[0])).toEqual(['post: one', tx.providerId, 'post: two']);
  });

  it('follows a group that became a supergroup: the notice goes to its new id', async () => {
    const { sender, sent } = scriptedSender([(t) => new ChatMovedError(`telegram:${t}`, '-100999', 'replace -100 with -100999')]);
    const { store, dispatcher } = await setup(sender);
    expect((await dispatcher.post('telegram:-100', note('hello'))).ok).toBe(true);
    expect(sent.map((s) => [s.target, s.ids[0]])).toEqual([['-100999', 'post: hello']]);
    expect(store.movedTo('telegram:-100')).toBe('-100999');
  });

  it('answers with the chat’s error, and refuses a destination it does not know', async () => {
    const { sender } = scriptedSender([(target) => new ChatBlockedError(`telegram:${target}`, 'bot was kicked', 'add it back')]);
    const { dispatcher } = await setup(sender);
    const refused = await dispatcher.post('telegram:-100', note('hello'));
    expect(!refused.ok && refused.error.kind).toBe('blocked');
    const unknown = await dispatcher.post('telegram:-999', note('hello'));
    expect(!unknown.ok && unknown.error.kind).toBe('rejected');
  });
});

describe('Dispatcher: updates owed to messages the bot posted', () => {
  /** A /qr request in `dest` whose photo is message `ref`, and a payment that pays it (its message then owes an edit). */
  async function paidRequest(store: OpenedStore, code: string, dest = 'telegram:-100', ref = '7') {
    const now = Date.now();
    const request = makeRequest({ code, dest, createdAt: new Date(now).toISOString(), expiresAt: new Date(now + 15 * 60_000).toISOString() });
    expect(await store.addPaymentRequest(request)).toBe('added');
    await store.placePaymentRequest(code, ref);
    return makeTransaction({ accountNumber: request.accountNumber, amount: request.amount, content: `${code} ck`, occurredAt: new Date(now).toISOString() });
  }
  const owed = (store: OpenedStore) => store.paymentRequests().filter((r) => r.revision > r.shown).map((r) => r.code);

  it('edits within the chat’s budget, after the alert that is due, and records the edit', async () => {
    const { sender, sent } = scriptedSender([], { limits: [{ kind: 'burst', burst: 1, perSecond: 5 }] });
    const { store, add } = await setup(sender);
    const payment = await paidRequest(store, 'QRPAID01');
    await add(payment);
    await until(() => sent.length === 2 && owed(store).length === 0);
    expect(sent.map((s) => s.ids[0])).toEqual([payment.providerId, 'edit: 7 paid']);
    expect(sent[1]!.at - sent[0]!.at).toBeGreaterThanOrEqual(200);
  });

  it('waits out a rate limit an edit met, and holds the alerts for as long', async () => {
    let limitedAt = 0;
    const { sender, sent } = scriptedSender([
      () => undefined,
      (t) => {
        limitedAt = Date.now();
        return new ChatRateLimitError(`telegram:${t}`, 300);
      },
    ]);
    const { store, add } = await setup(sender);
    await add(await paidRequest(store, 'QRPAID02'));
    await until(() => limitedAt > 0);
    const later = makeTransaction();
    await add(later);
    await until(() => owed(store).length === 0 && store.outboxSize === 0);
    const after = sent.filter((s) => s.at >= limitedAt);
    expect(after.map((s) => s.ids[0])).toEqual([later.providerId, 'edit: 7 paid']);
    for (const s of after) expect(s.at - limitedAt).toBeGreaterThanOrEqual(300);
  });

  it('lets go of an edit the chat refuses for good, and of one owed in a chat no longer configured; the alerts go on', async () => {
    const { sender, sent } = scriptedSender([() => undefined, (t) => new ChatRejectedError(`telegram:${t}`, 'Bad Request: message to edit not found')]);
    const { store, add } = await setup(sender);
    const refused = await paidRequest(store, 'QRPAID03');
    const elsewhere = await paidRequest(store, 'QRPAID04', 'telegram:-999', '8');
    await add(refused, elsewhere);
    await until(() => owed(store).length === 0 && store.outboxSize === 0);
    const later = makeTransaction();
    await add(later);
    await until(() => sent.some((s) => s.ids.includes(later.providerId)));
    expect(sent.flatMap((s) => s.ids).filter((id) => id.startsWith('edit:'))).toEqual([]);
  });
});
