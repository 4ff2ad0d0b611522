import { request } from 'undici';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startFakeCasso } from '../../fakes/casso/server.js';
import { freePort } from '../../fakes/free-port.js';
import { startHarness } from '../helpers/bot-harness.js';
import { closedAfterEach } from '../helpers/closers.js';
import { tempDir } from '../helpers/temp-dir.js';
import { until } from '../helpers/until.js';
import { toPlainText } from '../../src/render/plain-text.js';
import { wordsOf } from '../../src/core/command.js';

const closers = closedAfterEach();
afterEach(() => {
  vi.useRealTimers();
});

describe('/check where the chat cannot edit, and in /metrics', () => {
  it('prints the answer anew, naming what it answers, when it changes; /metrics counts checks found, confirmed and missed', async () => {
    const casso = await startFakeCasso();
    closers.push(casso);
    const account = casso.addAccount({ accountNumber: '1111111111' }).id;
    const port = await freePort();
    const h = await startHarness({ dataDir: await tempDir(), casso, env: { HEALTH_PORT: String(port) } });
    await h.bot.pollNow();
    const ask = (args: string) => h.bot.answer({ command: 'check', args, chatId: 'console', allowed: true, platform: 'console' });

    casso.addTransaction(account, { amount: 50_000, description: 'tra truoc' });
    await h.bot.pollNow();
    const found = await ask('50k');
    expect(found.kind).toBe('text');
    expect(toPlainText(wordsOf(found))).toMatch(/^✅ Đã nhận 50\.000 ₫/);

    const confirmed = await ask('200k ban 3');
    const missed = await ask('70k');
    for (const answer of [confirmed, missed]) {
      if (answer.kind !== 'live') throw new Error(`expected an answer edited later, got ${answer.kind}`);
      expect(toPlainText(answer.doc)).toMatch(/^⏳ Chưa thấy/);
      await answer.placed('console');
    }
    casso.addTransaction(account, { amount: 200_000, description: 'KHACH BAN 3 ck' });
    await h.bot.pollNow();
    // The terminal cannot change what it printed: the ✅ comes as a new message that says which check it answers.
    await until(() => h.printed.some((p) => p.includes('✅ Đã nhận 200.000 ₫')), 5000, 'the answer printed anew');
    const printed = h.printed.find((p) => p.includes('✅ Đã nhận 200.000 ₫')) ?? '';
    expect(printed).toMatch(/Từ khoá:\sban 3/);
    expect(printed).toContain('KHACH BAN 3 ck');

    vi.useFakeTimers({ toFake: ['Date'], shouldAdvanceTime: true });
    vi.setSystemTime(Date.now() + 10 * 60_000 + 1_000);
    await until(() => h.printed.some((p) => p.includes('chưa nhận được 70.000 ₫')), 5000, 'the ❌ printed');

    // Counted once the answer's ending is recorded, just after it is printed.
    let metrics = '';
    for (let tries = 0; tries < 100 && !metrics.includes('outcome="missed"} 1'); tries++) {
      metrics = await (await request(`http://127.0.0.1:${port}/metrics`)).body.text();
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(metrics).toContain('bankbell_checks_total{outcome="found"} 1');
    expect(metrics).toContain('bankbell_checks_total{outcome="confirmed"} 1');
    expect(metrics).toContain('bankbell_checks_total{outcome="missed"} 1');
  });
});
