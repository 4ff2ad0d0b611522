import { afterEach, describe, expect, it } from 'vitest';
import { startFakeCasso, type FakeCasso } from '../../fakes/casso/server.js';
import { startFakeSepay, type FakeSepay } from '../../fakes/sepay/v1.js';
import { startHarness } from '../helpers/bot-harness.js';
import { tempDir } from '../helpers/temp-dir.js';
import { until } from '../helpers/until.js';

const DAY = 86_400_000;
const fakes: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(fakes.splice(0).map((f) => f.close()));
});

async function providers(): Promise<{ casso: FakeCasso; sepay: FakeSepay; cassoAccount: number }> {
  const casso = await startFakeCasso();
  const sepay = await startFakeSepay();
  fakes.push(casso, sepay);
  const cassoAccount = casso.addAccount({ accountNumber: '1111111111', balance: 5_000_000 }).id;
  sepay.addBankAccount({ accountNumber: '2222222222', accumulated: 7_000_000 });
  return { casso, sepay, cassoAccount };
}

describe('polling and delivery', () => {
  it('records what exists on first start without alerting it, and makes 30 days searchable', async () => {
    const { casso, sepay, cassoAccount } = await providers();
    const now = Date.now();
    casso.addTransaction(cassoAccount, { amount: 100_000, description: 'OLD-CASSO-TODAY' });
    casso.addTransaction(cassoAccount, { amount: 200_000, description: 'OLD-CASSO-10D', when: new Date(now - 10 * DAY) });
    casso.addTransaction(cassoAccount, { amount: 300_000, description: 'OLD-CASSO-40D', when: new Date(now - 40 * DAY) });
    sepay.addTransaction({ accountNumber: '2222222222', amountIn: 400_000, content: 'OLD-SEPAY-TODAY' });
    sepay.addTransaction({ accountNumber: '2222222222', amountIn: 500_000, content: 'OLD-SEPAY-20D', date: new Date(now - 20 * DAY) });

    const h = await startHarness({ dataDir: await tempDir(), casso, sepay });
    await h.bot.pollNow();
    await h.bot.pollNow();

    expect(h.printed).toEqual([]);
    expect(h.bot.store.outboxSize).toBe(0);
    const contents = [...h.bot.store.transactions()].map((tx) => tx.content).sort();
    expect(contents).toEqual(['OLD-CASSO-10D', 'OLD-CASSO-TODAY', 'OLD-SEPAY-20D', 'OLD-SEPAY-TODAY']);
  });

  it('alerts each new incoming payment exactly once and never an outgoing one', async () => {
    const { casso, sepay, cassoAccount } = await providers();
    const h = await startHarness({ dataDir: await tempDir(), casso, sepay });
    await h.bot.pollNow();

    casso.addTransaction(cassoAccount, { amount: 18_067_000, description: 'NEW-CASSO-IN' });
    casso.addTransaction(cassoAccount, { amount: -50_000, description: 'NEW-CASSO-OUT' });
    sepay.addTransaction({ accountNumber: '2222222222', amountIn: 250_000, content: 'NEW-SEPAY-IN' });
    sepay.addTransaction({ accountNumber: '2222222222', amountOut: 70_000, content: 'NEW-SEPAY-OUT' });
    await h.bot.pollNow();
    await h.bot.pollNow();
    await until(() => h.bot.store.outboxSize === 0);

    expect(h.alertsMentioning('NEW-CASSO-IN')).toBe(1);
    expect(h.alertsMentioning('NEW-SEPAY-IN')).toBe(1);
    expect(h.alertsMentioning('NEW-CASSO-OUT')).toBe(0);
    expect(h.alertsMentioning('NEW-SEPAY-OUT')).toBe(0);
    expect(h.printed.join('\n')).toContain('18.067.000 ₫');
    // Outgoing money is still searchable.
    expect([...h.bot.store.transactions()].some((tx) => tx.content === 'NEW-SEPAY-OUT')).toBe(true);
  });

  it('costs one request per idle cycle: one for SePay, one per Casso account', async () => {
    const { casso, sepay, cassoAccount } = await providers();
    for (let i = 0; i < 120; i++) casso.addTransaction(cassoAccount, { amount: 1000 + i, description: `BULK-${i}` });
    const h = await startHarness({ dataDir: await tempDir(), casso, sepay });
    await h.bot.pollNow();
    await h.bot.pollNow(); // first full read after the baseline
    const before = { casso: casso.requests.length, sepay: sepay.requests.length };
    await h.bot.pollNow();
    expect(sepay.requests.length - before.sepay).toBe(1);
    expect(casso.requests.length - before.casso).toBe(1);
  });

  it('alerts what arrived while it was down, once, after a restart', async () => {
    const { casso, sepay, cassoAccount } = await providers();
    const dataDir = await tempDir();
    const first = await startHarness({ dataDir, casso, sepay });
    await first.bot.pollNow();
    casso.addTransaction(cassoAccount, { amount: 10_000, description: 'BEFORE-STOP' });
    await first.bot.pollNow();
    await until(() => first.bot.store.outboxSize === 0);
    await first.stop();

    casso.addTransaction(cassoAccount, { amount: 20_000, description: 'WHILE-DOWN-CASSO' });
    sepay.addTransaction({ accountNumber: '2222222222', amountIn: 30_000, content: 'WHILE-DOWN-SEPAY' });

    const second = await startHarness({ dataDir, casso, sepay });
    await second.bot.pollNow();
    await until(() => second.bot.store.outboxSize === 0);
    expect(first.alertsMentioning('BEFORE-STOP')).toBe(1);
    expect(second.alertsMentioning('BEFORE-STOP')).toBe(0);
    expect(second.alertsMentioning('WHILE-DOWN-CASSO')).toBe(1);
    expect(second.alertsMentioning('WHILE-DOWN-SEPAY')).toBe(1);
  });

  it('catches a Casso transaction that shows up late with an older date', async () => {
    const { casso, sepay, cassoAccount } = await providers();
    const h = await startHarness({ dataDir: await tempDir(), casso, sepay });
    await h.bot.pollNow();
    casso.addTransaction(cassoAccount, { amount: 30_000, description: 'ON-TIME' });
    await h.bot.pollNow();
    casso.addTransaction(cassoAccount, { amount: 40_000, description: 'LATE-BACKDATED', when: new Date(Date.now() - 2 * DAY) });
    await h.bot.pollNow();
    await h.bot.pollNow();
    await until(() => h.bot.store.outboxSize === 0);
    expect(h.alertsMentioning('ON-TIME')).toBe(1);
    expect(h.alertsMentioning('LATE-BACKDATED')).toBe(1);
  });

  it('rides out 500s, HTML pages, wrong shapes and 429s without losing or repeating an alert', async () => {
    const { casso, sepay, cassoAccount } = await providers();
    const h = await startHarness({ dataDir: await tempDir(), casso, sepay });
    await h.bot.pollNow();

    casso.addTransaction(cassoAccount, { amount: 11_000, description: 'FAULT-CASSO' });
    sepay.addTransaction({ accountNumber: '2222222222', amountIn: 12_000, content: 'FAULT-SEPAY' });
    const html = { status: 200, body: '<html><body>502 Bad Gateway</body></html>' };
    const wrongShape = { status: 200, body: { error: 0, message: 'success', data: { records: 'nope' } } };
    casso.injectFaults(wrongShape);
    sepay.injectFaults(html);
    await h.bot.pollNow();
    expect(h.printed).toEqual([]);
    expect(h.logs.some((l) => l.includes('poll.failed') && l.includes('provider=casso') && l.includes('status=200'))).toBe(true);

    casso.injectFaults(...Array.from({ length: 4 }, () => ({ status: 500, body: { error: 500, message: 'boom' } })));
    sepay.injectFaults({ status: 429, body: '', headers: { 'x-sepay-userapi-retry-after': '1' } });
    await h.bot.pollNow();
    await h.bot.pollNow();
    await until(() => h.bot.store.outboxSize === 0 && h.printed.length === 2);
    expect(h.alertsMentioning('FAULT-CASSO')).toBe(1);
    expect(h.alertsMentioning('FAULT-SEPAY')).toBe(1);
  });

  it('alerts 250 new payments on one account in one cycle, each exactly once', async () => {
    const { casso, sepay, cassoAccount } = await providers();
    const h = await startHarness({ dataDir: await tempDir(), casso, sepay });
    await h.bot.pollNow();
    const codes = Array.from({ length: 250 }, (_, i) => `ORDER-${String(i).padStart(4, '0')}-X`);
    for (const code of codes) casso.addTransaction(cassoAccount, { amount: 1_000, description: code });
    await h.bot.pollNow();
    await until(() => h.bot.store.outboxSize === 0, 10_000);
    for (const code of codes) expect(h.alertsMentioning(code)).toBe(1);
    // A burst goes out as digests, not 250 messages.
    expect(h.printed.length).toBeLessThan(20);
  });
});
