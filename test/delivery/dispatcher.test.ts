import { afterEach, describe, expect, it } from 'vitest';
import {
  ChatBlockedError,
  ChatMigratedError,
  ChatRateLimitError,
  ChatRejectedError,
  ChatTransientError,
  type ChatError,
} from '../../src/core/chat-errors.js';
import type { ChatSender } from '../../src/core/chat-sender.js';
import { Dispatcher } from '../../src/delivery/dispatcher.js';
import type { SendLimit } from '../../src/core/chat-sender.js';
import { err, ok, type Result } from '../../src/core/result.js';
import { silentLogger } from '../../src/log/logger.js';
import type { Transaction } from '../../src/core/model.js';
import { Store } from '../../src/store/store.js';
import { tempDir } from '../helpers/temp-dir.js';
import { makeTransaction } from '../../fakes/transactions.js';
import { until } from '../helpers/until.js';

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
  };
  return { sender, sent };
}

const running: { stop(): Promise<unknown> }[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((r) => r.stop()));
});

async function setup(sender: ChatSender, targets = ['-100']) {
  const store = await Store.open({ dataDir: await tempDir() });
  const destinations = targets.map((target) => ({ id: `telegram:${target}`, sender, target }));
  const dispatcher = new Dispatcher({
    store,
    destinations,
    logger: silentLogger,
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

describe('Dispatcher', () => {
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

  it('folds everything that waited for the budget into the next message, each payment once', async () => {
    const { sender, sent } = scriptedSender([], { limits: [{ kind: 'burst', burst: 1, perSecond: 4 }] });
    const { store, add } = await setup(sender);
    const txs = Array.from({ length: 5 }, () => makeTransaction());
    for (const tx of txs) await add(tx);
    await until(() => store.outboxSize === 0);
    expect(sent.length).toBeLessThanOrEqual(3);
    expect(sent.flatMap((s) => s.ids).sort()).toEqual(txs.map((t) => t.providerId).sort());
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
    const { sender, sent } = scriptedSender([(t) => new ChatMigratedError(`telegram:${t}`, '-100999')]);
    const { store, add } = await setup(sender);
    await add(makeTransaction());
    await until(() => store.outboxSize === 0);
    expect(sent.map((s) => s.target)).toEqual(['-100999']);
    expect(store.chatMigration('-100')).toBe('-100999');
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

  it('answers with the chat’s error, and refuses a destination it does not know', async () => {
    const { sender } = scriptedSender([(target) => new ChatBlockedError(`telegram:${target}`, 'bot was kicked', 'add it back')]);
    const { dispatcher } = await setup(sender);
    const refused = await dispatcher.post('telegram:-100', note('hello'));
    expect(!refused.ok && refused.error.kind).toBe('blocked');
    const unknown = await dispatcher.post('telegram:-999', note('hello'));
    expect(!unknown.ok && unknown.error.kind).toBe('rejected');
  });
});
