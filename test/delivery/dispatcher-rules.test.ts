import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_RULES } from '../../src/core/chat-rules.js';
import type { AlertLook, ChatSender, TextMessage } from '../../src/core/chat-sender.js';
import type { Transaction } from '../../src/core/model.js';
import { ok } from '../../src/core/result.js';
import { Dispatcher } from '../../src/delivery/dispatcher.js';
import { SendBudgets } from '../../src/delivery/send-budgets.js';
import { silentLogger } from '../../src/log/logger.js';
import { openFileStore } from '../../src/store/files/file-store.js';
import type { MemoryStore } from '../../src/store/memory-store.js';
import { tempDir } from '../helpers/temp-dir.js';
import { makeTransaction } from '../../fakes/transactions.js';
import { until } from '../helpers/until.js';

const DEST = 'telegram:-100';

function recordingSender(now: () => number) {
  const sent: { ids: string[]; at: number; look: AlertLook | undefined }[] = [];
  const sender: ChatSender = {
    platform: 'telegram',
    batchSize: (txs) => txs.length,
    limits: () => [],
    sharedLimits: [],
    async post(_target: string, message: TextMessage) {
      sent.push({ ids: message.map((line) => line.map((span) => span.text).join('')), at: now(), look: undefined });
      return ok({ ref: String(sent.length) });
    },
    async send(_target: string, txs: readonly Transaction[], look?: AlertLook) {
      sent.push({ ids: txs.map((t) => t.providerId), at: now(), look });
      return ok({ ref: String(sent.length) });
    },
  };
  return { sender, sent };
}

const running: { stop(): Promise<unknown> }[] = [];
afterEach(async () => {
  for (const r of running.splice(0)) await r.stop();
});

/** A clock running at real speed from a chosen Vietnam wall-clock time. */
function clockFrom(local: string): () => number {
  const offset = Date.parse(`${local}+07:00`) - Date.now();
  return () => Date.now() + offset;
}

async function openStore(dataDir: string, now: () => number) {
  return openFileStore({ dataDir, now: () => new Date(now()) });
}

function startDispatcher(store: MemoryStore, sender: ChatSender, now: () => number): Dispatcher {
  const dispatcher = new Dispatcher({
    budgets: new SendBudgets(),
    store,
    destinations: [{ id: DEST, sender, target: '-100' }],
    logger: silentLogger,
    now,
    timeZone: 'Asia/Ho_Chi_Minh',
  });
  dispatcher.start();
  return dispatcher;
}

const commit = (store: MemoryStore, ...txs: Transaction[]) =>
  store.commit({ transactions: txs.map((tx) => ({ tx, alert: true })), destinations: [DEST] });

describe('Dispatcher with chat rules', () => {
  it('applies a rule changed after the alert was committed and before it was sent', async () => {
    const now = Date.now;
    const store = await openStore(await tempDir(), now);
    const { sender, sent } = recordingSender(now);
    const small = makeTransaction({ amount: 100_000 });
    const big = makeTransaction({ amount: 900_000 });
    await commit(store, small, big);
    await store.setChatRules(DEST, { ...DEFAULT_RULES, min: 500_000, privacy: true, lang: 'en' });
    const dispatcher = startDispatcher(store, sender, now);
    running.push({ stop: () => dispatcher.stop().then(() => store.close()) });

    await until(() => store.outboxSize === 0);
    expect(sent.map((s) => s.ids)).toEqual([[big.providerId]]);
    expect(sent[0]?.look).toMatchObject({ locale: 'en', privacy: true, ack: true });
  });

  it('sends what quiet hours held as one digest the minute they end, even across a restart', async () => {
    // 06:59:59.3 in Vietnam, quiet hours 22:00–07:00: the window ends 0.7 s from now.
    const now = clockFrom('2025-04-11T06:59:59.300');
    const dataDir = await tempDir();
    const first = await openStore(dataDir, now);
    await first.setChatRules(DEST, { ...DEFAULT_RULES, quiet: { from: 22 * 60, to: 7 * 60 } });
    const before = recordingSender(now);
    const dispatcher = startDispatcher(first, before.sender, now);
    const night = [makeTransaction(), makeTransaction(), makeTransaction()];
    await commit(first, ...night);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(before.sent).toEqual([]);

    // A restart inside the window: the held alerts are still owed, and still held.
    await dispatcher.stop();
    await first.close();
    const second = await openStore(dataDir, now);
    const after = recordingSender(now);
    const restarted = startDispatcher(second, after.sender, now);
    running.push({ stop: () => restarted.stop().then(() => second.close()) });

    await until(() => after.sent.length === 1, 5000, 'the digest at 07:00');
    expect(after.sent[0]?.ids).toEqual(night.map((tx) => tx.providerId));
    expect(after.sent[0]?.at).toBeGreaterThanOrEqual(Date.parse('2025-04-11T07:00:00+07:00'));
    // Forgotten once the chat took them (recorded just after the send).
    await until(() => second.outboxSize === 0, 2000, 'the sent alerts forgotten');
  });

  it('lets turning quiet hours off release held alerts at once', async () => {
    const now = clockFrom('2025-04-10T23:00:00.000');
    const store = await openStore(await tempDir(), now);
    await store.setChatRules(DEST, { ...DEFAULT_RULES, quiet: { from: 22 * 60, to: 7 * 60 } });
    const { sender, sent } = recordingSender(now);
    const dispatcher = startDispatcher(store, sender, now);
    running.push({ stop: () => dispatcher.stop().then(() => store.close()) });
    const tx = makeTransaction();
    await commit(store, tx);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(sent).toEqual([]);

    await store.setChatRules(DEST, DEFAULT_RULES);
    await until(() => sent.length === 1, 2000, 'the released alert');
    expect(sent[0]?.ids).toEqual([tx.providerId]);
  });

  it('holds alerts in quiet hours, but not a notice or summary the chat gets', async () => {
    const now = clockFrom('2025-04-10T23:00:00');
    const store = await openStore(await tempDir(), now);
    await store.setChatRules(DEST, { ...DEFAULT_RULES, quiet: { from: 22 * 60, to: 7 * 60 } });
    const { sender, sent } = recordingSender(now);
    const held = makeTransaction();
    await commit(store, held);
    const dispatcher = startDispatcher(store, sender, now);
    running.push({ stop: () => dispatcher.stop().then(() => store.close()) });

    const posted = await dispatcher.post(DEST, [[{ text: 'Report for 10 Apr 2025' }]]);
    expect(posted.ok).toBe(true);
    expect(sent.map((s) => s.ids)).toEqual([['Report for 10 Apr 2025']]);
    expect(store.pending(DEST)).toHaveLength(1);
  });
});
