import { describe, expect, it, vi } from 'vitest';
import { startFakeCasso } from '../../fakes/casso/server.js';
import { startHarness } from '../helpers/bot-harness.js';
import { closedAfterEach } from '../helpers/closers.js';
import { tempDir } from '../helpers/temp-dir.js';
import { until } from '../helpers/until.js';
import { vn } from '../helpers/vietnam-time.js';

const third = vi.hoisted(() => ({ posted: [] as string[] }));

vi.mock('../../src/chats/index.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/chats/index.js')>();
  const { defineChat } = await import('../../src/core/chat.js');
  const { configPart } = await import('../../src/config/variable.js');
  const { posted } = third;
  const pager = defineChat({
    name: 'pager',
    capabilities: [],
    // No variables of its own: it is always on, with one chat.
    config: configPart({ variables: {}, secrets: [], settings: () => ({ chat: 'p1' }) }),
    describe: () => 'Pager (1 chat)',
    doctor: async () => null,
    connect: async (settings) => ({
      targets: [settings.chat],
      start: async () => ({ port: null }),
      stop: async () => undefined,
      sender: {
        platform: 'pager',
        send: async () => ({ ok: true as const, value: { ref: 'sent' } }),
        post: async (_target: string, message: readonly (readonly { text: string }[])[]) => {
          posted.push(message.map((line) => line.map((span) => span.text).join('')).join('\n'));
          return { ok: true as const, value: { ref: `post-${posted.length}` } };
        },
        batchSize: () => 1,
        limits: () => [],
        sharedLimits: [],
      },
    }),
  });
  return { ...original, CHATS: [...original.CHATS, pager] };
});

/*
 * A chat platform beyond Telegram and Slack, added the way a new chat is: one more entry in the
 * chats' registry. It connects whatever the configuration says and keeps what is posted to it.
 */
const closers = closedAfterEach();

describe('a third chat platform', () => {
  it('gets its daily /summary under its own rules, not the defaults', async () => {
    const casso = await startFakeCasso();
    closers.push(casso);
    casso.addAccount({ accountNumber: '0071000888888', balance: 5_000_000 });
    const clock = { now: vn('2025-04-10 19:00:00').getTime() };
    const h = await startHarness({ dataDir: await tempDir(), casso, notices: { now: () => clock.now, checkMs: 20 } });
    await h.bot.store.setChatRules('pager:p1', { ...h.bot.store.chatRules('pager:p1'), lang: 'en', summary: 20 * 60 });

    clock.now = vn('2025-04-10 20:01:00').getTime();
    await until(() => third.posted.length === 1, 5000, 'the summary');
    // In the chat's /lang, as its /report is answered there.
    expect(third.posted[0]).toMatch(/^Report for /);
  });
});
